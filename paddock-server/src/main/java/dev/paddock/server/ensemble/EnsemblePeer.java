package dev.paddock.server.ensemble;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.ServerCore;
import dev.paddock.core.SessionView;
import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.node.NodeOutput;
import dev.paddock.quorum.node.QuorumNode;
import dev.paddock.quorum.zab.DurableState;
import dev.paddock.quorum.zab.PacketType;
import dev.paddock.core.CoreNode;
import dev.paddock.core.CoreStats;
import dev.paddock.server.fourlw.ServerFigures;
import dev.paddock.server.metrics.CoreMetrics;
import dev.paddock.server.metrics.ServerMetrics;
import dev.paddock.server.core.CoreDriver;
import dev.paddock.server.core.DurableTxnLog;
import dev.paddock.core.QuorumFigures;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import dev.paddock.storage.TruncationRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ensemble member in the server: a {@link QuorumNode} run on the core driver's thread, with its outputs
 * carried out against real storage and the election and quorum ports ({@link PeerNetwork}). Every input — client
 * traffic, election messages, quorum packets, ticks — arrives on that one thread.
 *
 * <p>Disk actions are done on the core thread in output order; appends of one batch of outputs share one sync
 * before the node hears they are durable (a simple group commit).
 */
public final class EnsemblePeer implements CoreNode {
    private static final Logger LOG = LoggerFactory.getLogger(EnsemblePeer.class);

    private final QuorumNode node;
    private final Storage storage;
    private final PeerNetwork network;
    private final Consumer<Throwable> onFatal;
    private DynamicConfigFiles configFiles = new DynamicConfigFiles(null, 0);
    private boolean failed;
    /** The group-commit log, attached when the core thread runs; appends go to its writer thread. */
    private DurableTxnLog log;
    private final List<LoggedTxn> unsubmitted = new ArrayList<>();
    /** Batches handed to the log and not yet reported durable: (sequence number, last zxid), in order. */
    private final ArrayDeque<long[]> inFlight = new ArrayDeque<>();
    private long submittedBatches;
    private volatile NodeOutput.Role role = NodeOutput.Role.LOOKING;
    private volatile boolean serving;
    /** readonlymode.enabled: the member serves read-only clients while it looks for a quorum. */
    private volatile boolean readOnly;
    /** ZooKeeper's metrics, once the server asks for them (core thread). */
    private ServerMetrics metrics;
    private CoreStats coreStats = CoreStats.NONE;
    private ServerCore measuredFront;
    private long lookingSinceMs = -1;
    private long roleSinceMs = -1;
    private long lastCommitZxid = -1;

    EnsemblePeer(QuorumNode node, Storage storage, PeerNetwork network, Consumer<Throwable> onFatal) {
        this.onFatal = onFatal;
        this.node = node;
        this.storage = storage;
        this.network = network;
    }

    void attachLog(DurableTxnLog log) {
        this.log = log;
        if (metrics != null) {
            log.recordInto(metrics);
        }
    }

    /** The server's metrics: quorum counts here, per-namespace and watch counts in each role's client front. */
    @Override
    public void recordInto(CoreStats stats) {
        this.coreStats = stats;
        node.recordInto(stats);
        if (stats instanceof CoreMetrics m) {
            this.metrics = m.metrics();
            network.measureSendQueues(metrics.learnerSendQueues);
            if (log != null) {
                log.recordInto(metrics);
            }
        }
        measureFront();
    }

    /** A role's new client front reports into the metrics too. */
    private void measureFront() {
        ServerCore f = front();
        if (f != null && f != measuredFront) {
            f.recordInto(coreStats);
            measuredFront = f;
        }
    }

    /** Recovers the node's state from storage: the tree, the epochs and the recent txns for DIFF syncs. */
    static QuorumNode recoverNode(QuorumNode.Settings settings, Storage storage, Recovery.Result recovered)
            throws IOException {
        storage.loadEpochs(recovered.lastZxid());
        DurableState state = DurableState.recovered(storage.acceptedEpoch(), storage.currentEpoch(),
                recovered.lastZxid());
        QuorumNode node = new QuorumNode(settings, state, recovered.tree(), recovered.sessions(), storage);
        node.seedCommittedWindow(storage.recentTxns(CommittedWindow.DEFAULT_COMMIT_LOG_COUNT));
        return node;
    }

    // ---------------------------------------------------------------- inputs from the network (core thread)

    /** The log thread synced something: tell the node what is durable now. */
    void logSynced(long nowMs) {
        long synced = log.syncedBatches();
        long lastZxid = -1;
        while (!inFlight.isEmpty() && inFlight.peekFirst()[0] <= synced) {
            lastZxid = inFlight.pollFirst()[1];
        }
        if (lastZxid >= 0) {
            node.persisted(lastZxid, nowMs);
            carryOut(nowMs);
        }
    }

