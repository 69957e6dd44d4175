package dev.paddock.quorum.node;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.CoreStats;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.ServerCore;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.sync.SyncPlanner;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.election.ElectionConfig;
import dev.paddock.quorum.election.ElectionCore;
import dev.paddock.quorum.election.LearnerType;
import dev.paddock.quorum.election.Outbound;
import dev.paddock.quorum.election.ServerState;
import dev.paddock.quorum.election.VotingView;
import dev.paddock.quorum.forward.ForwardingGateway;
import dev.paddock.quorum.forward.LearnerRequests;
import dev.paddock.quorum.zab.DurableState;
import dev.paddock.quorum.zab.PacketType;
import dev.paddock.quorum.zab.ZabConfig;
import dev.paddock.quorum.zab.ZabLeader;
import dev.paddock.quorum.zab.ZabLearner;
import dev.paddock.quorum.zab.ZabOutput;
import dev.paddock.quorum.zab.ZabRole;
import dev.paddock.quorum.zab.Zxid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ensemble member as a single state machine: leader election, then Zab in the role it decided, and the
 * client front of that role (the leader's pipeline, or a learner forwarding to the leader). No threads,
 * sockets, disk or clock: the driver feeds inputs on one thread, passing the time, and carries out what
 * {@link #drain()} returns, in order ({@link NodeOutput} says how). The same node runs in the server and in
 * the simulator.
 */
public final class QuorumNode {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumNode.class);

    /**
     * @param core          the client-facing settings (its serverId is this node's sid)
     * @param voters        participants, this node included if it is one
     * @param observers     observers
     * @param tickMs        ZooKeeper's tickTime
     * @param quorumConfig  the configuration text ZooKeeper servers exchange (notifications, NEWLEADER)
     */
    public record Settings(CoreConfig core, Set<Long> voters, Set<Long> observers, int tickMs, int initLimitTicks,
                           int syncLimitTicks, byte[] quorumConfig, ElectionTiming election,
                           boolean standaloneEnabled) {
        public Settings(CoreConfig core, Set<Long> voters, Set<Long> observers, int tickMs, int initLimitTicks,
                        int syncLimitTicks, byte[] quorumConfig, ElectionTiming election) {
            this(core, voters, observers, tickMs, initLimitTicks, syncLimitTicks, quorumConfig, election, true);
        }

        public long mySid() {
            return core.serverId();
        }

        public boolean observer() {
            return observers.contains(mySid());
        }
    }

    /** FastLeaderElection's timing; {@link #ZOOKEEPER} is ZooKeeper's defaults. */
    public record ElectionTiming(long finalizeWaitMs, long minNotificationIntervalMs, long maxNotificationIntervalMs) {
        public static final ElectionTiming ZOOKEEPER = new ElectionTiming(ElectionConfig.FINALIZE_WAIT_MS,
                ElectionConfig.FINALIZE_WAIT_MS, ElectionConfig.MAX_NOTIFICATION_INTERVAL_MS);
    }

    private final Settings settings;
    private final ElectionCore election;
    private final CommittedWindow window;
    private final long lastUsableCounter;
    private final LeaderHistory history;
    private final Reconfiguration reconfig;
    private final List<NodeOutput> out = new ArrayList<>();
    /** Where the configuration writes count (the server's metrics), once given. */
    private CoreStats stats = CoreStats.NONE;

    // the replica while no front holds it, and what is durable
    private DataTree tree;
    private Map<Long, Integer> sessions;
    private long acceptedEpoch;
    private long currentEpoch;
    private long lastLoggedZxid;
    /** The disk refused a TRUNC: as a learner, ask for a snapshot until one is installed (or this server leads). */
    private boolean snapshotNeeded;
    /** The log's end before the last TRUNC, restored when the disk refuses it. */
    private long zxidBeforeTruncate;
    /** Appended but not yet applied: applied at the end of a role, as ZooKeeper fast-forwards its database. */
    private final ArrayDeque<LoggedTxn> appendedUnapplied = new ArrayDeque<>();

    // the current role
    private NodeOutput.Role role = NodeOutput.Role.LOOKING;
    private ZabRole zab;
    private ServerCore front;
    private ForwardingGateway gateway;
    private LearnerRequests learnerRequests;
    private boolean serving;
    private long leaderSid = -1;
    private long nextZabTickMs;
    /** The time of the input being handled (a TRUNC the disk cannot follow ends the role from the driver's call). */
    private long lastPumpMs;
    /** When a leader pings its learners between two ticks, as ZooKeeper's leader does. */
    private long halfTickPingMs = Long.MAX_VALUE;
    /** Learners' syncs the leader answers once the proposal it had made last is committed. */
    private final ArrayDeque<long[]> pendingSyncs = new ArrayDeque<>();
    /** readonlymode.enabled: the read-only client front while looking, once the grace period has passed. */
    private final ReadOnlyMode readOnlyMode = new ReadOnlyMode();

    /**
     * @param state    the epochs and the last logged zxid recovered from disk (the log is applied to {@code tree})
     * @param tree     the replica, with every logged txn applied
     * @param sessions the open sessions in {@code tree}
     * @param log      the on-disk log, for syncing learners that are behind the in-memory window
     */
    public QuorumNode(Settings settings, DurableState state, DataTree tree, Map<Long, Integer> sessions,
                      TxnHistory log) {
        this(settings, state, tree, sessions, log, CommittedWindow.DEFAULT_COMMIT_LOG_COUNT, Zxid.MAX_COUNTER);
    }

    /**
     * @param commitLogCount    how many recently committed txns to keep for DIFF syncs (ZooKeeper's commitLogCount;
     *                          the simulator uses small windows to reach the log and SNAP paths)
     * @param lastUsableCounter the zxid counter at which a leader forces a new epoch (the simulator lowers it to
     *                          reach the rollover)
     */
    public QuorumNode(Settings settings, DurableState state, DataTree tree, Map<Long, Integer> sessions,
                      TxnHistory log, int commitLogCount, long lastUsableCounter) {
        this.window = new CommittedWindow(commitLogCount);
        this.lastUsableCounter = lastUsableCounter;
        this.settings = settings;
        this.tree = tree;
        this.sessions = Map.copyOf(sessions);
        this.acceptedEpoch = state.acceptedEpoch();
        this.currentEpoch = state.currentEpoch();
        this.lastLoggedZxid = state.lastLoggedZxid();
        ElectionTiming t = settings.election();
        this.reconfig = new Reconfiguration(settings.mySid(), settings.voters(), settings.observers(),
                settings.quorumConfig(), settings.core().reconfigEnabled(), settings.standaloneEnabled());
        this.election = new ElectionCore(new ElectionConfig(settings.mySid(), reconfig.learnerType(),
                reconfig.votingView(), t.finalizeWaitMs(), t.minNotificationIntervalMs(),
                t.maxNotificationIntervalMs()));
        election.adoptNewerConfigs(reconfig.enabled());
        this.history = new LeaderHistory(window, log, new SyncPlanner(), () -> this.tree, this::currentSessions);
        showLocalConfig(0);
    }

    /**
     * Every member shows its own ensemble configuration in /zookeeper/config (ZooKeeper writes it there at start-up
     * and after a SNAP, outside the replicated history, while reconfiguration is disabled).
     */
    private void showLocalConfig(long mtimeMs) {
        byte[] text = reconfig.text();
        // a newer configuration in the tree came from a logged reconfiguration: it stays, to be activated once
        // its history is established
        if (text.length > 0 && reconfig.newerIn(tree) == null) {
            ZkSnapshotFormat.applyLocalConfig(tree, text, reconfig.config().version(), mtimeMs);
            stats.written(DataTree.CONFIG, text.length);
        }
    }

    /**
     * Writes of the local configuration to /zookeeper/config count in {@code stats} from now on (ZooKeeper's
     * write_per_namespace under "zookeeper"). The write made at construction counts when stats are first given:
     * ZooKeeper's metrics are already on when it makes that write at start-up.
     */
    public void recordInto(CoreStats stats) {
        boolean first = this.stats == CoreStats.NONE;
        this.stats = stats;
        if (first && settings.quorumConfig().length > 0) {
            stats.written(DataTree.CONFIG, settings.quorumConfig().length);
        }
    }

    /** The txns recovery replayed last (oldest first), so a new leader can DIFF learners from memory. */
    public void seedCommittedWindow(List<LoggedTxn> recent) {
        recent.forEach(window::add);
    }

    // ---------------------------------------------------------------- inputs

    /** Starts looking for a leader. */
    public void start(long nowMs) {
        lookForLeader("start", nowMs);
    }

    public void electionMessage(long fromSid, byte[] bytes, long nowMs) {
        handleElection(election.onMessage(fromSid, bytes, nowMs), nowMs);
    }

    public void quorumConnected(long sid, long nowMs) {
        if (zab != null) {
            zab.connected(sid);
            pump(nowMs);
        }
    }

    public void quorumDisconnected(long sid, long nowMs) {
        if (zab != null) {
            zab.disconnected(sid);
            pump(nowMs);
        }
    }

    public void quorumPacket(long fromSid, QuorumPacket p, long nowMs) {
        if (zab != null) {
            zab.onPacket(fromSid, p);
            pump(nowMs);
        }
    }

    /** What Zab passes through untouched: the client traffic learners forward, and the leader's answers to it. */
    private void delivered(long fromSid, QuorumPacket p, long nowMs) {
        try {
            if (zab instanceof ZabLeader leader) {
                switch (p.type()) {
                    case PacketType.REQUEST -> {
                        if (learnerRequests != null && learnerRequests.onRequest(fromSid, p, nowMs)) {
                            answerSyncWhenCommitted(leader, fromSid);
                        }
                    }
                    case PacketType.REVALIDATE -> {
                        if (learnerRequests != null) {
                            leader.sendRaw(fromSid, learnerRequests.onRevalidate(fromSid, p, nowMs));
                        }
                    }
                    case PacketType.PING -> {
                        if (learnerRequests != null) {
                            learnerRequests.onPing(p, nowMs);
                        }
                    }
                    default -> LOG.warn("Leader {} ignores a delivered {} from {}", settings.mySid(),
                            PacketType.name(p.type()), fromSid);
                }
            } else if (front != null) {
                if (p.type() == PacketType.REVALIDATE) {
                    ForwardingGateway.Revalidated r = gateway.onRevalidate(p);
                    front.revalidated(r.sessionId(), r.valid(), nowMs);
                } else if (p.type() == PacketType.SYNC) {
                    ForwardingGateway.PendingSync s = gateway.onSync();
                    if (s != null) {
                        front.synced(s.sessionId(), s.cxid());
                    }
                }
            }
        } catch (JuteException e) {
            LOG.warn("Server {}: malformed {} from {}: {}; dropping that connection", settings.mySid(),
                    PacketType.name(p.type()), fromSid, e.getMessage());
            out.add(new NodeOutput.QuorumDisconnect(fromSid, "malformed " + PacketType.name(p.type())));
            zab.disconnected(fromSid);
        }
    }

    /**
     * A learner's sync is answered once every proposal made so far is committed: then the learner has received
     * (in order, on the same stream) every commit the sync must see. With nothing outstanding, at once.
     */
    private void answerSyncWhenCommitted(ZabLeader leader, long learnerSid) {
        long lastProposed = leader.nextZxid() - 1;
        // counter 0 of the epoch is no proposal (the history before it is committed when the epoch is
        // established): waiting for it would hold the sync until the next commit, behind later writes
        boolean nothingProposedThisEpoch = Zxid.counter(leader.nextZxid()) <= 1;
        if (nothingProposedThisEpoch || lastProposed <= leader.lastCommittedZxid()) {
            leader.sendRaw(learnerSid, new QuorumPacket(PacketType.SYNC, leader.lastCommittedZxid(), null, null));
        } else {
            pendingSyncs.add(new long[] {learnerSid, lastProposed});
        }
    }

    /** The log is durable up to {@code zxid}. */
    public void persisted(long zxid, long nowMs) {
        if (zab != null) {
            zab.persisted(zxid);
            pump(nowMs);
        }
    }

    /**
     * readonlymode.enabled: after looking for {@code graceMs} (ZooKeeper: max(2000 ms, tickTime)) this member serves
     * read-only clients from its replica until it takes a role again.
     */
    public void enableReadOnlyMode(long graceMs, boolean localSessionsEnabled) {
        readOnlyMode.enable(graceMs, localSessionsEnabled);
    }

    /** Time passed; call at least every few tens of milliseconds. */
    public void tick(long nowMs) {
        if (role == NodeOutput.Role.LOOKING) {
            readOnlyMode.tick(settings.core(), tree, sessions, nowMs);
        }
        if (nowMs >= election.nextDeadlineMs()) {
            handleElection(election.tick(nowMs), nowMs);
        }
        if (zab != null && nowMs >= nextZabTickMs) {
            // One Zab tick per call, missed ones skipped, as ZooKeeper's leader counts one tick per wake-up: after
            // a pause (GC, a busy core thread, a starved CPU) a burst of catch-up ticks would run before the packets
            // that arrived meanwhile and find every learner "silent" for syncLimit ticks.
            nextZabTickMs += settings.tickMs();
            if (nextZabTickMs <= nowMs) {
                nextZabTickMs = nowMs + settings.tickMs();
            }
            zab.tick();
            pump(nowMs);
            halfTickPingMs = nextZabTickMs - settings.tickMs() / 2;
        } else if (zab instanceof ZabLeader leader && nowMs >= halfTickPingMs) {
            halfTickPingMs = Long.MAX_VALUE; // once, until the next tick
            leader.pingLearners();
            pump(nowMs);
        }
        if (serving && front != null) {
            front.tick(nowMs);
            pump(nowMs);
        }
    }

    /** After a {@link NodeOutput.Truncate}: the replica rebuilt from what the log still holds. */
    public void replicaReloaded(DataTree reloaded, Map<Long, Integer> reloadedSessions) {
        if (reloaded.lastProcessedZxid() != lastLoggedZxid && zab != null) {
            // The disk could not keep exactly what TRUNC asked for: the target lies below a snapshot (one loaded
            // by SNAP from a leader that then failed before establishing its epoch). Following on would append
            // the new leader's txns after a history this server does not hold; look again from what it holds.
            LOG.warn("Server {}: asked to truncate to {} but its disk holds up to {}; leaving the role",
                    settings.mySid(), Zxid.hex(lastLoggedZxid), Zxid.hex(reloaded.lastProcessedZxid()));
            front = null; // nothing serves while syncing; the reloaded sessions must not be replaced by the old front's
            lastLoggedZxid = reloaded.lastProcessedZxid();
            this.tree = reloaded;
            endRole("truncation below a snapshot", lastPumpMs);
            this.tree = reloaded;
            this.sessions = Map.copyOf(reloadedSessions);
            showLocalConfig(0);
            window.clear();
            return;
        }
        this.tree = reloaded;
        this.sessions = Map.copyOf(reloadedSessions);
        showLocalConfig(0);
        window.clear();
        if (gateway != null) {
            // seeded from the time, as every front: seeded from 0, each reload handed out the same session ids again
            front = ServerCore.learning(settings.core(), lastPumpMs, tree, sessions, gateway);
        }
    }

    /**
     * After a {@link NodeOutput.Truncate} the disk refused, having changed nothing: the state at that zxid cannot be
     * rebuilt from what it holds (a snapshot past it with no log below, as a SNAP from a leader that failed before
     * establishing its epoch leaves). The role ends; until a leader's snapshot is installed this server asks for
     * one ({@link ZabLearner#requireSnapshot}) instead of meeting the same TRUNC again, and keeps its disk as it
     * is meanwhile, so that nothing it acknowledged is lost before the snapshot replaces it.
     */
    public void truncationRefused(long zxid, String reason) {
        LOG.warn("Server {}: its disk cannot truncate to {} ({}); it will ask the leader for a snapshot",
                settings.mySid(), Zxid.hex(zxid), reason);
        lastLoggedZxid = zxidBeforeTruncate;
        snapshotNeeded = true;
        if (zab != null) {
            endRole("truncation refused", lastPumpMs);
        }
    }

    // ---------------------------------------------------------------- clients

    /** A client connected; refused (closed) unless this node serves. */
    public void clientConnect(ClientConnection conn, ConnectRequest req, long nowMs) {
        if (!serving && readOnlyMode.front() != null) {
            readOnlyMode.front().connect(conn, req, nowMs);
            return;
        }
        if (!serving) {
            LOG.info("Closing client connection from {}: server {} is not serving ({})", conn.remoteAddress(),
                    settings.mySid(), role);
            conn.close();
            return;
        }
        front.connect(conn, req, nowMs);
        pump(nowMs);
    }

    public void clientRequest(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs) {
        if (!serving && readOnlyMode.front() != null) {
            readOnlyMode.front().request(conn, header, body, nowMs);
            return;
        }
        if (!serving) {
            conn.close();
            return;
        }
        front.request(conn, header, body, nowMs);
        pump(nowMs);
    }

    public void clientClosed(ClientConnection conn, long nowMs) {
        if (readOnlyMode.front() != null) {
            readOnlyMode.front().connectionClosed(conn, nowMs);
        }
        if (front != null) {
            front.connectionClosed(conn, nowMs);
        }
    }

    // ---------------------------------------------------------------- outputs and introspection

    public List<NodeOutput> drain() {
        if (out.isEmpty()) {
            return List.of();
        }
        List<NodeOutput> o = new ArrayList<>(out);
        out.clear();
        return o;
    }

    public NodeOutput.Role role() {
        return role;
    }

    public boolean serving() {
        return serving;
    }

    public long leaderSid() {
        return leaderSid;
    }

    /** The client front of the current role while serving, else null (core thread only). */
    public ServerCore front() {
        return serving ? front : null;
    }

    public DataTree tree() {
        return tree;
    }

    /** The read-only client front while this member serves read-only clients, else null (core thread only). */
    public ServerCore readOnlyFront() {
        return readOnlyMode.front();
    }

    public long lastLoggedZxid() {
        return lastLoggedZxid;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    /** The leader's count of synced followers (self included), for stats; 0 when not leading. */
    public int syncedFollowers() {
        return zab instanceof ZabLeader l ? l.syncedFollowers() + 1 : 0;
    }

    /** Learners connected to this leader (synced or not); 0 when not leading. For mntr. */
    public int learnersConnected() {
        return zab instanceof ZabLeader l ? l.learnerCount() : 0;
    }

    /** Followers this leader broadcasts to that do not vote (joiners, removed members); 0 when not leading. */
    public int forwardingNonVotingFollowers() {
        return zab instanceof ZabLeader l ? l.forwardingNonVoters() : 0;
    }

    /** Followers (voters) this leader broadcasts to, itself excluded; 0 when not leading. For mntr. */
    public int forwardingFollowers() {
        return zab instanceof ZabLeader l ? l.forwardingLearners(false) : 0;
    }

    /** Observers this leader informs; 0 when not leading. For mntr. */
    public int forwardingObservers() {
        return zab instanceof ZabLeader l ? l.forwardingLearners(true) : 0;
    }

    /** Learners' syncs waiting for a commit, counted by the zxid they wait for (as ZooKeeper counts them). */
    public int pendingSyncs() {
        return (int) pendingSyncs.stream().mapToLong(s -> s[1]).distinct().count();
    }

    /** Number of voting members. */
    public int quorumSize() {
        return reconfig.config().voters().size();
    }

    /**
     * The peer state as ZooKeeper's {@code getDetailedPeerState} words it: the election state, then the Zab state
     * unless electing, then the sync mode while a learner is being synced, e.g. "following - broadcast".
     */
    public String detailedPeerState() {
        StringBuilder sb = new StringBuilder(role.name().toLowerCase(java.util.Locale.ROOT));
        if (zab instanceof ZabLeader l) {
            sb.append(" - ").append(l.zabState());
        } else if (zab instanceof ZabLearner l) {
            sb.append(" - ").append(l.zabState());
            if (l.syncModeInProgress() != null) {
                sb.append(" - ").append(l.syncModeInProgress());
            }
        }
        return sb.toString();
    }

    public ElectionCore election() {
        return election;
    }

    private List<Long> peers() {
        return new ArrayList<>(reconfig.peers());
    }

    /** The configuration a node started without a configuration text uses (one made-up address per member). */
    public static QuorumConfig syntheticConfig(Set<Long> voters, Set<Long> observers) {
        return Reconfiguration.synthetic(voters, observers);
    }

    /** The text of the configuration in force, as /zookeeper/config shows it (core thread only). */
    public byte[] configText() {
        return reconfig.text();
    }

    /** The configuration in force (core thread only). */
    public QuorumConfig config() {
        return reconfig.config();
    }

    /** The open sessions as applied to the replica (a copy). */
    public Map<Long, Integer> sessions() {
        return Map.copyOf(currentSessions());
    }

    private Map<Long, Integer> currentSessions() {
        return front != null ? front.sessionTimeouts() : sessions;
    }

    // ---------------------------------------------------------------- election

    private void lookForLeader(String reason, long nowMs) {
        readOnlyMode.looking(nowMs);
        role = NodeOutput.Role.LOOKING;
        leaderSid = -1;
        LOG.info("Server {} is LOOKING ({}); last zxid {}, current epoch {}", settings.mySid(), reason,
                Zxid.hex(lastLoggedZxid), currentEpoch);
        out.add(new NodeOutput.RoleChanged(role, -1, currentEpoch, false));
        handleElection(election.start(lastLoggedZxid, currentEpoch, nowMs), nowMs);
    }

    private void handleElection(List<Outbound> outs, long nowMs) {
        for (Outbound o : outs) {
            if (o instanceof Outbound.Send s) {
                out.add(new NodeOutput.ElectionSend(s.toSid(), s.bytes()));
            } else if (o instanceof Outbound.Decided d) {
                beginRole(d.role(), d.vote().leader(), nowMs);
            } else if (o instanceof Outbound.NewerConfig c && role == NodeOutput.Role.LOOKING) {
                if (adoptGossiped(c, nowMs)) {
                    return; // the round restarted with the new configuration; what followed belonged to the old one
                }
            }
        }
    }

    /** A LOOKING peer's notification showed a newer configuration: take it and start the round again with it. */
    private boolean adoptGossiped(Outbound.NewerConfig c, long nowMs) {
        QuorumConfig next;
        try {
            next = QuorumConfig.parse(new String(c.config(),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            LOG.warn("Server {}: sid {} sent an unreadable configuration: {}", settings.mySid(), c.fromSid(),
                    e.getMessage());
            return false;
        }
        if (!activateConfig(next, "learned from sid " + c.fromSid() + " while electing", nowMs)) {
            return false;
        }
        showLocalConfig(settings.core().wallClock().wallMs(nowMs));
        lookForLeader("newer configuration", nowMs);
        return true;
    }

    /** Puts {@code next} in force if newer: election view, role type, and the driver's durable copy. */
    private boolean activateConfig(QuorumConfig next, String how, long nowMs) {
        if (!reconfig.activate(next, how)) {
            return false;
        }
        election.reconfigure(reconfig.votingView(), reconfig.learnerType());
        if (zab instanceof ZabLeader leader) {
            leader.activated(next.voters(), reconfig.text());
        }
        out.add(new NodeOutput.ConfigActivated(next));
        return true;
    }

    /**
     * After a reconfiguration committed: leave the role when this server's type changed (observer and participant)
     * or the designated leader is not the one followed, and take the new role at once, without an election, as
     * ZooKeeper's servers do.
     */
    private void afterActivation(long designatedLeader, long nowMs) {
        boolean observing = role == NodeOutput.Role.OBSERVING;
        boolean typeChanged = observing != reconfig.config().isObserver(settings.mySid());
        if (!typeChanged && designatedLeader == leaderSid) {
            return;
        }
        endRole("reconfiguration (designated leader " + designatedLeader + ")", nowMs, designatedLeader);
    }

    private void beginRole(ServerState decided, long leader, long nowMs) {
        readOnlyMode.stop(decided);
        DurableState state = new DurableState(acceptedEpoch, currentEpoch, lastLoggedZxid);
        QuorumConfig c = reconfig.config();
        QuorumConfig logged = reconfig.newerIn(tree);
        // NEWLEADER carries the last configuration seen: one this history holds and has not put in force yet
        byte[] newLeaderText = logged == null ? reconfig.text() : logged.text().getBytes(StandardCharsets.UTF_8);
        ZabConfig cfg = new ZabConfig(settings.mySid(), c.voters(), c.observers(), settings.initLimitTicks(),
                settings.syncLimitTicks(), newLeaderText, c.version(), lastUsableCounter,
                logged == null ? Set.of() : logged.voters());
        if (decided == ServerState.LEADING && !cfg.isVoter(settings.mySid())) {
            LOG.warn("Server {} is not a voter of configuration 0x{} and cannot lead; electing", settings.mySid(),
                    Long.toHexString(c.version()));
            lookForLeader("not a voter", nowMs);
            return;
        }
        leaderSid = leader;
        nextZabTickMs = nowMs + settings.tickMs();
        halfTickPingMs = Long.MAX_VALUE;
        if (decided == ServerState.LEADING) {
            role = NodeOutput.Role.LEADING;
            snapshotNeeded = false; // elected with what its disk holds: that is the history now
            ZabLeader zabLeader = new ZabLeader(cfg, state, history);
            if (reconfig.enabled() && c.version() == 0 && logged == null) {
                zabLeader.sendInNewLeader(zxid -> c.withVersion(zxid).text().getBytes(StandardCharsets.UTF_8));
            }
            zab = zabLeader;
        } else {
            role = decided == ServerState.OBSERVING ? NodeOutput.Role.OBSERVING : NodeOutput.Role.FOLLOWING;
            ZabLearner learner = new ZabLearner(cfg, leader, role == NodeOutput.Role.OBSERVING, state);
            if (snapshotNeeded) {
                learner.requireSnapshot();
            }
            gateway = new ForwardingGateway();
            learner.setPingPayload(gateway::takeTouches);
            zab = learner;
            front = ServerCore.learning(settings.core(), nowMs, tree, sessions, gateway);
            out.add(new NodeOutput.ConnectToLeader(leader));
        }
        out.add(new NodeOutput.RoleChanged(role, leader, -1, false));
        pump(nowMs);
    }

    /** The role is over: keep everything logged (fast-forward the replica), drop clients, look again. */
    private void endRole(String reason, long nowMs) {
        endRole(reason, nowMs, -1);
    }

    /** As {@link #endRole(String, long)}; with a designated leader (not -1), follow or become it without electing. */
    private void endRole(String reason, long nowMs, long designatedLeader) {
        if (front != null) {
            // clients go first: the tail applied below was never committed, and applying it must answer no one
            front.closeAllConnections();
            for (LoggedTxn t : appendedUnapplied) {
                applyToReplica(t, nowMs);
            }
            sessions = Map.copyOf(front.sessionTimeouts());
        }
        appendedUnapplied.clear();
        pendingSyncs.clear();
        if (zab instanceof ZabLeader) {
            for (long sid : peers()) {
                out.add(new NodeOutput.QuorumDisconnect(sid, "leader stops: " + reason));
            }
        } else if (zab != null) {
            out.add(new NodeOutput.QuorumDisconnect(leaderSid, "learner stops: " + reason));
        }
        zab = null;
        front = null;
        gateway = null;
        learnerRequests = null;
        serving = false;
        reconfig.roleEnded();
        if (designatedLeader < 0) {
            lookForLeader(reason, nowMs);
            return;
        }
        role = NodeOutput.Role.LOOKING;
        leaderSid = -1;
        out.add(new NodeOutput.RoleChanged(role, -1, currentEpoch, false));
        ServerState next = designatedLeader == settings.mySid() ? ServerState.LEADING
                : reconfig.config().isObserver(settings.mySid()) ? ServerState.OBSERVING : ServerState.FOLLOWING;
        election.assume(next, designatedLeader, lastLoggedZxid, currentEpoch);
        beginRole(next, designatedLeader, nowMs);
    }

    // ---------------------------------------------------------------- Zab outputs

    /** Carries out what Zab asked, moves the front's proposals into Zab and forwards, until quiet. */
    private void pump(long nowMs) {
        lastPumpMs = nowMs;
        for (int round = 0; round < 10_000 && zab != null; round++) {
            boolean moved = false;
            if (serving && zab instanceof ZabLeader leader) {
                for (LoggedTxn t : front.takeProposals()) {
                    if (!leader.propose(t)) {
                        break; // the leader stopped (zxids exhausted): its ElectionNeeded follows
                    }
                    moved = true;
                }
            }
            if (gateway != null) {
                for (QuorumPacket p : gateway.takeOutbox()) {
                    out.add(new NodeOutput.QuorumSend(leaderSid, p));
                }
            }
            List<ZabOutput> zo = zab.drain();
            if (zo.isEmpty() && !moved) {
                return;
            }
            carryOutInPlace(zo, nowMs);
        }
    }

    /**
     * Carries out Zab's outputs in order; whatever carrying one out makes Zab emit (a SYNC answer released by a
     * commit, a REVALIDATE reply) goes out right after it, before the outputs that followed. As ZooKeeper's leader
     * sends a learner's SYNC right after the COMMIT it waited for: behind the next COMMIT, the sync's answer
     * would let the client's later write reach the learner's replica before a read queued behind the sync.
     */
    private void carryOutInPlace(List<ZabOutput> outputs, long nowMs) {
        for (ZabOutput o : outputs) {
            if (zab == null) {
                return;
            }
            carryOut(o, nowMs);
            if (zab != null) {
                List<ZabOutput> caused = zab.drain();
                if (!caused.isEmpty()) {
                    carryOutInPlace(caused, nowMs);
                }
            }
        }
    }

    private void carryOut(ZabOutput o, long nowMs) {
        if (o instanceof ZabOutput.Send s) {
            out.add(new NodeOutput.QuorumSend(s.toSid(), s.packet()));
        } else if (o instanceof ZabOutput.Deliver d) {
            delivered(d.fromSid(), d.packet(), nowMs);
        } else if (o instanceof ZabOutput.Disconnect d) {
            out.add(new NodeOutput.QuorumDisconnect(d.sid(), d.reason()));
        } else if (o instanceof ZabOutput.Append a) {
            lastLoggedZxid = Math.max(lastLoggedZxid, a.txn().zxid());
            appendedUnapplied.add(a.txn());
            out.add(new NodeOutput.Append(a.txn()));
        } else if (o instanceof ZabOutput.Apply a) {
            applyCommitted(a.txn(), nowMs);
        } else if (o instanceof ZabOutput.Truncate t) {
            zxidBeforeTruncate = lastLoggedZxid;
            lastLoggedZxid = t.zxid();
            appendedUnapplied.clear();
            out.add(new NodeOutput.Truncate(t.zxid()));
        } else if (o instanceof ZabOutput.InstallSnapshot s) {
            installSnapshot(s.zxid(), s.snapshot(), nowMs);
        } else if (o instanceof ZabOutput.WriteAcceptedEpoch e) {
            acceptedEpoch = e.epoch();
            out.add(new NodeOutput.WriteAcceptedEpoch(e.epoch()));
        } else if (o instanceof ZabOutput.WriteCurrentEpoch e) {
            currentEpoch = e.epoch();
            out.add(new NodeOutput.WriteCurrentEpoch(e.epoch()));
        } else if (o instanceof ZabOutput.Activate a) {
            afterActivation(a.designatedLeader(), nowMs);
        } else if (o instanceof ZabOutput.Established e) {
            activateLogged("established as leader", nowMs);
            if (reconfig.enabled() && reconfig.config().version() == 0
                    && activateConfig(reconfig.config().withVersion(Zxid.make(e.epoch(), 0)), "established epoch "
                    + e.epoch(), nowMs)) {
                showLocalConfig(settings.core().wallClock().wallMs(nowMs));
            }
            if (!reconfig.config().isVoter(settings.mySid())) {
                endRole("not a voter of the configuration its history holds", nowMs);
                return;
            }
            front = ServerCore.leading(settings.core(), nowMs, tree, sessions, e.epoch());
            if (reconfig.enabled()) {
                ZabLeader leader = (ZabLeader) zab;
                front.pipeline().setMembership(reconfig.membership(leader::syncedFollowerSids));
            }
            learnerRequests = new LearnerRequests(front.pipeline());
            serving = true;
            election.updatePeerEpoch(e.epoch());
            LOG.info("Server {} LEADING epoch {} from zxid {}", settings.mySid(), e.epoch(), Zxid.hex(e.lastZxid()));
            out.add(new NodeOutput.RoleChanged(role, settings.mySid(), e.epoch(), true));
        } else if (o instanceof ZabOutput.Synced s) {
            activateLogged("synced with leader " + s.leaderSid(), nowMs);
            activateNewLeaderConfig((ZabLearner) zab, nowMs);
            if (role == NodeOutput.Role.OBSERVING != reconfig.config().isObserver(settings.mySid())) {
                endRole("the configuration in force changed this server's type", nowMs);
                return;
            }
            serving = true;
            election.updatePeerEpoch(s.epoch());
            out.add(new NodeOutput.RoleChanged(role, s.leaderSid(), s.epoch(), true));
        } else if (o instanceof ZabOutput.ElectionNeeded n) {
            endRole(n.reason(), nowMs);
        }
    }

    /** The history now established holds a newer configuration (committed with it): it is in force. */
    private void activateLogged(String how, long nowMs) {
        QuorumConfig logged = reconfig.newerIn(tree);
        if (logged != null) {
            activateConfig(logged, how, nowMs);
        }
    }

    /** Synced: the leader's configuration, which NEWLEADER carried, is in force here too (ZooKeeper's UPTODATE). */
    private void activateNewLeaderConfig(ZabLearner learner, long nowMs) {
        byte[] text = learner.newLeaderConfig();
        if (!reconfig.enabled() || text.length == 0) {
            return;
        }
        try {
            QuorumConfig c = QuorumConfig.parse(
                    new String(text, StandardCharsets.UTF_8));
            if (activateConfig(c, "from leader " + learner.leaderSid() + "'s NEWLEADER", nowMs)) {
                showLocalConfig(settings.core().wallClock().wallMs(nowMs));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("Server {}: leader {} sent an unreadable configuration in NEWLEADER: {}", settings.mySid(),
                    learner.leaderSid(), e.getMessage());
        }
    }

    private void applyCommitted(LoggedTxn t, long nowMs) {
        while (!appendedUnapplied.isEmpty() && appendedUnapplied.peekFirst().zxid() <= t.zxid()) {
            appendedUnapplied.pollFirst();
        }
        applyToReplica(t, nowMs);
        // Only a history whose epoch is established puts a reconfiguration in force. A learner still syncing
        // applies what the new leader sent (its log, committed once a quorum acks NEWLEADER), and the leader
        // that sent it may fail before that: then the next leader's TRUNC removes the reconfiguration, which the
        // learner would have spread in its election notifications meanwhile. Established or synced, the node
        // puts the newest configuration of its tree in force (activateLogged), as ZooKeeper's learner takes the
        // configuration at UPTODATE.
        if (reconfig.enabled() && serving) {
            QuorumConfig next;
            try {
                next = Reconfiguration.of(t);
            } catch (IllegalArgumentException e) {
                LOG.error("Server {}: the reconfiguration committed at {} holds an unreadable configuration ({});"
                        + " keeping configuration 0x{}", settings.mySid(), Zxid.hex(t.zxid()), e.getMessage(),
                        Long.toHexString(reconfig.config().version()));
                next = null;
            }
            if (next != null) {
                activateConfig(next, "committed at " + Zxid.hex(t.zxid()), nowMs);
            }
        }
        if (zab instanceof ZabLeader leader) {
            while (!pendingSyncs.isEmpty() && pendingSyncs.peekFirst()[1] <= t.zxid()) {
                leader.sendRaw(pendingSyncs.pollFirst()[0], new QuorumPacket(PacketType.SYNC, t.zxid(), null, null));
            }
        }
    }

    private void applyToReplica(LoggedTxn t, long nowMs) {
        if (t.zxid() <= tree.lastProcessedZxid()) {
            return;
        }
        if (zab instanceof ZabLeader && front != null) {
            front.committed(t.zxid(), nowMs);
        } else if (front != null) {
            front.apply(t);
        }
        window.add(t);
    }

    private void installSnapshot(long zxid, byte[] bytes, long nowMs) {
        // the snapshot as it followed the SNAP packet, the signature already checked and removed by the transport
        ZkSnapshotFormat.Snapshot snap = ZkSnapshotFormat.read(new JuteInput(bytes),
                ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES);
        snap.tree().setLastProcessedZxid(zxid);
        tree = snap.tree();
        showLocalConfig(settings.core().wallClock().wallMs(nowMs)); // an mtime: a wall stamp, as in ZooKeeper
        sessions = Map.copyOf(snap.sessionTimeoutsMs());
        lastLoggedZxid = zxid;
        snapshotNeeded = false;
        appendedUnapplied.clear();
        window.clear();
        front = ServerCore.learning(settings.core(), nowMs, tree, sessions, gateway);
        out.add(new NodeOutput.PersistSnapshot(tree, sessions, zxid));
    }
}
