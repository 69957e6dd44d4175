package dev.paddock.quorum.zab;

import java.util.Set;

/**
 * The ensemble as Zab needs it. Times are in ticks: the driver calls {@code tick} once per tickTime.
 *
 * @param mySid this server's id
 * @param voters the participants (they ack proposals and count for quorums), including the leader
 * @param observers servers that learn but never vote
 * @param initLimitTicks how long discovery and sync may take before the leader or learner gives up
 * @param syncLimitTicks how long a peer may stay silent once synced
 * @param quorumConfig the bytes sent in NEWLEADER (ZooKeeper sends its quorum verifier's text; may be empty)
 * @param configVersion sent in LearnerInfo (ZooKeeper's quorum verifier version)
 * @param lastUsableCounter the leader asks for a new election rather than propose a zxid with this counter;
 *                          ZooKeeper uses 0xffffffff, tests may lower it to reach a rollover quickly
 * @param nextVoters the voters of a proposed but not yet activated configuration this leader's log holds (empty:
 *                   none): until it is activated, discovery and sync need a quorum of both, as ZooKeeper's
 *                   NEWLEADER proposal waits for its last seen configuration too
 */
public record ZabConfig(long mySid, Set<Long> voters, Set<Long> observers, int initLimitTicks, int syncLimitTicks,
                        byte[] quorumConfig, long configVersion, long lastUsableCounter, Set<Long> nextVoters) {

    public ZabConfig(long mySid, Set<Long> voters, Set<Long> observers, int initLimitTicks, int syncLimitTicks,
                     byte[] quorumConfig, long configVersion, long lastUsableCounter) {
        this(mySid, voters, observers, initLimitTicks, syncLimitTicks, quorumConfig, configVersion, lastUsableCounter,
                Set.of());
    }

    public ZabConfig {
        voters = Set.copyOf(voters);
        nextVoters = Set.copyOf(nextVoters);
        observers = Set.copyOf(observers);
        if (voters.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs at least one voter");
        }
        if (initLimitTicks <= 0 || syncLimitTicks <= 0) {
            throw new IllegalArgumentException("initLimit and syncLimit must be positive ticks");
        }
        if (lastUsableCounter < 2 || lastUsableCounter > Zxid.MAX_COUNTER) {
            throw new IllegalArgumentException("lastUsableCounter out of range: " + lastUsableCounter);
        }
        quorumConfig = quorumConfig == null ? new byte[0] : quorumConfig.clone();
    }

    public static ZabConfig of(long mySid, Set<Long> voters, Set<Long> observers, int initLimitTicks, int syncLimitTicks) {
        return new ZabConfig(mySid, voters, observers, initLimitTicks, syncLimitTicks, new byte[0], 0, Zxid.MAX_COUNTER);
    }

    public ZabConfig withLastUsableCounter(long counter) {
        return new ZabConfig(mySid, voters, observers, initLimitTicks, syncLimitTicks, quorumConfig, configVersion, counter,
                nextVoters);
    }

    /** A strict majority of voters. */
    public boolean isQuorum(Set<Long> sids) {
        int n = 0;
        for (long sid : sids) {
            if (voters.contains(sid)) {
                n++;
            }
        }
        return n * 2 > voters.size();
    }

    public boolean isVoter(long sid) {
        return voters.contains(sid);
    }

    public boolean isObserver(long sid) {
        return observers.contains(sid);
    }
}