    void start(long nowMs) {
        if (metrics != null) {
            metrics.lookingCount.inc(); // every member starts by looking for a leader
        }
        lookingSinceMs = nowMs;
        node.start(nowMs);
        carryOut(nowMs);
    }

    void electionMessage(long fromSid, byte[] bytes, long nowMs) {
        node.electionMessage(fromSid, bytes, nowMs);
        carryOut(nowMs);
    }

    void quorumConnected(long sid, long nowMs) {
        node.quorumConnected(sid, nowMs);
        carryOut(nowMs);
    }

    void quorumPacket(long sid, QuorumPacket p, long nowMs) {
        if (metrics != null) {
            countReceived(p);
            if (role == NodeOutput.Role.LEADING && p.type() == PacketType.REVALIDATE) {
                metrics.counter("revalidate_count").inc();
            }
        }
        node.quorumPacket(sid, p, nowMs);
        carryOut(nowMs);
    }

    void quorumDisconnected(long sid, long nowMs) {
        node.quorumDisconnected(sid, nowMs);
        carryOut(nowMs);
    }

    // ---------------------------------------------------------------- CoreNode (core thread)

    @Override
    public void connect(ClientConnection conn, ConnectRequest request, long nowMs) {
        node.clientConnect(conn, request, nowMs);
        carryOut(nowMs);
    }

