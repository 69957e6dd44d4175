package dev.paddock.core.config;

/**
 * What a leader's request pipeline needs to prepare a reconfiguration: the committed configuration, the last one
 * proposed, and which servers are synced with this leader. The quorum code provides it; a standalone server has none
 * (ZooKeeper answers a reconfiguration there with UNIMPLEMENTED).
 */
public interface Membership {
    /** The configuration in force. */
    QuorumConfig committed();

    /** The newest configuration proposed (equal to {@link #committed()} unless a reconfiguration is in flight). */
    QuorumConfig lastSeen();

    /** ZooKeeper's standaloneEnabled: then a configuration needs at least two voters. */
    boolean standaloneEnabled();

    /** Whether the voters of {@code next} that are this leader or synced with it form a quorum of {@code next}. */
    boolean isQuorumSynced(QuorumConfig next);

    /** {@code next} was prepared as a transaction: it is the last seen configuration from now on. */
    void proposed(QuorumConfig next);
}
