package dev.paddock.quorum.election;

/** ZooKeeper's {@code totalOrderPredicate}: which of two proposed leaders is the better choice. */
public final class VoteOrder {

    private VoteOrder() {
    }

    /**
     * Whether the proposal (newId, newZxid, newEpoch) beats (curId, curZxid, curEpoch): higher peer epoch first,
     * then higher zxid, then higher sid. A server of weight 0 never wins, whatever its history.
     */
    public static boolean isBetter(VotingView view, long newId, long newZxid, long newEpoch,
                                   long curId, long curZxid, long curEpoch) {
        if (view.weight(newId) == 0) {
            return false;
        }
        if (newEpoch != curEpoch) {
            return newEpoch > curEpoch;
        }
        if (newZxid != curZxid) {
            return newZxid > curZxid;
        }
        return newId > curId;
    }
}
