package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.election.ElectionCore;
import dev.paddock.quorum.election.Outbound;
import dev.paddock.quorum.election.ServerState;
import dev.paddock.quorum.zab.DurableState;
import dev.paddock.quorum.zab.InMemorySyncSource;
import dev.paddock.quorum.zab.ZabConfig;
import dev.paddock.quorum.zab.ZabLeader;
import dev.paddock.quorum.zab.ZabLearner;
import dev.paddock.quorum.zab.ZabOutput;
import dev.paddock.quorum.zab.ZabRole;
import dev.paddock.quorum.zab.Zxid;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One simulated server: its election core, its current Zab role, its replica (Paddock's DataTree + Applier) and
 * its disk. It carries out the roles' outputs as the server will: disk actions on {@link NodeDisk}, packets on
 * {@link SimNet} connections, commits on the tree.
 */
public final class SimNode {
    private final long sid;
    private final boolean observer;
    private final Simulation sim;
    private final NodeDisk store;
    private final ZabConfig zabConfig;

    private boolean up;
    private int bootCount;
    private int roleGen;
    private ElectionCore election;
    private ZabRole role;
    private boolean serving;
    private DataTree tree;
    private Applier applier;
    private SimNet.Conn leaderConn;
    private boolean connecting;
    private final Map<Long, SimNet.Conn> learnerConns = new TreeMap<>();
    private boolean syncPending;
    private ZabOutput.SyncMode lastSyncMode;
    private final Map<ZabOutput.SyncMode, Integer> syncCounts = new TreeMap<>();
    /** ZooKeeper's committedLog: the last txns replayed or committed, for DIFF (used with the core planner). */
    private dev.paddock.core.sync.CommittedWindow window;

    SimNode(long sid, boolean observer, Simulation sim, ZabConfig zabConfig) {
        this.sid = sid;
        this.observer = observer;
        this.sim = sim;
        this.zabConfig = zabConfig;
        this.store = sim.params().realStorage() ? new StorageDisk(sid, sim.checker(), sim.random().nextLong(),
                sim.params().diffWindow()) : new SimStore(sid, sim.checker());
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

    int roleGen() {
        return roleGen;
    }

    public ZabRole role() {
        return role;
    }

    public DataTree tree() {
        return tree;
    }

    NodeDisk store() {
        return store;
    }

    /** An established leader or a learner past UPTODATE. */
    public boolean isServing() {
        return up && serving;
    }

    public boolean isEstablishedLeader() {
        return up && role instanceof ZabLeader l && l.isEstablished() && !l.isStopped();
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

    // ---- lifecycle ----

    void boot() {
        up = true;
        bootCount++;
        rebuildReplica();
        if (store.recoveredCurrentEpochBehindLog()) {
            // a crash between persisting synced txns and writing currentEpoch; recovery adopts the log's epoch
            sim.currentEpochBehindLog(this);
        }
        election = new ElectionCore(sim.electionConfig(sid, observer));
        lookForLeader();
    }

    void crash() {
        if (!up) {
            return;
        }
        up = false;
        serving = false;
        store.crash(sim.random());
        closeConnections();
        role = null;
        roleGen++;
        election = null;
        syncPending = false;
    }

    private void rebuildReplica() {
        tree = store.recover();
        applier = new Applier(tree);
        window = new dev.paddock.core.sync.CommittedWindow(sim.params().diffWindow());
        for (LoggedTxn t : store.txns()) {
            window.add(t);
        }
    }

    private void lookForLeader() {
        role = null;
        serving = false;
        roleGen++;
        leaderConn = null;
        connecting = false;
        handleElection(election.start(store.lastZxid(), store.currentEpoch(), sim.nowMs()));
    }

    void tick() {
        if (!up) {
            return;
        }
        handleElection(election.tick(sim.nowMs()));
        if (role != null) {
            role.tick();
            if (role instanceof ZabLearner l && leaderConn == null && !connecting && !l.isStopped()) {
                connect(l.leaderSid());
            }
            drain();
        }
    }

    // ---- election ----

    void electionMessage(long from, byte[] bytes) {
        if (up) {
            handleElection(election.onMessage(from, bytes, sim.nowMs()));
        }
    }

    private void handleElection(List<Outbound> outs) {
        for (Outbound o : outs) {
            if (o instanceof Outbound.Send s) {
                sim.sendElection(sid, s.toSid(), s.bytes());
            } else if (o instanceof Outbound.Decided d && role == null) {
                startRole(d.role(), d.vote().leader());
            }
        }
    }

    private void startRole(ServerState state, long leaderSid) {
        store.sync(); // the log written under the previous role becomes durable before the new one counts on it
        rebuildReplica(); // as ZooKeeper reloads its database: the replica holds exactly the log, committed or not
        DurableState ds = DurableState.recovered(store.acceptedEpoch(), store.currentEpoch(), store.lastZxid());
        roleGen++;
        if (state == ServerState.LEADING) {
            dev.paddock.quorum.zab.SyncSource source = sim.params().zkPlanner()
                    ? new dev.paddock.quorum.zab.PlannerSyncSource(new dev.paddock.core.sync.SyncPlanner(), window,
                            store.txnHistory(), store::newestSnapshotBytes,
                            this::snapshotAt)
                    : this::planSync;
            role = new ZabLeader(zabConfig, ds, source);
        } else {
            role = new ZabLearner(zabConfig, leaderSid, state == ServerState.OBSERVING, ds);
            connect(leaderSid);
        }
        drain();
    }

    private dev.paddock.quorum.zab.SyncPlan planSync(long peerLastZxid, long committedZxid) {
        NavigableMap<Long, LoggedTxn> log = new TreeMap<>();
        for (LoggedTxn t : store.txns()) {
            log.put(t.zxid(), t);
        }
        // keep only the last diffWindow committed txns for DIFF: older learners get a snapshot
        long windowStart = store.snapshotZxid();
        NavigableMap<Long, LoggedTxn> upTo = log.headMap(committedZxid, true);
        int extra = upTo.size() - sim.params().diffWindow();
        if (extra > 0) {
            windowStart = upTo.keySet().stream().skip(extra - 1).findFirst().orElse(windowStart);
        }
        return new InMemorySyncSource(log, windowStart, this::snapshotAt).plan(peerLastZxid, committedZxid);
    }

    private byte[] snapshotAt(long zxid) {
        if (tree.lastProcessedZxid() != zxid) {
            sim.checker().violation("leader " + sid + " snapshots its tree at " + Zxid.hex(tree.lastProcessedZxid())
                    + " for a SNAP at " + Zxid.hex(zxid));
        }
        JuteOutput out = new JuteOutput(4096);
        ZkSnapshotFormat.writeSync(tree, Map.of(), out);
        byte[] bytes = out.toByteArray();
        List<LoggedTxn> history = new java.util.ArrayList<>();
        for (LoggedTxn t : store.history()) {
            if (t.zxid() <= zxid) {
                history.add(t);
            }
        }
        sim.rememberSnapshot(bytes, history);
        return bytes;
    }

    // ---- connections ----

    private void connect(long leaderSid) {
        SimNode leader = sim.node(leaderSid);
        if (leader == null || leaderSid == sid) {
            return;
        }
        connecting = true;
        int gen = roleGen;
        sim.net().connect(this, leader);
        // a refused or lost attempt is retried from tick()
        sim.loop().after(sim.params().tickMs(), () -> {
            if (roleGen == gen && leaderConn == null) {
                connecting = false;
            }
        });
    }

    void connectFailed() {
        connecting = false;
    }

    /** Learner side: the connection to the leader is up. */
    void connectionUp(SimNet.Conn c) {
        connecting = false;
        if (!up || c.learnerGen != roleGen || leaderConn != null || !(role instanceof ZabLearner)) {
            sim.net().reset(c);
            return;
        }
        leaderConn = c;
        role.connected(c.leader.sid);
        drain();
    }

    /** Leader side: a learner connected. Only a leading role accepts; the learner speaks first. */
    void accepted(SimNet.Conn c) {
        if (!up || c.leaderGen != roleGen || !(role instanceof ZabLeader)) {
            sim.net().reset(c);
            return;
        }
        SimNet.Conn old = learnerConns.put(c.learner.sid, c);
        if (old != null) {
            sim.net().reset(old);
        }
        role.connected(c.learner.sid);
    }

    void connectionClosed(SimNet.Conn c) {
        if (!up) {
            return;
        }
        long peer = c.other(this).sid;
        if (leaderConn == c) {
            leaderConn = null;
        } else if (learnerConns.get(peer) == c) {
            learnerConns.remove(peer);
        } else {
            return;
        }
        if (role != null) {
            role.disconnected(peer);
            drain();
        }
    }

    private void closeConnections() {
        if (leaderConn != null) {
            sim.net().reset(leaderConn);
            leaderConn = null;
        }
        for (SimNet.Conn c : learnerConns.values()) {
            sim.net().reset(c);
        }
        learnerConns.clear();
    }

    void receive(SimNet.Conn c, long from, QuorumPacket p) {
        if (!up || role == null || (leaderConn != c && learnerConns.get(from) != c)) {
            return;
        }
        role.onPacket(from, p);
        drain();
    }

    // ---- client writes (leader only) ----

    /** Proposes a txn built for the next zxid; returns the zxid or -1 if this server cannot take writes now. */
    long propose(java.util.function.LongFunction<LoggedTxn> build) {
        if (!isEstablishedLeader()) {
            return -1;
        }
        ZabLeader l = (ZabLeader) role;
        LoggedTxn txn = build.apply(l.nextZxid());
        boolean ok = l.propose(txn);
        drain();
        return ok ? txn.zxid() : -1;
    }

    // ---- outputs ----

    private void drain() {
        ZabRole r = role;
        if (r == null) {
            return;
        }
        int boot = bootCount;
        for (ZabOutput o : r.drain()) {
            if (!up || bootCount != boot || role != r) {
                return; // crashed (or the role ended) while carrying out earlier outputs: the rest never happens
            }
            carryOut(r, o);
        }
    }

    private void carryOut(ZabRole r, ZabOutput o) {
        if (o instanceof ZabOutput.Send s) {
            SimNet.Conn c = r instanceof ZabLeader ? learnerConns.get(s.toSid()) : leaderConn;
            if (c != null) {
                sim.net().send(c, this, s.packet());
                if (sim.crashAfterSend(this, s.packet())) {
                    sim.crash(sid);
                }
            }
        } else if (o instanceof ZabOutput.Disconnect d) {
            SimNet.Conn c = learnerConns.remove(d.sid());
            if (c != null) {
                sim.net().reset(c);
            }
        } else if (o instanceof ZabOutput.Append a) {
            store.append(a.txn());
            scheduleSync();
        } else if (o instanceof ZabOutput.Truncate t) {
            durableWrite(o, () -> {
                store.truncateAfter(t.zxid());
                rebuildReplica();
            });
        } else if (o instanceof ZabOutput.InstallSnapshot s) {
            durableWrite(o, () -> {
                store.installSnapshot(s.zxid(), s.snapshot(), sim.snapshotHistory(s.snapshot()));
                rebuildReplica();
            });
        } else if (o instanceof ZabOutput.WriteAcceptedEpoch w) {
            durableWrite(o, () -> store.writeAcceptedEpoch(w.epoch()));
        } else if (o instanceof ZabOutput.WriteCurrentEpoch w) {
            durableWrite(o, () -> store.writeCurrentEpoch(w.epoch()));
        } else if (o instanceof ZabOutput.Apply a) {
            applier.apply(a.txn().header(), a.txn().txn(), TreeEvents.NONE);
            window.add(a.txn());
            if (r instanceof ZabLeader) {
                sim.checker().commit(sid, a.txn());
                sim.acknowledged(a.txn());
            } else if (serving) {
                sim.checker().onServingApply(sid, a.txn());
            }
        } else if (o instanceof ZabOutput.Established e) {
            serving = true;
            sim.checker().onEstablished(sid, e.epoch(), e.lastZxid(), store);
            election.updatePeerEpoch(e.epoch());
        } else if (o instanceof ZabOutput.Synced s) {
            serving = true;
            lastSyncMode = s.mode();
            syncCounts.merge(s.mode(), 1, Integer::sum);
            sim.synced(s.mode());
            sim.checker().checkLogAgrees(sid, store, false);
            election.updatePeerEpoch(s.epoch());
        } else if (o instanceof ZabOutput.ElectionNeeded) {
            closeConnections();
            lookForLeader();
        }
    }

    /** An atomic durable write; the process may die just before or just after it. */
    private void durableWrite(ZabOutput what, Runnable write) {
        if (sim.maybeCrashOnDiskWrite(this, what, true)) {
            return;
        }
        write.run();
        sim.maybeCrashOnDiskWrite(this, what, false);
    }

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
            store.afterSync(tree);
            if (role != null) {
                role.persisted(store.lastZxid());
                drain();
            }
        });
    }
}
