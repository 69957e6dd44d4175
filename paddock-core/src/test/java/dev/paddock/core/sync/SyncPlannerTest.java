package dev.paddock.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision table of ZooKeeper 3.9.3's LearnerHandler.syncFollower, scenario by scenario. */
class SyncPlannerTest {
    private final SyncPlanner planner = new SyncPlanner();
    private final CommittedWindow window = new CommittedWindow();
    private final FakeLog log = new FakeLog();
    private long leaderLast;

    static LoggedTxn txn(long zxid) {
        return new LoggedTxn(new TxnHeader(1, 1, zxid, 0, OpCode.SET_DATA.code), new SetDataTxn("/a", new byte[0], 1));
    }

    static long z(long epoch, long counter) {
        return epoch << 32 | counter;
    }

    private void window(long... zxids) {
        for (long x : zxids) {
            window.add(txn(x));
        }
    }

    private SyncPlan plan(long peer) {
        return planner.plan(peer, leaderLast, window, log, 1000);
    }

    private static List<Long> zxids(List<LoggedTxn> txns) {
        return txns.stream().map(LoggedTxn::zxid).toList();
    }

    private static void assertDiff(SyncPlan p, long zxid, long lastQueued, Long... sent) {
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Diff.class);
        SyncPlan.Diff d = (SyncPlan.Diff) p;
        assertThat(d.zxid()).isEqualTo(zxid);
        assertThat(d.lastQueuedZxid()).isEqualTo(lastQueued);
        assertThat(zxids(d.txns())).containsExactly(sent);
    }

    private static void assertTrunc(SyncPlan p, long zxid, long lastQueued, Long... sent) {
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Trunc.class);
        SyncPlan.Trunc t = (SyncPlan.Trunc) p;
        assertThat(t.zxid()).isEqualTo(zxid);
        assertThat(t.lastQueuedZxid()).isEqualTo(lastQueued);
        assertThat(zxids(t.txns())).containsExactly(sent);
    }

    private void assertSnap(SyncPlan p) {
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Snap.class);
        assertThat(p.lastQueuedZxid()).isEqualTo(leaderLast);
    }

    @Test
    void emptyWindowLearnerAheadIsTruncatedToTheLeadersLastZxid() {
        leaderLast = 1;
        assertTrunc(plan(3), 1, 1);
    }

    @Test
    void learnerInSyncGetsAnEmptyDiffCarryingItsOwnZxid() {
        leaderLast = 1;
        assertDiff(plan(1), 1, 1);
        window(z(1, 1), z(1, 2));
        leaderLast = z(2, 0);
        assertDiff(plan(z(2, 0)), z(2, 0), z(2, 0));
    }

    @Test
    void newMachineWithLogSyncDisabledGetsASnapshot() {
        leaderLast = 1;
        assertSnap(new SyncPlanner(-1, false).plan(0, leaderLast, window, log, 1000));
    }

    @Test
    void learnerWithinTheWindow() {
        leaderLast = 6; // the tree may run ahead of the window
        window(2, 3, 5);
        // 4 was never in the leader's history: cut back to 3, then send 5
        assertTrunc(plan(4), 3, 5, 5L);
        assertDiff(plan(2), 5, 5, 3L, 5L);
        assertDiff(plan(5), 5, 5);
        // older than the window, log sync off
        assertSnap(new SyncPlanner(-1, false).plan(1, leaderLast, window, log, 1000));
    }

    @Test
    void learnerBehindTheWindowIsServedFromTheLogThenTheWindow() {
        log.add(2, 3, 5, 6, 7, 8, 9);
        leaderLast = 9;
        window(6, 7, 8);
        assertTrunc(plan(4), 3, 8, 5L, 6L, 7L, 8L);
        assertDiff(plan(3), 8, 8, 5L, 6L, 7L, 8L);
        assertThat(log.closed).isEqualTo(log.opened);
    }

    @Test
    void logThatCannotServeTheLearnerMeansSnapshot() {
        leaderLast = 7;
        log.add(2, 3);
        log.refuse = true; // as ZooKeeper's empty iterator: too old or too large
        assertSnap(plan(4));
    }

    @Test
    void emptyWindowServedFromTheLogUpToTheLeadersZxid() {
        leaderLast = 7;
        log.add(2, 3, 5, 6, 7, 8);
        assertTrunc(plan(4), 3, 7, 5L, 6L, 7L);
        assertDiff(plan(2), 7, 7, 3L, 5L, 6L, 7L);
        assertSnap(plan(1)); // the log does not reach back to 1
    }

    @Test
    void highEpochZxids() {
        log.add(z(0xf, 2), z(0xf, 3), z(0xf, 5), z(0xf, 6), z(0xf, 7), z(0xf, 8), z(0xf, 9));
        leaderLast = z(0xf, 9);
        window(z(0xf, 6), z(0xf, 7), z(0xf, 8));
        assertTrunc(plan(z(0xf, 4)), z(0xf, 3), z(0xf, 8), z(0xf, 5), z(0xf, 6), z(0xf, 7), z(0xf, 8));
        assertDiff(plan(z(0xf, 3)), z(0xf, 8), z(0xf, 8), z(0xf, 5), z(0xf, 6), z(0xf, 7), z(0xf, 8));
        long top = 0xffffffffL << 32 | 5; // a negative long
        leaderLast = top;
        CommittedWindow w = new CommittedWindow();
        w.add(txn(top - 2));
        w.add(txn(top));
        assertThat(planner.plan(top - 2, top, w, log, 0)).isInstanceOf(SyncPlan.Diff.class);
    }

    @Test
    void learnerAtTheStartOfAnEpoch() {
        log.add(z(0, 1), z(1, 1), z(1, 2));
        leaderLast = z(2, 0);
        window(z(1, 1), z(1, 2));
        // 0x0 is older than everything the log holds
        assertSnap(plan(z(0, 0)));
        // an epoch's zxid 0 is never logged: send everything of that epoch by DIFF, never TRUNC
        assertDiff(plan(z(1, 0)), z(1, 2), z(1, 2), z(1, 1), z(1, 2));
        assertDiff(plan(z(2, 0)), z(2, 0), z(2, 0));
        // an epoch-start zxid beyond the window is not truncated (there is nothing to cut): SNAP
        assertSnap(plan(z(3, 0)));
    }

    @Test
    void truncatingAcrossAnEpochBoundaryIsRefusedInFavourOfASnapshot() {
        log.add(z(1, 1), z(2, 1), z(2, 2), z(4, 1));
        leaderLast = z(6, 0);
        assertSnap(plan(z(3, 1)));
        // the same through the window
        window(z(1, 1), z(2, 1), z(2, 2), z(4, 1));
        assertSnap(plan(z(3, 1)));
        // a learner that went on in epoch 2 after the leader's last epoch-2 txn
        assertSnap(plan(z(2, 5)));
    }

    @Test
    void gapBetweenLogAndWindowMeansSnapshot() {
        log.add(2, 3, 4);
        leaderLast = 8;
        window(7, 8);
        assertSnap(plan(3));
    }

    @Test
    void logLargerThanTheLimitMeansSnapshot() {
        log.add(2, 3, 4, 5);
        leaderLast = 5;
        window(5);
        assertThat(planner.plan(3, leaderLast, window, log, 1000)).isInstanceOf(SyncPlan.Diff.class);
        assertThat(log.lastLimit).isEqualTo(330);
        planner.plan(3, leaderLast, window, log, 0);
        assertThat(log.lastLimit).isZero(); // no snapshot: ZooKeeper puts no limit on the log
        log.bytesPerTxn = 200; // 2 txns after 3 = 400 bytes > 330
        assertSnap(planner.plan(3, leaderLast, window, log, 1000));
        assertThat(new SyncPlanner(5, false).txnLogSizeLimit(1000)).isEqualTo(330);
    }

    @Test
    void damagedLogMeansSnapshotUnlessTheWindowCoversTheRest() {
        log.add(2, 3, 4, 5, 6);
        leaderLast = 6;
        window(5, 6);
        log.failAfter = 1; // reads 3, then a damaged record
        assertSnap(plan(3));
        log.failAfter = 3; // reads 3, 4, 5: the window covers the rest
        assertDiff(plan(3), 6, 6, 4L, 5L, 6L);
        log.failOpen = true;
        assertSnap(plan(3));
    }

    @Test
    void forcedSnapshot() {
        leaderLast = 5;
        window(5);
        assertSnap(new SyncPlanner(0.33, true).plan(5, leaderLast, window, log, 0));
    }

    @Test
    void windowKeepsOneMoreThanTheCountAsZooKeeperDoes() {
        CommittedWindow w = new CommittedWindow(3);
        for (long i = 1; i <= 10; i++) {
            w.add(txn(i));
        }
        assertThat(w.size()).isEqualTo(4);
        assertThat(w.minZxid()).isEqualTo(7);
        assertThat(w.maxZxid()).isEqualTo(10);
        assertThat(w.after(6)).isEmpty();
        assertThat(zxids(w.after(8).orElseThrow())).containsExactly(9L, 10L);
        assertThat(w.after(10).orElseThrow()).isEmpty();
        assertThat(w.after(11)).isEmpty();
        assertThat(CommittedWindow.effectiveCommitLogCount(100)).isEqualTo(500);
        assertThat(new CommittedWindow().minZxid()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> w.add(txn(10)))
                .hasMessageContaining("0xa does not follow 0xa");
    }

    /** The test's on-disk log: a list of txns, with failures to order. */
    static final class FakeLog implements TxnHistory {
        final List<LoggedTxn> txns = new ArrayList<>();
        boolean refuse;
        boolean failOpen;
        int failAfter = -1;
        int bytesPerTxn = 10;
        long lastLimit = -1;
        int opened;
        int closed;

        void add(long... zxids) {
            for (long x : zxids) {
                txns.add(txn(x));
            }
        }

        @Override
        public Optional<Tail> tailFrom(long peerZxid, long sizeLimitBytes) throws IOException {
            lastLimit = sizeLimitBytes;
            if (failOpen) {
                throw new IOException("disk on fire");
            }
            long prev = -1;
            List<LoggedTxn> from = new ArrayList<>();
            for (LoggedTxn t : txns) {
                if (t.zxid() < peerZxid) {
                    prev = t.zxid();
                } else {
                    from.add(t);
                }
            }
            boolean reaches = prev >= 0 || (!from.isEmpty() && from.get(0).zxid() == peerZxid);
            long after = from.stream().filter(t -> t.zxid() > peerZxid).count() * bytesPerTxn;
            if (refuse || !reaches || (sizeLimitBytes > 0 && after > sizeLimitBytes)) {
                return Optional.empty();
            }
            opened++;
            long previous = prev;
            Iterator<LoggedTxn> it = from.iterator();
            return Optional.of(new Tail() {
                int served;

                @Override
                public long previousZxid() {
                    return previous;
                }

                @Override
                public boolean hasNext() {
                    if (failAfter >= 0 && served >= failAfter && it.hasNext()) {
                        throw new UncheckedIOException(new IOException("checksum mismatch"));
                    }
                    return it.hasNext();
                }

                @Override
                public LoggedTxn next() {
                    served++;
                    return it.next();
                }

                @Override
                public void close() {
                    closed++;
                }
            });
        }
    }
}
