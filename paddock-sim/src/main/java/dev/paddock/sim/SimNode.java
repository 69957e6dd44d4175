package dev.paddock.sim;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.WallClock;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.node.NodeOutput;
import dev.paddock.quorum.node.QuorumNode;
import dev.paddock.quorum.zab.DurableState;
import dev.paddock.quorum.zab.PacketType;
import dev.paddock.quorum.zab.ZabOutput;
import dev.paddock.storage.TruncationRefusedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.TreeMap;

/**
 * One simulated server: the same {@link QuorumNode} the server runs (election, Zab, the role's client front),
 * recovered from its simulated disk, with its {@link NodeOutput}s carried out as the server's EnsemblePeer does:
 * election datagrams and quorum connections on {@link SimNet}, disk actions on {@link NodeDisk} (appends made
 * durable later by a simulated group commit), client traffic on {@link SimClient} connections.
 */
public final class SimNode {
    private static final boolean TRACE = Boolean.getBoolean("sim.traceQuorum");
    private final long sid;
    private final boolean observer;
    private final Simulation sim;
    private final NodeDisk store;
    private final QuorumNode.Settings settings;

    private boolean up;
    private int bootCount;
    private QuorumNode node;
    /** Quorum connections by peer sid (a learner has at most its leader's). */
    private final Map<Long, SimNet.Conn> conns = new TreeMap<>();
    /** A learner's leader, dialled until connected while the role lasts; -1 otherwise. */
    private long wantLeader = -1;
    private boolean connecting;
    private boolean syncPending;
    private final Set<SimClientConn> clientConns = new LinkedHashSet<>();

    // what the checkers learn by watching the node
    private boolean servingSeen;
    private long checkedZxid;
    private ZabOutput.SyncMode incomingSyncMode;
    private ZabOutput.SyncMode lastSyncMode;
    private final Map<ZabOutput.SyncMode, Integer> syncCounts = new TreeMap<>();
    private long lastAppendedZxid;

    /** The configuration last put in force, kept across restarts as a server's dynamic config file; null: none. */
    private byte[] durableConfig;

    /** The settings a (re)started server runs with: its last configuration in force, as its files would give it. */
    private QuorumNode.Settings withDurableConfig() {
        if (durableConfig == null) {
            return settings;
        }
        return new QuorumNode.Settings(settings.core(), settings.voters(), settings.observers(), settings.tickMs(),
                settings.initLimitTicks(), settings.syncLimitTicks(), durableConfig, settings.election(),
                settings.standaloneEnabled());
    }

    /** Between RoleChanged(LEADING, serving) and the next role change: its COMMITs are commits. */
    private boolean establishedLeader;

