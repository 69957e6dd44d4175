package dev.paddock.quorum.zab;

/**
 * The leader's view of its own history for syncing learners: the committed txns it still keeps (log files plus
 * an in-memory window) and a snapshot for those too far behind. Implemented by storage in the server and by a
 * model in tests; the Zab core only asks for a plan.
 */
public interface SyncSource {
    /**
     * Plans the sync of a learner whose log ends at {@code peerLastZxid} up to {@code leaderCommittedZxid} (the
     * last txn of ours that is committed). Txns after the divergence point must not be in the plan: a learner
     * holding a txn we never committed is truncated to the last zxid we share with it.
     */
    SyncPlan plan(long peerLastZxid, long leaderCommittedZxid);
}
