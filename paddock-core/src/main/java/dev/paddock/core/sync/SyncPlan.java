package dev.paddock.core.sync;

import dev.paddock.core.LoggedTxn;
import java.util.List;

/**
 * How a leader brings one learner up to date, as ZooKeeper's {@code LearnerHandler.syncFollower} decides it.
 * After sending the plan the leader forwards every proposal and commit after {@link #lastQueuedZxid()}.
 */
public sealed interface SyncPlan {
    /** The last zxid this plan delivers; the leader starts forwarding live traffic after it. */
    long lastQueuedZxid();

    /** One line for the log: why this plan. */
    String reason();

    /**
     * Send DIFF carrying {@code zxid} (the leader's last committed zxid, or the learner's own when already in
     * sync), then each of {@code txns} as PROPOSAL followed by COMMIT.
     */
    record Diff(long zxid, List<LoggedTxn> txns, long lastQueuedZxid, String reason) implements SyncPlan {
        public Diff {
            txns = List.copyOf(txns);
        }
    }

    /**
     * Send TRUNC carrying {@code zxid} (the learner cuts its log back to it), then each of {@code txns} as
     * PROPOSAL followed by COMMIT.
     */
    record Trunc(long zxid, List<LoggedTxn> txns, long lastQueuedZxid, String reason) implements SyncPlan {
        public Trunc {
            txns = List.copyOf(txns);
        }
    }

    /** Send SNAP carrying {@code zxid} (the leader's last processed zxid) and then a snapshot of the tree. */
    record Snap(long zxid, String reason) implements SyncPlan {
        @Override
        public long lastQueuedZxid() {
            return zxid;
        }
    }
}
