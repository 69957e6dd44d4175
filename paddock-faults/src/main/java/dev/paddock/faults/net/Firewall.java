package dev.paddock.faults.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Network faults of one {@link Sandbox}, as iptables rules inside the server namespaces only (the root
 * namespace's tables are never touched). Every rule sits in a chain {@value #CHAIN} that the namespace's INPUT
 * chain jumps to, so {@link #healAll()} is a flush of that chain.
 *
 * <p>Rules drop on INPUT only: a packet the receiver drops looks to the sender like a lost packet (its TCP
 * retransmits and times out), as in a real partition. A DROP on OUTPUT would instead fail the sender's write at
 * once with EPERM, which no network does.
 *
 * <p>Client traffic comes from the root namespace (source {@link Sandbox#bridgeAddress()}) and is never matched by
 * the peer rules; only {@link #isolateFromClients(int)} cuts it.
 */
public final class Firewall {
    private static final Logger LOG = LoggerFactory.getLogger(Firewall.class);
    public static final String CHAIN = "PADDOCK";
    public static final int CLIENT_PORT = 2181;
    public static final int QUORUM_PORT = 2888;
    public static final int ELECTION_PORT = 3888;

    private final Sandbox sandbox;
    private final Set<Integer> chained = ConcurrentHashMap.newKeySet();
    private final Set<Integer> clientIsolated = ConcurrentHashMap.newKeySet();

    Firewall(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Servers in different groups cannot exchange packets ({@code scope}: all of them, or only quorum and
     * election traffic). Servers in no group are not affected. Adds to rules already in place.
     */
    public synchronized void partition(List<Set<Integer>> groups, Scope scope) {
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < groups.size(); j++) {
                if (i == j) {
                    continue;
                }
                for (int a : groups.get(i)) {
                    for (int b : groups.get(j)) {
                        if (a == b) {
                            throw new IllegalArgumentException("server " + a + " is in two groups: " + groups);
                        }
                        drop(b, a, scope, List.of());
                    }
                }
            }
        }
        LOG.info("{}: partition {} ({})", sandbox.name(), groups, scope);
    }

    /** Packets from {@code from} to {@code to} are dropped; those from {@code to} to {@code from} pass. */
    public synchronized void dropOneWay(int from, int to, Scope scope) {
        if (from == to) {
            throw new IllegalArgumentException("from and to are the same server " + from);
        }
        drop(from, to, scope, List.of());
        LOG.info("{}: drop {} -> {} ({})", sandbox.name(), from, to, scope);
    }

    /** Each packet reaching {@code server} from another server is dropped with {@code probability}. */
    public synchronized void loss(int server, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in (0, 1], not " + probability);
        }
        List<String> random = List.of("-m", "statistic", "--mode", "random", "--probability",
                String.format(Locale.ROOT, "%.4f", probability));
        for (int peer = 1; peer <= sandbox.size(); peer++) {
            if (peer != server) {
                drop(peer, server, Scope.ALL, random);
            }
        }
        LOG.info("{}: loss {} of peer packets into {}", sandbox.name(), probability, server);
    }

    /** Client connections (from the root namespace to the client port) to {@code server} are dropped. */
    public synchronized void isolateFromClients(int server) {
        add(server, List.of("-s", sandbox.bridgeAddress(), "-p", "tcp", "--dport", Integer.toString(CLIENT_PORT),
                "-j", "DROP"));
        clientIsolated.add(server);
        LOG.info("{}: clients cut off from {}", sandbox.name(), server);
    }

    /**
     * True while {@link #isolateFromClients} holds for {@code server}: the root namespace cannot ask it anything
     * (four-letter words included), so monitoring must not expect an answer.
     */
    public boolean isClientIsolated(int server) {
        return clientIsolated.contains(server);
    }

    /** Removes every rule this firewall added, in every namespace. */
    public synchronized void healAll() {
        for (int n : chained) {
            iptables(n, "-F", CHAIN);
        }
        clientIsolated.clear();
        LOG.info("{}: healed", sandbox.name());
    }

    /** The rules now in server {@code n}'s chain, as {@code iptables -S} prints them (empty if none). */
    public synchronized List<String> rules(int n) {
        if (!chained.contains(n)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String line : iptables(n, "-S", CHAIN).lines().toList()) {
            if (line.startsWith("-A ")) {
                out.add(line);
            }
        }
        return out;
    }

    /** Adds to {@code to}'s chain: drop what comes from {@code from} (in {@code scope}, with {@code extra}). */
    private void drop(int from, int to, Scope scope, List<String> extra) {
        List<String> rule = new ArrayList<>(List.of("-s", sandbox.address(from)));
        if (scope == Scope.QUORUM_ONLY) {
            rule.addAll(List.of("-p", "tcp", "-m", "multiport", "--ports", QUORUM_PORT + "," + ELECTION_PORT));
        }
        rule.addAll(extra);
        rule.addAll(List.of("-j", "DROP"));
        add(to, rule);
    }

    private void add(int n, List<String> rule) {
        ensureChain(n);
        List<String> args = new ArrayList<>(List.of("-A", CHAIN));
        args.addAll(rule);
        iptables(n, args.toArray(new String[0]));
    }

    private void ensureChain(int n) {
        if (chained.contains(n)) {
            return;
        }
        iptables(n, "-N", CHAIN);
        iptables(n, "-I", "INPUT", "-j", CHAIN);
        chained.add(n);
    }

    private String iptables(int n, String... args) {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5"));
        cmd.addAll(List.of(args));
        return sandbox.run(n, cmd.toArray(new String[0]));
    }
}
