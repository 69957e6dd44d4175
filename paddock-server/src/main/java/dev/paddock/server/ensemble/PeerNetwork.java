package dev.paddock.server.ensemble;

import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.node.NodeOutput;
import dev.paddock.quorum.zab.PacketType;
import dev.paddock.server.EnsembleConfig;
import dev.paddock.server.core.CoreDriver;
import dev.paddock.server.faults.FaultControl;
import dev.paddock.server.faults.QuorumSendDelay;
import dev.paddock.server.quorum.ElectionOptions;
import dev.paddock.server.quorum.ElectionTransport;
import dev.paddock.server.quorum.LeaderConnector;
import dev.paddock.server.quorum.LearnerAcceptor;
import dev.paddock.server.quorum.QuorumConnection;
import dev.paddock.server.quorum.QuorumEvent;
import dev.paddock.server.quorum.QuorumSecurity;
import dev.paddock.server.quorum.QuorumTransportSettings;
import dev.paddock.server.quorum.SendQueueMeter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's two ports: the election port (always open) and the quorum port (the leader listens for learners
 * while it leads; a learner dials its leader). Transport events are posted to the core thread, where they reach
 * the {@link EnsemblePeer}; everything else here is called on the core thread too, so the connection table needs
 * no locks. Events of a connection that is no longer the current one for its sid are dropped.
 */
