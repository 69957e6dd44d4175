package dev.paddock.quorum.zab;

/** The leader's record of one connected learner. */
final class LearnerPeer {
    enum Stage {
        /** FOLLOWERINFO/OBSERVERINFO received; waiting for the new epoch to be decided. */
        INFO,
        /** LEADERINFO sent; waiting for ACKEPOCH. */
        LEADERINFO_SENT,
        /** ACKEPOCH received; waiting for a quorum of them before sync starts. */
        EPOCH_ACKED,
        /** Sync packets and NEWLEADER sent; the learner now gets every PROPOSAL/COMMIT (or INFORM). */
        SYNCING,
        /** The learner acked NEWLEADER: it has persisted our history. */
        NEWLEADER_ACKED,
        /** UPTODATE sent: the learner serves. */
        UPTODATE
    }

    final long sid;
    final boolean observer;
    final long acceptedEpoch;
    Stage stage = Stage.INFO;
    long peerLastZxid = -1;
    long lastHeardTick;

    LearnerPeer(long sid, boolean observer, long acceptedEpoch, long nowTick) {
        this.sid = sid;
        this.observer = observer;
        this.acceptedEpoch = acceptedEpoch;
        this.lastHeardTick = nowTick;
    }

    /** Past sync start: gets broadcast traffic. */
    boolean forwarding() {
        return stage.compareTo(Stage.SYNCING) >= 0;
    }

    boolean ackedNewLeader() {
        return stage.compareTo(Stage.NEWLEADER_ACKED) >= 0;
    }
}
