package dev.paddock.core;

/**
 * An ensemble member's quorum figures as mntr reports them, read on the core thread.
 *
 * @param serving                 true while this member serves clients (mntr answers only then, as ZooKeeper's)
 * @param peerState               ZooKeeper's detailed peer state, e.g. "leading - broadcast"
 * @param quorumSize              voting members
 * @param leading                 true on the leader: the learner gauges below are only reported there
 * @param learners                learners connected to the leader, synced or not
 * @param syncedFollowers         followers past the start of their sync (they get the broadcast), leader excluded
 * @param syncedNonVotingFollowers synced followers that are not voters
 * @param syncedObservers         observers past the start of their sync
 * @param pendingSyncs            learners' syncs waiting for a commit, counted by zxid
 * @param observing               true on an observer
 * @param observerMasterId        the server an observer learns from (its leader)
 * @param membership              the configuration in force, as /zookeeper/config shows it ("" when none)
 */
public record QuorumFigures(boolean serving, String peerState, int quorumSize, boolean leading, int learners,
                           int syncedFollowers, int syncedNonVotingFollowers, int syncedObservers, int pendingSyncs, boolean observing,
                           long observerMasterId, String membership) {
}
