package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.sync.SyncPlanner;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.TxnHeader;
import dev.paddock.quorum.zab.SyncPlan;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The leader weighs a DIFF from its on-disk log against its newest snapshot file, as ZooKeeper's
 * {@code LearnerHandler} does (found by a ZooKeeper follower that missed 600 big setData calls: ZooKeeper would
 * have sent SNAP, Paddock sent the whole log).
 */
class LeaderHistoryTest {
    private static final long EPOCH1 = 1L << 32;
    private static final int TXNS = 600;
    private static final int BYTES_PER_TXN = 600;

    private static LoggedTxn txn(long zxid) {
        return new LoggedTxn(new TxnHeader(1, 1, zxid, 0, OpCode.SET_DATA.code),
                new SetDataTxn("/big", new byte[0], (int) zxid));
    }

    /** The on-disk log holds every txn of epoch 1; its txns weigh BYTES_PER_TXN each. */
    private static TxnHistory log(long snapshotBytes) {
        List<LoggedTxn> all = new ArrayList<>();
        for (int i = 1; i <= TXNS; i++) {
            all.add(txn(EPOCH1 + i));
        }
        return new TxnHistory() {
            @Override
            public Optional<Tail> tailFrom(long peerZxid, long sizeLimitBytes) {
                List<LoggedTxn> from = all.stream().filter(t -> t.zxid() >= peerZxid).toList();
                long after = from.stream().filter(t -> t.zxid() > peerZxid).count() * BYTES_PER_TXN;
                if (sizeLimitBytes > 0 && after > sizeLimitBytes) {
                    return Optional.empty();
                }
                Iterator<LoggedTxn> it = from.iterator();
                return Optional.of(new Tail() {
                    @Override
                    public long previousZxid() {
                        return peerZxid - 1;
                    }

                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public LoggedTxn next() {
                        return it.next();
                    }

                    @Override
                    public void close() {
                    }
                });
            }

            @Override
            public long newestSnapshotBytes() {
                return snapshotBytes;
            }
        };
    }

    private static SyncPlan planFor(long peerZxid, long snapshotBytes) {
        CommittedWindow window = new CommittedWindow();
        for (int i = TXNS - CommittedWindow.DEFAULT_COMMIT_LOG_COUNT; i <= TXNS; i++) {
            window.add(txn(EPOCH1 + i));
        }
        LeaderHistory h = new LeaderHistory(window, log(snapshotBytes), new SyncPlanner(), DataTree::new, Map::of);
        return h.plan(peerZxid, EPOCH1 + TXNS);
    }

    @Test
    void learnerBehindTheWindowGetsSnapWhenTheLogOutweighsTheSnapshot() {
        // 590 txns x 600 bytes against 0.33 x 2 KB of snapshot
        assertThat(planFor(EPOCH1 + 10, 2048)).isInstanceOf(SyncPlan.Snap.class);
    }

    @Test
    void learnerBehindTheWindowGetsDiffFromTheLogWhenTheSnapshotIsBigger() {
        SyncPlan p = planFor(EPOCH1 + 10, 10L * TXNS * BYTES_PER_TXN);
        assertThat(p).isInstanceOf(SyncPlan.Diff.class);
        assertThat(p.txns()).hasSize(TXNS - 10);
    }

    @Test
    void learnerInsideTheWindowGetsDiffWhateverTheSnapshot() {
        assertThat(planFor(EPOCH1 + TXNS - 20, 1)).isInstanceOf(SyncPlan.Diff.class);
    }
}