final class PeerNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
    /** How long a disconnect waits for its queued packets to be taken by the peer's socket before closing anyway. */
    static final long DISCONNECT_FLUSH_MS = 1_000;

    private final EnsembleConfig ensemble;
    private final QuorumTransportSettings quorumSettings;
    private final QuorumSecurity security;
    private CoreDriver driver;
    /** Every server's line as the configuration in force gives it (core thread only). */
    private final Map<Long, QuorumServerSpec> members = new HashMap<>();
    private ElectionTransport election;
    private LearnerAcceptor acceptor;
    private LeaderConnector connector;
    /** The live quorum connection per peer sid (core thread only). */
    private final Map<Long, QuorumConnection> connections = new HashMap<>();
    /** Where the leader's connections report their send queues (core thread only). */
    private SendQueueMeter sendQueueMeter = SendQueueMeter.NONE;

    /** @param faults test-only fault hooks (null: none); they hold quorum-port packets, not election messages */
    PeerNetwork(EnsembleConfig ensemble, int tickTimeMs, FaultControl faults) {
        this(ensemble, tickTimeMs, faults, QuorumSecurity.NONE);
    }

    /** @param security what the election and quorum ports' connections must pass (quorum SASL) */
    PeerNetwork(EnsembleConfig ensemble, int tickTimeMs, FaultControl faults, QuorumSecurity security) {
        this.ensemble = ensemble;
        this.security = security;
        this.members.putAll(ensemble.servers());
        this.quorumSettings = QuorumTransportSettings.zooKeeper(tickTimeMs, ensemble.initLimit(), 0)
                .withSendDelay(faults == null ? null : new QuorumSendDelay(faults));
    }

    /**
     * A new configuration is in force: members' addresses as it gives them (new members are dialled when the node
     * first sends to them; the leader is looked up here).
     */
    void membersChanged(QuorumConfig config) {
        if (election != null) {
            election.setVoterHosts(voterHosts(config.servers()));
        }
        config.servers().forEach((sid, spec) -> {
            members.put(sid, spec);
            if (sid != ensemble.myId() && election != null) {
                election.setPeerAddresses(sid, spec.addresses().stream()
                        .map(a -> InetSocketAddress.createUnresolved(a.host(), a.electionPort())).toList());
            }
        });
    }

    /** Opens the election port and dials every peer's; events go to {@code driver}'s core thread. */
    void start(CoreDriver driver, int tickTimeMs) throws IOException {
        this.driver = driver;
        election = ElectionTransport.start(ElectionOptions.forEnsemble(ensemble, tickTimeMs), security,
                (from, payload) -> EnsemblePeer.post(driver, "election message",
                        (peer, now) -> peer.electionMessage(from, payload, now)));
        election.setVoterHosts(voterHosts(members));
        election.connectAll();
    }

    /**
     * The voters' hosts, as a dialled election connection authenticates to them (ZooKeeper: the voting view's
     * hostname, that of the last address of a server.N line).
     */
    static Map<Long, String> voterHosts(Map<Long, QuorumServerSpec> servers) {
        Map<Long, String> hosts = new HashMap<>();
        servers.forEach((sid, spec) -> {
            if (!spec.isObserver()) {
                hosts.put(sid, hostOf(spec));
            }
        });
        return hosts;
    }

    static String hostOf(QuorumServerSpec spec) {
        return spec.addresses().get(spec.addresses().size() - 1).host();
    }

    int electionPort() {
        return election.localAddress().getPort();
    }

    // ---------------------------------------------------------------- core thread

    void sendElection(long sid, byte[] bytes) {
        election.send(sid, bytes);
    }

    void sendQuorum(long sid, QuorumPacket p) {
        QuorumConnection c = connections.get(sid);
        if (c == null || !c.send(p)) {
            LOG.debug("No quorum connection to {}; {} dropped", sid, PacketType.name(p.type()));
        }
    }

    /** The leader's learner connections report their send queues to {@code meter} from their next connection on. */
    void measureSendQueues(SendQueueMeter meter) {
        this.sendQueueMeter = meter;
    }

    /**
     * Ends the connection to {@code sid} after the packets the node queued before deciding so (a leader leaving in
     * a reconfiguration has just queued the commit that activates the new configuration).
     */
    void disconnect(long sid, String reason) {
        QuorumConnection c = connections.remove(sid);
        if (c != null) {
            c.closeAfterQueued(reason, DISCONNECT_FLUSH_MS);
        }
    }

    void roleChanged(NodeOutput.Role role, long leaderSid) {
        if (role == NodeOutput.Role.LEADING && acceptor == null) {
            try {
                acceptor = LearnerAcceptor.start(quorumBindAddresses(), quorumSettings, security,
                        this::leaderSideEvent);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (role != NodeOutput.Role.LEADING && acceptor != null) {
            acceptor.close();
            acceptor = null;
        }
        if (role == NodeOutput.Role.LOOKING) {
            closeConnector();
            connections.values().forEach(c -> c.close("back to leader election"));
            connections.clear();
        }
    }

    void connectToLeader(long leaderSid) {
        closeConnector();
        QuorumServerSpec leader = members.get(leaderSid);
        if (leader == null) {
            LOG.warn("Leader {} is not in the configuration; cannot follow it", leaderSid);
            EnsemblePeer.post(driver, "unknown leader", (peer, now) -> peer.quorumDisconnected(leaderSid, now));
            return;
        }
        List<InetSocketAddress> addresses = leader.addresses().stream()
                .map(a -> new InetSocketAddress(a.host(), a.quorumPort())).toList();
        LeaderConnector c = LeaderConnector.dial(leaderSid, addresses, quorumSettings, security, hostOf(leader),
                LeaderConnector.RAW_SNAPSHOT, e -> learnerSideEvent(leaderSid, e));
        connector = c;
    }

    private void closeConnector() {
        if (connector != null) {
            LeaderConnector c = connector;
            connector = null;
            connections.remove(c.leaderSid());
            Thread t = new Thread(c::close, "paddock-quorum-close"); // close waits for threads: not on the core thread
            t.setDaemon(true);
            t.start();
        }
    }

    private List<InetSocketAddress> quorumBindAddresses() {
        QuorumServerSpec self = ensemble.self();
        if (ensemble.quorumListenOnAllIPs()) {
            return List.of(new InetSocketAddress(self.firstAddress().quorumPort()));
        }
        return self.addresses().stream().map(a -> new InetSocketAddress(a.host(), a.quorumPort())).toList();
    }

    // ---------------------------------------------------------------- transport threads → core thread

    private void leaderSideEvent(QuorumEvent e) {
        if (e instanceof QuorumEvent.PacketReceived p) {
            EnsemblePeer.post(driver, "learner packet", (peer, now) -> {
                long sid = p.connection().sid();
                if (sid < 0 || !p.connection().isOpen()) {
                    return;
                }
                QuorumConnection current = connections.get(sid);
                if (current != p.connection()) {
                    if (current != null) {
                        current.close("replaced by a new connection from the same server");
                        peer.quorumDisconnected(sid, now);
                    }
                    connections.put(sid, p.connection());
                    p.connection().measureSendQueue(sendQueueMeter);
                    peer.quorumConnected(sid, now);
                }
                peer.quorumPacket(sid, p.packet(), now);
            });
        } else if (e instanceof QuorumEvent.Lost l) {
            EnsemblePeer.post(driver, "learner lost", (peer, now) -> {
                long sid = l.connection().sid();
                if (sid >= 0 && connections.get(sid) == l.connection()) {
                    connections.remove(sid);
                    peer.quorumDisconnected(sid, now);
                }
            });
        }
    }

    private void learnerSideEvent(long leaderSid, QuorumEvent e) {
        EnsemblePeer.post(driver, "leader event", (peer, now) -> {
            if (connector == null || connector.leaderSid() != leaderSid) {
                return; // from a connector of an earlier role
            }
            if (e instanceof QuorumEvent.Connected c) {
                connections.put(leaderSid, c.connection());
                peer.quorumConnected(leaderSid, now);
            } else if (e instanceof QuorumEvent.PacketReceived p) {
                if (connections.get(leaderSid) == p.connection()) {
                    peer.quorumPacket(leaderSid, p.packet(), now);
                }
            } else if (e instanceof QuorumEvent.SnapshotReceived<?> s) {
                if (connections.get(leaderSid) == s.connection()) {
                    peer.quorumPacket(leaderSid,
                            new QuorumPacket(PacketType.SNAP, s.zxid(), (byte[]) s.snapshot(), null), now);
                }
            } else if (e instanceof QuorumEvent.Lost l) {
                if (connections.get(leaderSid) == l.connection()) {
                    connections.remove(leaderSid);
                    peer.quorumDisconnected(leaderSid, now);
                }
            } else if (e instanceof QuorumEvent.DialFailed f) {
                LOG.warn("Could not reach leader {} at {}: {}", leaderSid, f.addresses(), f.reason());
                peer.quorumDisconnected(leaderSid, now);
            }
        });
    }

    @Override
    public void close() {
        if (acceptor != null) {
            acceptor.close();
        }
        if (connector != null) {
            connector.close();
        }
        connections.values().forEach(c -> c.close("server shutting down"));
        if (election != null) {
            election.close();
        }
    }
}
