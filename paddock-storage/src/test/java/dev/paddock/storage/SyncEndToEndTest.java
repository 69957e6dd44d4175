package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.sync.SyncPlan;
import dev.paddock.core.sync.SyncPlanner;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A leader's storage plans a learner's sync and the learner's storage carries it out (TRUNC by truncateAfter,
 * DIFF by appending): afterwards the learner recovers the leader's tree.
 */
class SyncEndToEndTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);

    private final SimDisk leaderDisk = new SimDisk(11);
    private final SimDisk learnerDisk = new SimDisk(12);

    private static Storage storage(SimDisk d) {
        return new Storage(d, d, new Storage.Config(60, 4096, true, STRICT), 7);
    }

    /**
     * Both servers log the same {@code common} steps; then the learner alone logs {@code extra} more (proposals
     * of a leader that died before committing them), or stops logging after {@code learnerStops} steps.
     */
    private long build(int common, int learnerStops, int extra) throws IOException {
        Storage leader = storage(leaderDisk);
        Storage learner = storage(learnerDisk);
        leader.snapshot(new DataTree(), Map.of(), 0);
        learner.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(5), new DataTree(), Map.of());
        long learnerLast = 0;
        for (int i = 0; i < common + extra; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            if (p.isEmpty()) {
                continue;
            }
            boolean toLeader = i < common;
            boolean toLearner = i < learnerStops || i >= common;
            for (Storage s : toLeader && toLearner ? List.of(leader, learner)
                    : toLeader ? List.of(leader) : toLearner ? List.of(learner) : List.<Storage>of()) {
                s.append(p);
                s.sync();
                if (s.snapshotDue()) {
                    s.roll();
                    s.snapshot(w.core.tree(), w.core.sessionTimeouts(), p.get(p.size() - 1).zxid());
                }
            }
            if (toLearner) {
                learnerLast = p.get(p.size() - 1).zxid();
            }
            w.core.committed(p.get(p.size() - 1).zxid(), w.now);
        }
        leader.close();
        learner.close();
        return learnerLast;
    }

    private SyncPlan plan(long learnerLast, long leaderZxid, int windowCount) throws IOException {
        return plan(learnerLast, leaderZxid, windowCount, SyncPlanner.DEFAULT_SNAPSHOT_SIZE_FACTOR);
    }

    private SyncPlan plan(long learnerLast, long leaderZxid, int windowCount, double factor) throws IOException {
        Storage leader = storage(leaderDisk);
        leader.recover();
        CommittedWindow window = new CommittedWindow(windowCount);
        leader.recentTxns(windowCount + 1).forEach(window::add);
        return new SyncPlanner(factor, false).plan(learnerLast, leaderZxid, window, leader,
                leader.newestSnapshotBytes());
    }

    private void assertLearnerRecoversTheLeadersTree() throws IOException {
        Recovery.Result leader = storage(leaderDisk).recover();
        Recovery.Result learner = storage(learnerDisk).recover();
        assertThat(learner.lastZxid()).isEqualTo(leader.lastZxid());
        assertThat(TreeDump.of(learner.tree())).isEqualTo(TreeDump.of(leader.tree()));
    }

    @Test
    void learnerWithAnUncommittedTailIsTruncated() throws IOException {
        long learnerLast = build(300, 300, 25);
        long leaderLast = storage(leaderDisk).recover().lastZxid();
        assertThat(learnerLast).isGreaterThan(leaderLast);
        // the new leader's tree stands at its new epoch's zxid 0, as after an election
        SyncPlan p = plan(learnerLast, 1L << 32, 500);
        assertThat(p).as(p.reason()).isEqualTo(new SyncPlan.Trunc(leaderLast, List.of(), leaderLast, p.reason()));
        Storage learner = storage(learnerDisk);
        learner.truncateAfter(((SyncPlan.Trunc) p).zxid());
        assertLearnerRecoversTheLeadersTree();
    }

    @Test
    void learnerFarBehindTheWindowIsDiffedFromTheLog() throws IOException {
        long learnerLast = build(400, 300, 0);
        long leaderLast = storage(leaderDisk).recover().lastZxid();
        // with ZooKeeper's factor the log after the learner outweighs a third of the (small) snapshot
        assertThat(plan(learnerLast, leaderLast, 50)).isInstanceOf(SyncPlan.Snap.class);
        SyncPlan p = plan(learnerLast, leaderLast, 50, 1.0);
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Diff.class);
        SyncPlan.Diff d = (SyncPlan.Diff) p;
        assertThat(d.zxid()).isEqualTo(leaderLast);
        assertThat(d.txns().size()).isGreaterThan(51);
        Storage learner = storage(learnerDisk);
        learner.recover();
        learner.append(d.txns());
        learner.sync();
        learner.close();
        assertLearnerRecoversTheLeadersTree();
    }

    @Test
    void learnerOutsideTheLeadersHistoryGetsASnapshot() throws IOException {
        long learnerLast = build(300, 300, 25);
        long leaderLast = storage(leaderDisk).recover().lastZxid();
        // the leader moved on in a new epoch: the learner's tail of the old epoch cannot be cut by TRUNC
        Storage leader = storage(leaderDisk);
        leader.recover();
        leader.append(List.of(new LoggedTxn(new dev.paddock.jute.txn.TxnHeader(1, 1, 1L << 32 | 1, 0,
                dev.paddock.jute.OpCode.SET_DATA.code), new dev.paddock.jute.txn.SetDataTxn("/", new byte[0], -1))));
        leader.close();
        SyncPlan p = plan(learnerLast, 1L << 32 | 1, 500);
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Snap.class);
        assertThat(p.lastQueuedZxid()).isEqualTo(1L << 32 | 1);
        assertThat(leaderLast).isLessThan(learnerLast);
    }
}
