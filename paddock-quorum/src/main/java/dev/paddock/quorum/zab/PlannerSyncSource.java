package dev.paddock.quorum.zab;

import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.sync.SyncPlanner;
import dev.paddock.core.sync.TxnHistory;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * A {@link SyncSource} that decides with core's {@link SyncPlanner} (ZooKeeper 3.9.3's syncFollower rules) over
 * the leader's committed window and on-disk log, and makes a snapshot when the plan is SNAP. The window must hold
 * the txns the leader committed (and, after a restart, those it replayed from its log), as ZooKeeper's
 * committedLog does.
 */
public final class PlannerSyncSource implements SyncSource {
    private final SyncPlanner planner;
    private final CommittedWindow window;
    private final TxnHistory history;
    private final LongSupplier snapshotBytes;
    private final LongFunction<byte[]> snapshotAt;

    /**
     * @param snapshotBytes the size of the leader's newest snapshot file (bounds how much log is worth sending)
     * @param snapshotAt    serializes the leader's tree, which is at the given zxid, for a SNAP
     */
    public PlannerSyncSource(SyncPlanner planner, CommittedWindow window, TxnHistory history,
                             LongSupplier snapshotBytes, LongFunction<byte[]> snapshotAt) {
        this.planner = planner;
        this.window = window;
        this.history = history;
        this.snapshotBytes = snapshotBytes;
        this.snapshotAt = snapshotAt;
    }

    @Override
    public SyncPlan plan(long peerLastZxid, long leaderCommittedZxid) {
        dev.paddock.core.sync.SyncPlan p = planner.plan(peerLastZxid, leaderCommittedZxid, window, history,
                snapshotBytes.getAsLong());
        if (p instanceof dev.paddock.core.sync.SyncPlan.Diff d) {
            return new SyncPlan.Diff(d.zxid(), d.txns());
        } else if (p instanceof dev.paddock.core.sync.SyncPlan.Trunc t) {
            return new SyncPlan.Trunc(t.zxid(), t.txns());
        }
        dev.paddock.core.sync.SyncPlan.Snap s = (dev.paddock.core.sync.SyncPlan.Snap) p;
        return new SyncPlan.Snap(s.zxid(), snapshotAt.apply(s.zxid()), List.of());
    }
}