    @Override
    public void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs) {
        node.clientRequest(conn, header, body, nowMs);
        carryOut(nowMs);
    }

    @Override
    public void connectionClosed(ClientConnection conn, long nowMs) {
        node.clientClosed(conn, nowMs);
        carryOut(nowMs);
    }

    @Override
    public void tick(long nowMs) {
        node.tick(nowMs);
        carryOut(nowMs);
    }

    /** The node logs through its own outputs; the driver's log sees nothing. */
    @Override
    public List<LoggedTxn> takeProposals() {
        return List.of();
    }

    @Override
    public void committed(long zxid, long nowMs) {
        // never called: takeProposals hands the driver nothing
    }

    // ---------------------------------------------------------------- outputs

    private void carryOut(long nowMs) {
        if (failed) {
            return;
        }
        try {
            carryOutAll(nowMs);
            readOnlyChanged();
        } catch (UncheckedIOException e) {
            failed = true;
            LOG.error("Storage failed; this server cannot continue: {}", e.getMessage(), e);
            onFatal.accept(e);
        }
    }

    private void carryOutAll(long nowMs) {
        for (int round = 0; round < 100_000; round++) {
            List<NodeOutput> outs = node.drain();
            if (outs.isEmpty()) {
                return;
            }
            for (NodeOutput o : outs) {
                if (o instanceof NodeOutput.Append a) {
                    unsubmitted.add(a.txn());
                    if (metrics != null && role == NodeOutput.Role.LEADING) {
                        metrics.proposalCount.inc(); // the leader logs what it proposes
                    }
                    continue;
                }
                if (isDiskAction(o)) {
                    drainLog(nowMs);
                }
                carryOutOne(o, nowMs);
            }
            submitAppends();
            measureFront();
        }
        LOG.error("Server {}: the node keeps producing output; stopping this round", node.election().config().mySid());
    }

    private static boolean isDiskAction(NodeOutput o) {
        return o instanceof NodeOutput.Truncate || o instanceof NodeOutput.PersistSnapshot
                || o instanceof NodeOutput.WriteAcceptedEpoch || o instanceof NodeOutput.WriteCurrentEpoch;
    }

    private void carryOutOne(NodeOutput o, long nowMs) {
        try {
            if (o instanceof NodeOutput.ElectionSend s) {
                network.sendElection(s.toSid(), s.bytes());
            } else if (o instanceof NodeOutput.QuorumSend s) {
                if (metrics != null && role == NodeOutput.Role.LEADING) {
                    countSent(s.packet());
                }
                network.sendQuorum(s.toSid(), s.packet());
            } else if (o instanceof NodeOutput.ConnectToLeader c) {
                network.connectToLeader(c.leaderSid());
            } else if (o instanceof NodeOutput.QuorumDisconnect d) {
                network.disconnect(d.sid(), d.reason());
            } else if (o instanceof NodeOutput.Truncate t) {
                try {
                    storage.truncateAfter(t.zxid());
                } catch (TruncationRefusedException e) {
                    node.truncationRefused(t.zxid(), e.getMessage()); // nothing changed on disk: ask for a SNAP
                    return;
                }
                Recovery.Result r = storage.recover();
                LOG.info("Truncated the log after 0x{}; replica rebuilt at 0x{}", Long.toHexString(t.zxid()),
                        Long.toHexString(r.lastZxid()));
                node.replicaReloaded(r.tree(), r.sessions());
            } else if (o instanceof NodeOutput.PersistSnapshot s) {
                storage.installSnapshot(s.tree(), s.sessions(), s.zxid());
            } else if (o instanceof NodeOutput.WriteAcceptedEpoch e) {
                storage.setAcceptedEpoch(e.epoch());
            } else if (o instanceof NodeOutput.WriteCurrentEpoch e) {
                storage.setCurrentEpoch(e.epoch());
            } else if (o instanceof NodeOutput.RoleChanged r) {
                roleChanged(r, nowMs);
            } else if (o instanceof NodeOutput.ConfigActivated c) {
                network.membersChanged(c.config());
                configFiles.write(c.config());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("storage failed on " + o + ": " + e.getMessage(), e);
        }
    }

    /** The read-only front started or stopped (the node starts it on a tick, stops it when the election decides). */
    private void readOnlyChanged() {
        boolean now = node.readOnlyFront() != null;
        if (now != readOnly) {
            readOnly = now;
            measureFront();
            LOG.info("Server {} {} read-only clients", node.election().config().mySid(),
                    now ? "serves" : "no longer serves");
        }
    }

    private void roleChanged(NodeOutput.RoleChanged r, long nowMs) {
        NodeOutput.Role before = role;
        if (metrics != null) {
            countRoleChange(before, r.role(), nowMs);
            if (r.serving() && !serving) {
                countServing(r.role(), nowMs);
            }
        }
        measureFront();
        role = r.role();
        serving = r.serving();
        network.roleChanged(r.role(), r.leaderSid());
        if (r.serving()) {
            LOG.info("Server {} serving as {} (leader {}, epoch {})", node.election().config().mySid(), state(),
                    r.leaderSid(), r.epoch());
        }
    }

    /**
     * ZooKeeper's election metrics: looking_count each time the member starts looking, election_time from then
     * until it leads or follows (observers book none, as ZooKeeper's), and the leader's uptime.
     */
    private void countRoleChange(NodeOutput.Role before, NodeOutput.Role after, long nowMs) {
        if (after == before) {
            return;
        }
        roleSinceMs = nowMs;
        if (after == NodeOutput.Role.LOOKING) {
            metrics.lookingCount.inc();
            lookingSinceMs = nowMs;
        } else if (before == NodeOutput.Role.LOOKING && after != NodeOutput.Role.OBSERVING && lookingSinceMs >= 0) {
            metrics.electionTime.add(nowMs - lookingSinceMs);
        }
        if (after == NodeOutput.Role.LEADING) {
            metrics.leader.leading(nowMs);
            lastCommitZxid = -1;
        } else if (before == NodeOutput.Role.LEADING) {
            metrics.leader.notLeading();
        }
    }

    /**
     * The member serves again: unavailable_time since it began looking (leader_unavailable_time too on the
     * leader), and a learner's sync time since it took its role (follower_sync_time, observer_sync_time).
     */
    private void countServing(NodeOutput.Role now, long nowMs) {
        if (lookingSinceMs >= 0) {
            metrics.summary("unavailable_time").add(nowMs - lookingSinceMs);
            if (now == NodeOutput.Role.LEADING) {
                metrics.summary("leader_unavailable_time").add(nowMs - lookingSinceMs);
            }
        }
        if (roleSinceMs >= 0 && now == NodeOutput.Role.FOLLOWING) {
            metrics.summary("follower_sync_time").add(nowMs - roleSinceMs);
        } else if (roleSinceMs >= 0 && now == NodeOutput.Role.OBSERVING) {
            metrics.summary("observer_sync_time").add(nowMs - roleSinceMs);
        }
    }

    /** On the leader: syncs by kind, commits (once per zxid, not per learner) and proposal sizes. */
    private void countSent(QuorumPacket p) {
        switch (p.type()) {
            case PacketType.DIFF -> metrics.diffCount.inc();
            case PacketType.SNAP -> metrics.snapCount.inc();
            case PacketType.PROPOSAL -> metrics.leader.proposal(p.data() == null ? 0 : p.data().length);
            case PacketType.COMMIT, PacketType.INFORM -> {
                if (p.zxid() > lastCommitZxid) {
                    lastCommitZxid = p.zxid();
                    metrics.commitCount.inc();
                }
            }
            default -> {
                // other packets are not counted
            }
        }
    }

    /** On a learner: proposals and commits received (an observer's INFORM counts as a commit, as ZooKeeper's). */
    private void countReceived(QuorumPacket p) {
        if (role == NodeOutput.Role.FOLLOWING && p.type() == PacketType.PROPOSAL) {
            metrics.learnerProposalsReceived.inc();
        } else if ((role == NodeOutput.Role.FOLLOWING && p.type() == PacketType.COMMIT)
                || (role == NodeOutput.Role.OBSERVING && p.type() == PacketType.INFORM)) {
            metrics.learnerCommitsReceived.inc();
        }
    }

    /** Hands what the last outputs appended to the log's writer thread (group commit); durability comes later. */
    private void submitAppends() {
        if (unsubmitted.isEmpty()) {
            return;
        }
        List<LoggedTxn> batch = List.copyOf(unsubmitted);
        unsubmitted.clear();
        inFlight.addLast(new long[] {++submittedBatches, batch.get(batch.size() - 1).zxid()});
        log.append(batch);
    }

    /**
     * Before the log is changed in place (truncation, a snapshot install, an epoch file that must follow the
     * appends): everything appended is made durable and reported, and the writer thread is idle.
     */
    private void drainLog(long nowMs) {
        submitAppends();
        if (inFlight.isEmpty()) {
            return;
        }
        try {
            log.awaitSynced(30_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long lastZxid = inFlight.peekLast()[1];
        inFlight.clear();
        node.persisted(lastZxid, nowMs);
    }

    private static Map<Long, Integer> sessionsOf(QuorumNode node) {
        return node.sessions();
    }

    // ---------------------------------------------------------------- introspection

    /** "leader", "follower", "observer", or "looking"... as srvr/stat/mntr print it. */
    public String state() {
        if (readOnly) {
            return ServerFigures.READ_ONLY_STATE;
        }
        return switch (role) {
            case LEADING -> "leader";
            case FOLLOWING -> "follower";
            case OBSERVING -> "observer";
            case LOOKING -> "looking";
        };
    }

    /** Whether a client front answers: in a role and synced, or read-only while looking (readonlymode.enabled). */
    public boolean serving() {
        return serving || readOnly;
    }

    /** Core thread only. */
    public int syncedFollowers() {
        return Math.max(0, node.syncedFollowers() - 1);
    }

    @Override
    public QuorumFigures quorumFigures() {
        boolean leading = node.role() == NodeOutput.Role.LEADING;
        boolean observing = node.role() == NodeOutput.Role.OBSERVING;
        boolean answering = node.serving() || node.readOnlyFront() != null; // ZooKeeper's "server running"
        return new QuorumFigures(answering, node.detailedPeerState(), node.quorumSize(), leading,
                node.learnersConnected(), node.forwardingFollowers(), node.forwardingNonVotingFollowers(),
                node.forwardingObservers(), node.pendingSyncs(), observing, node.leaderSid(),
                new String(node.configText(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Core thread only. */
    public QuorumNode node() {
        return node;
    }

    @Override
    public DataTree tree() {
        return node.tree();
    }

    @Override
    public Map<Long, Integer> sessionTimeouts() {
        return sessionsOf(node);
    }

    /** Where activated configurations are written (set before the node starts). */
    void writeConfigsTo(DynamicConfigFiles files) {
        this.configFiles = files;
    }

    private ServerCore front() {
        ServerCore f = node.front();
        return f != null ? f : node.readOnlyFront();
    }

    @Override
    public long lastProcessedZxid() {
        return node.tree().lastProcessedZxid();
    }

    @Override
    public int nodeCount() {
        return node.tree().nodeCount();
    }

    @Override
    public long approximateDataSize() {
        return node.tree().approximateDataSize();
    }

    @Override
    public List<SessionView> sessions() {
        return front() == null ? List.of() : front().sessions();
    }

    @Override
    public int globalSessionCount() {
        return front() == null ? 0 : front().globalSessionCount();
    }

    @Override
    public int localSessionCount() {
        return front() == null ? 0 : front().localSessionCount();
    }

    @Override
    public int ephemeralCount() {
        return node.tree().ephemeralCount();
    }

    @Override
    public int watchCount() {
        return front() == null ? 0 : front().watchCount();
    }

    @Override
    public Map<Long, Set<String>> watchesBySession() {
        return front() == null ? Map.of() : front().watchesBySession();
    }

    @Override
    public Map<String, Set<Long>> watchesByPath() {
        return front() == null ? Map.of() : front().watchesByPath();
    }

    @Override
    public int outstandingRequests() {
        return front() == null ? 0 : front().outstandingRequests();
    }

    /** For the driver's task queue: run {@code task} on the core thread with this peer. */
    static void post(CoreDriver driver, String what, PeerTask task) {
        driver.submit(what, null, (core, now) -> task.run((EnsemblePeer) core, now));
    }

    @FunctionalInterface
    interface PeerTask {
        void run(EnsemblePeer peer, long nowMs) throws Exception;
    }
}
