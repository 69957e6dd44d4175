package dev.paddock.server.admin;

import dev.paddock.core.QuorumFigures;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.server.EnsembleConfig;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.fourlw.ServerFigures;
import dev.paddock.server.http.HttpCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import static dev.paddock.server.admin.AdminCommand.anytime;
import static dev.paddock.server.admin.AdminCommand.get;

/**
 * The admin commands about the ensemble: leader, observers, observer_connection_stat_reset, voting_view and
 * zabstate. A standalone server answers them as ZooKeeper's standalone server does (no leader, empty views).
 */
final class EnsembleCommands {
    private final ServerFigures figures;
    private final ServerConfig config;

    EnsembleCommands(ServerFigures figures) {
        this.figures = figures;
        this.config = figures.view().config();
    }

    List<AdminCommand> commands() {
        return List.of(
                get(this::leader, "leader", "lead"),
                // Paddock keeps no per-observer connection statistics: nothing to reset
                get((n, c) -> AdminAnswer.of(n).done(), "observer_connection_stat_reset", "orst"),
                get(this::observers, "observers", "obsr"),
                get(this::votingView, "voting_view"),
                anytime(this::zabState, "zabstate"));
    }

    /** The member's quorum figures, read on the core thread; null on a standalone server or when not serving. */
    private CompletableFuture<QuorumFigures> quorum() {
        if (!config.isEnsemble() || !figures.running()) {
            return CompletableFuture.completedFuture(null);
        }
        return figures.view().core().query(q -> q.quorumFigures()).exceptionally(t -> null);
    }

    /** The configuration in force on this member (it changes with reconfigurations), else the one it started with. */
    private QuorumConfig inForce(QuorumFigures q) {
        return config.ensemble().inForce(q == null ? null : q.membership());
    }

    private CompletableFuture<AdminAnswer> leader(String name, HttpCall call) {
        return quorum().thenApply(q -> {
            if (q == null) {
                return AdminAnswer.of(name).put("error", "server is not initialized");
            }
            long leaderId = q.leading() ? config.ensemble().myId() : q.observerMasterId();
            QuorumServerSpec leader = inForce(q).servers().get(leaderId);
            String ip = leader == null ? "" : leader.addresses().stream().map(QuorumServerSpec.Address::host)
                    .collect(Collectors.joining("|"));
            return AdminAnswer.of(name).put("is_leader", q.leading()).put("leader_id", leaderId).put("leader_ip", ip);
        });
    }

    /** The leader counts its synced observers; Paddock does not list them one by one. */
    private CompletableFuture<AdminAnswer> observers(String name, HttpCall call) {
        return quorum().thenApply(q -> AdminAnswer.of(name)
                .put("synced_observers", q != null && q.leading() ? q.syncedObservers() : 0)
                .put("observers", List.of()));
    }

    private CompletableFuture<AdminAnswer> votingView(String name, HttpCall call) {
        return quorum().thenApply(q -> {
            Map<String, Object> view = new LinkedHashMap<>();
            if (q != null) {
                QuorumConfig c = inForce(q);
                for (long sid : c.voters()) {
                    QuorumServerSpec s = c.servers().get(sid);
                    view.put(Long.toString(s.id()), serverView(s, s.id() == config.ensemble().myId() ? myClientAddress()
                            : null));
                }
            }
            return AdminAnswer.of(name).put("current_config", view);
        });
    }

    /** This member's client address as ZooKeeper's peer knows it: clientPortAddress (or any) and the bound port. */
    private String myClientAddress() {
        String host = config.clientPortAddress() == null ? "0.0.0.0" : config.clientPortAddress();
        return bracketed(host) + ":" + figures.view().boundPort();
    }

    /** A voter as voting_view shows it; ZooKeeper fills in the client address of its own line. */
    private static Map<String, Object> serverView(QuorumServerSpec s, String ownClientAddress) {
        List<String> quorum = new ArrayList<>();
        List<String> election = new ArrayList<>();
        for (QuorumServerSpec.Address a : s.addresses()) {
            quorum.add(a.quorumHostPort());
            election.add(a.electionHostPort());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("server_addresses", quorum);
        m.put("election_addresses", election);
        String client = s.clientPort() < 0 ? ""
                : bracketed(s.clientAddress() == null ? "0.0.0.0" : s.clientAddress()) + ":" + s.clientPort();
        m.put("client_address", client.isEmpty() && ownClientAddress != null ? ownClientAddress : client);
        m.put("learner_type", s.isObserver() ? "observer" : "participant");
        return m;
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /**
     * The member's Zab phase (election, discovery, synchronization, broadcast) and addresses; a standalone server,
     * or a member that does not serve, has none: voting false and an empty phase.
     */
    private CompletableFuture<AdminAnswer> zabState(String name, HttpCall call) {
        if (!config.isEnsemble() || !figures.running()) {
            return AdminAnswer.of(name).put("voting", false).put("zabstate", "").done();
        }
        return figures.view().core().query(c -> {
            QuorumFigures q = c.quorumFigures();
            long zxid = c.lastProcessedZxid();
            EnsembleConfig e = config.ensemble();
            QuorumServerSpec self = inForce(q).servers().getOrDefault(e.myId(), e.self());
            AdminAnswer a = AdminAnswer.of(name).put("myid", e.myId()).put("is_leader", q != null && q.leading());
            a.put("quorum_address", self == null ? null : addresses(self, true));
            a.put("election_address", self == null ? null : addresses(self, false));
            a.put("client_address", myClientAddress());
            a.put("voting", self != null && !self.isObserver());
            a.put("last_zxid", "0x" + Long.toHexString(zxid));
            a.put("zab_epoch", zxid >>> 32);
            a.put("zab_counter", zxid & 0xffffffffL);
            a.put("zabstate", zabPhase(q == null ? "" : q.peerState()));
            return a;
        }).exceptionally(t -> ServerCommands.notServing(name));
    }

    /**
     * A member's quorum or election addresses as Jackson writes ZooKeeper's MultipleAddresses bean (its properties in
     * the order one 3.9.3 capture showed). Paddock does not probe reachability: every address counts as reachable.
     */
    private static Map<String, Object> addresses(QuorumServerSpec s, boolean quorum) {
        List<String> all = new ArrayList<>();
        List<String> wildcard = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (QuorumServerSpec.Address a : s.addresses()) {
            int port = quorum ? a.quorumPort() : a.electionPort();
            all.add(quorum ? a.quorumHostPort() : a.electionHostPort());
            wildcard.add("0.0.0.0:" + port);
            ports.add(port);
            hosts.add(a.host());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("empty", all.isEmpty());
        m.put("all_addresses", all);
        m.put("wildcard_addresses", wildcard);
        m.put("all_ports", ports);
        m.put("all_host_strings", hosts);
        m.put("reachable_address", all.get(0));
        m.put("all_reachable_addresses", all);
        m.put("all_reachable_addresses_or_all", all);
        m.put("reachable_or_one", all.get(0));
        m.put("one", all.get(0));
        return m;
    }

    /** "following - broadcast - ..." → "broadcast"; a peer state without a Zab part is electing. */
    static String zabPhase(String peerState) {
        String[] parts = peerState.split(" - ");
        return parts.length > 1 ? parts[1] : "election";
    }
}