    /** The txns this server appended lately, by zxid: what a COMMIT it sends as leader names. */
    private final Map<Long, LoggedTxn> recentAppends = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, LoggedTxn> eldest) {
            return size() > 4096;
        }
    };

    SimNode(long sid, boolean observer, Simulation sim, QuorumNode.Settings settings) {
        this.sid = sid;
        this.observer = observer;
        this.sim = sim;
        this.settings = settings;
        this.store = sim.params().realStorage() ? new StorageDisk(sid, sim.checker(), sim.random().nextLong(),
                sim.params().diffWindow()) : new SimStore(sid, sim.checker());
    }

    static QuorumNode.Settings settings(long sid, Set<Long> voters, Set<Long> observers, SimParams p,
                                        WallClock wallClock, UnaryOperator<CoreConfig> coreChange) {
        int tick = (int) p.tickMs();
        // reconfiguring runs skip ACLs: the reconfig requests come from ordinary simulated clients
        CoreConfig core = coreChange.apply(new CoreConfig(sid, tick, 2 * tick, SimClient.MAX_TIMEOUT_MS, null, false,
                60_000, p.reconfig(), wallClock).withReconfigEnabled(p.reconfig()));
        return new QuorumNode.Settings(core, voters, observers, tick, p.initLimitTicks(), p.syncLimitTicks(),
                new byte[0], new QuorumNode.ElectionTiming(200, 200, 2_000));
    }

    // ---- observation ----

    public long sid() {
        return sid;
    }

    public boolean isUp() {
        return up;
    }

    public boolean isObserver() {
        return observer;
    }

    /** The node while the server is up, else null. */
    public QuorumNode node() {
        return up ? node : null;
    }

    public NodeOutput.Role roleName() {
        return up ? node.role() : null;
    }

    /** The epoch this server is in (its currentEpoch), -1 while down. */
    public long epoch() {
        return up ? node.currentEpoch() : -1;
    }

    /** The leader this server follows or is, -1 while looking or down. */
    public long leaderSid() {
        return up ? node.leaderSid() : -1;
    }

    public DataTree tree() {
        return up ? node.tree() : null;
    }

    public Map<Long, Integer> sessions() {
        return up ? node.sessions() : Map.of();
    }

    NodeDisk store() {
        return store;
    }

    /** An established leader or a learner past UPTODATE. */
    public boolean isServing() {
        return up && node.serving();
    }

    public boolean isEstablishedLeader() {
        return up && node.role() == NodeOutput.Role.LEADING && node.serving();
    }

    public ZabOutput.SyncMode lastSyncMode() {
        return lastSyncMode;
    }

    public int syncCount(ZabOutput.SyncMode mode) {
        return syncCounts.getOrDefault(mode, 0);
    }

    public long lastLoggedZxid() {
        return store.lastZxid();
    }

    public long currentEpoch() {
        return store.currentEpoch();
    }

    public List<LoggedTxn> loggedTxns() {
        return store.txns();
    }

    /** The zxid of the last txn this server appended to its log (for scenario writes). */
    long lastAppendedZxid() {
        return lastAppendedZxid;
    }

    // ---- lifecycle ----

    void boot() {
        up = true;
        bootCount++;
        NodeDisk.Recovered r = store.recover();
        if (store.recoveredCurrentEpochBehindLog()) {
            // a crash between persisting synced txns and writing currentEpoch; recovery adopts the log's epoch
            sim.currentEpochBehindLog(this);
        }
        DurableState state = DurableState.recovered(store.acceptedEpoch(), store.currentEpoch(), store.lastZxid());
        node = new QuorumNode(withDurableConfig(), state, r.tree(), r.sessions(), store.txnHistory(),
                sim.params().diffWindow(), sim.params().lastUsableCounter());
        node.seedCommittedWindow(store.txns()); // the window keeps the newest diffWindow of them
        servingSeen = false;
        wantLeader = -1;
        connecting = false;
        input(() -> node.start(sim.nowMs()));
    }

    void crash() {
        if (!up) {
            return;
        }
        up = false;
        store.crash(sim.random());
        for (SimNet.Conn c : List.copyOf(conns.values())) {
            sim.net().reset(c);
        }
        conns.clear();
        for (SimClientConn c : List.copyOf(clientConns)) {
            c.serverGone();
        }
        clientConns.clear();
        node = null;
        syncPending = false;
        wantLeader = -1;
        servingSeen = false;
    }

    void tick() {
        if (!up) {
            return;
        }
        input(() -> node.tick(sim.nowMs()));
        if (up && wantLeader >= 0 && !connecting && !conns.containsKey(wantLeader)) {
            connect(wantLeader); // a refused or lost dial is retried while the learner waits for its leader
        }
    }

    void electionMessage(long from, byte[] bytes) {
        if (up) {
            input(() -> node.electionMessage(from, bytes, sim.nowMs()));
        }
    }

    // ---- clients ----

    void clientConnect(SimClientConn conn, ConnectRequest req) {
        if (!up) {
            conn.close();
            return;
        }
        clientConns.add(conn);
        input(() -> node.clientConnect(conn, req, sim.nowMs()));
    }

    void clientRequest(SimClientConn conn, RequestHeader header, JuteRecord body) {
        if (!up || !clientConns.contains(conn)) {
            conn.close();
            return;
        }
        input(() -> node.clientRequest(conn, header, body, sim.nowMs()));
    }

    void clientClosed(SimClientConn conn) {
        if (up && clientConns.remove(conn)) {
            input(() -> node.clientClosed(conn, sim.nowMs()));
        }
    }

    void forgetClient(ClientConnection conn) {
        clientConns.remove(conn);
    }

    // ---- quorum connections ----

    private void connect(long leaderSid) {
        SimNode leader = sim.node(leaderSid);
        if (leader == null || leaderSid == sid) {
            return;
        }
        connecting = true;
        sim.net().connect(this, leader);
    }

    void connectFailed() {
        connecting = false;
    }

    /** Learner side: the dialled connection is up (the leader accepted it first, or reset it). */
    void connectionUp(SimNet.Conn c) {
        connecting = false;
        if (!up || !c.open || wantLeader != c.leader.sid() || conns.containsKey(wantLeader)) {
            sim.net().reset(c);
            return;
        }
        conns.put(wantLeader, c);
        input(() -> node.quorumConnected(c.leader.sid(), sim.nowMs()));
    }

    /** Leader side: a learner connected; only a leading node accepts (the learner speaks first). */
    boolean accepted(SimNet.Conn c) {
        if (!up || node.role() != NodeOutput.Role.LEADING) {
            sim.net().reset(c);
            return false;
        }
        SimNet.Conn old = conns.put(c.learner.sid(), c);
        if (old != null) {
            sim.net().reset(old);
        }
        input(() -> node.quorumConnected(c.learner.sid(), sim.nowMs()));
        return true;
    }

    void connectionClosed(SimNet.Conn c) {
        if (!up) {
            return;
        }
        long peer = c.other(this).sid();
        if (conns.get(peer) != c) {
            return; // one this side already dropped or replaced
        }
        conns.remove(peer);
        input(() -> node.quorumDisconnected(peer, sim.nowMs()));
    }

    void receive(SimNet.Conn c, long from, QuorumPacket p) {
        if (!up || conns.get(from) != c) {
            return;
        }
        if (TRACE) {
            sim.note("server " + sid + " <- " + from + " " + PacketType.name(p.type()) + " "
                    + dev.paddock.quorum.zab.Zxid.hex(p.zxid()));
        }
        switch (p.type()) {
            case PacketType.DIFF -> incomingSyncMode = ZabOutput.SyncMode.DIFF;
            case PacketType.TRUNC -> incomingSyncMode = ZabOutput.SyncMode.TRUNC;
            case PacketType.SNAP -> incomingSyncMode = ZabOutput.SyncMode.SNAP;
            default -> {
            }
        }
        input(() -> node.quorumPacket(from, p, sim.nowMs()));
    }

    // ---- outputs ----

    /** Feeds one input to the node, lets the checkers look, then carries out what it asked. */
    private void input(Runnable call) {
        int boot = bootCount;
        call.run();
        for (int round = 0; round < 100_000; round++) {
            if (!up || bootCount != boot) {
                return; // the process died while carrying out earlier outputs: the rest never happens
            }
            List<NodeOutput> outs = node.drain();
            observe(outs);
            if (outs.isEmpty()) {
                return;
            }
            for (NodeOutput o : outs) {
                if (!up || bootCount != boot) {
                    return;
                }
                carryOut(o);
            }
        }
        sim.checker().violation("server " + sid + " keeps producing outputs");
    }

    /**
     * Tells the checkers what the node did, before its outputs go anywhere: a leader established (its history is
     * committed), the commits it applied since, and what a serving learner applied.
     */
    private void observe(List<NodeOutput> outs) {
        boolean serving = node.serving();
        if (!serving) {
            servingSeen = false;
            return;
        }
        DataTree tree = node.tree();
        if (!servingSeen) {
            servingSeen = true;
            if (node.role() == NodeOutput.Role.LEADING) {
                sim.checker().onEstablished(sid, node.currentEpoch(), node.lastLoggedZxid(), store);
            } else {
                lastSyncMode = incomingSyncMode;
                if (lastSyncMode != null) {
                    syncCounts.merge(lastSyncMode, 1, Integer::sum);
                    sim.synced(lastSyncMode);
                }
                sim.checker().checkLogAgrees(sid, store, false);
            }
            checkedZxid = tree.lastProcessedZxid();
            return;
        }
        long applied = tree.lastProcessedZxid();
        if (applied <= checkedZxid) {
            return;
        }
        Map<Long, LoggedTxn> known = new HashMap<>();
        for (LoggedTxn t : store.history()) {
            if (t.zxid() > checkedZxid && t.zxid() <= applied) {
                known.put(t.zxid(), t);
            }
        }
        for (NodeOutput o : outs) {
            if (o instanceof NodeOutput.Append a && a.txn().zxid() > checkedZxid && a.txn().zxid() <= applied) {
                known.put(a.txn().zxid(), a.txn());
            }
        }
        List<LoggedTxn> inOrder = new ArrayList<>(new TreeMap<>(known).values());
        for (LoggedTxn t : inOrder) {
            if (node.role() == NodeOutput.Role.LEADING) {
                sim.checker().commit(sid, t);
            } else {
                sim.checker().onServingApply(sid, t);
            }
        }
        checkedZxid = applied;
    }

    private void carryOut(NodeOutput o) {
        if (TRACE && !(o instanceof NodeOutput.ElectionSend) && !(o instanceof NodeOutput.QuorumSend)) {
            sim.note("server " + sid + " does " + o);
        }
        if (o instanceof NodeOutput.ElectionSend s) {
            sim.sendElection(sid, s.toSid(), s.bytes());
        } else if (o instanceof NodeOutput.QuorumSend s) {
            int type = s.packet().type();
            if (establishedLeader && (type == PacketType.COMMIT || type == PacketType.COMMITANDACTIVATE)) {
                // only a leader sends these, once a quorum acked: the checker learns the commit even when the
                // leader hands over in the same step (a reconfiguration) and is never seen serving with it applied
                LoggedTxn t = recentAppends.get(s.packet().zxid());
                if (t != null) {
                    sim.checker().commit(sid, t);
                }
            }
            SimNet.Conn c = conns.get(s.toSid());
            if (c != null) {
                sim.net().send(c, this, s.packet());
                if (sim.crashAfterSend(this, s.packet())) {
                    sim.crash(sid);
                }
            }
        } else if (o instanceof NodeOutput.ConnectToLeader c) {
            SimNet.Conn old = conns.remove(c.leaderSid());
            if (old != null) {
                sim.net().reset(old);
            }
            wantLeader = c.leaderSid();
            incomingSyncMode = null;
            if (!connecting) {
                connect(wantLeader);
            }
        } else if (o instanceof NodeOutput.QuorumDisconnect d) {
            if (d.sid() == wantLeader) {
                wantLeader = -1;
            }
            SimNet.Conn c = conns.remove(d.sid());
            if (c != null) {
                sim.net().reset(c);
            }
        } else if (o instanceof NodeOutput.Append a) {
            recentAppends.put(a.txn().zxid(), a.txn());
            store.append(a.txn());
            lastAppendedZxid = a.txn().zxid();
            scheduleSync();
        } else if (o instanceof NodeOutput.Truncate t) {
            durableWrite(o, () -> {
                try {
                    store.truncateAfter(t.zxid());
                } catch (java.io.UncheckedIOException e) {
                    if (e.getCause() instanceof TruncationRefusedException refused) {
                        sim.note("server " + sid + " cannot truncate to 0x" + Long.toHexString(t.zxid())
                                + ": asks for a snapshot");
                        node.truncationRefused(t.zxid(), refused.getMessage()); // as EnsemblePeer does
                        return;
                    }
                    sim.storageFailed(this, e); // the server stops on a storage failure, as EnsemblePeer does
                    return;
                }
                NodeDisk.Recovered r = store.recover();
                node.replicaReloaded(r.tree(), r.sessions());
            });
        } else if (o instanceof NodeOutput.PersistSnapshot s) {
            durableWrite(o, () -> store.installSnapshot(s.zxid(), s.tree(), s.sessions(), snapshotHistory(s.zxid())));
        } else if (o instanceof NodeOutput.WriteAcceptedEpoch w) {
            durableWrite(o, () -> store.writeAcceptedEpoch(w.epoch()));
        } else if (o instanceof NodeOutput.WriteCurrentEpoch w) {
            durableWrite(o, () -> store.writeCurrentEpoch(w.epoch()));
        } else if (o instanceof NodeOutput.ConfigActivated c) {
            durableConfig = c.config().text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            sim.checker().configActivated(sid, c.config());
            sim.note("server " + sid + " activates configuration 0x" + Long.toHexString(c.config().version())
                    + " voters " + c.config().voters() + " observers " + c.config().observers());
        } else if (o instanceof NodeOutput.RoleChanged r) {
            // a leader syncing learners sends its history as PROPOSAL+COMMIT before a quorum established it
            establishedLeader = r.role() == NodeOutput.Role.LEADING && r.serving();
            if (r.role() == NodeOutput.Role.LOOKING) {
                wantLeader = -1;
            }
            if (!r.serving()) {
                // the node dropped its clients; the network closes whatever it still holds
                for (SimClientConn c : List.copyOf(clientConns)) {
                    c.close();
                }
                clientConns.clear();
            }
        }
    }

    /**
     * What a snapshot from the leader stands for, for the checkers: the leader's tree is its log applied up to
     * the snapshot's zxid (the committed history as the checker knows it if the leader is unknown).
     */
    private List<LoggedTxn> snapshotHistory(long zxid) {
        SimNode leader = sim.node(node.leaderSid());
        if (leader == null || leader == this) {
            return sim.checker().committedUpTo(zxid);
        }
        List<LoggedTxn> h = new ArrayList<>();
        for (LoggedTxn t : leader.store().history()) {
            if (t.zxid() <= zxid) {
                h.add(t);
            }
        }
        return h;
    }

    /** An atomic durable write; the process may die just before or just after it. */
    private void durableWrite(NodeOutput what, Runnable write) {
        if (sim.maybeCrashOnDiskWrite(this, what, true)) {
            return;
        }
        write.run();
        sim.maybeCrashOnDiskWrite(this, what, false);
    }

    /** A simulated group commit: everything appended until it runs becomes durable together, in log order. */
    private void scheduleSync() {
        if (syncPending) {
            return;
        }
        syncPending = true;
        int boot = bootCount;
        SimParams p = sim.params();
        long delay = p.minFsyncMs() + sim.random().nextInt(p.maxFsyncMs() - p.minFsyncMs() + 1);
        sim.loop().after(delay, () -> {
            if (!up || bootCount != boot) {
                return;
            }
            syncPending = false;
            store.sync();
            store.afterSync(node.tree(), node.sessions());
            long durable = store.lastZxid();
            input(() -> node.persisted(durable, sim.nowMs()));
        });
    }
}
