package dev.paddock.server.quorum;

import dev.paddock.server.faults.QuorumSendDelay;

/**
 * Timeouts and bounds of the quorum port.
 *
 * @param connectTimeoutMs     learner: the whole time allowed to reach the leader, all attempts together
 *                             (ZooKeeper: tickTime × initLimit, or × connectToLearnerMasterLimit when that is set)
 * @param initialReadTimeoutMs both sides until the owner says otherwise: silence longer than this drops the
 *                             connection (ZooKeeper: tickTime × initLimit while syncing; the owner switches to
 *                             tickTime × syncLimit with {@link QuorumConnection#setReadTimeoutMs})
 * @param connectTries         learner: attempts per leader address (ZooKeeper: 5)
 * @param retryDelayMs         learner: pause after a failed attempt (ZooKeeper: 100)
 * @param tcpNoDelay           ZooKeeper sets TCP_NODELAY on both ends unless leader.nodelay/follower.nodelay=false
 * @param maxConnections       leader: learner connections open at once; more are refused
 * @param sendDelay            test-only fault hook holding every packet sent (null, the normal case: no hook)
 */
public record QuorumTransportSettings(int connectTimeoutMs, int initialReadTimeoutMs, int connectTries,
        int retryDelayMs, boolean tcpNoDelay, int maxConnections, QuorumLimits limits, QuorumSendDelay sendDelay) {

    public QuorumTransportSettings {
        if (connectTimeoutMs <= 0 || initialReadTimeoutMs < 0 || connectTries < 1 || retryDelayMs < 0
                || maxConnections < 1) {
            throw new IllegalArgumentException("bad quorum transport settings: connectTimeoutMs=" + connectTimeoutMs
                    + " initialReadTimeoutMs=" + initialReadTimeoutMs + " connectTries=" + connectTries
                    + " retryDelayMs=" + retryDelayMs + " maxConnections=" + maxConnections);
        }
    }

    /** ZooKeeper 3.9's behaviour for these ensemble settings (connectToLearnerMasterLimit 0 means unset). */
    public static QuorumTransportSettings zooKeeper(int tickTimeMs, int initLimit, int connectToLearnerMasterLimit) {
        int initMs = Math.multiplyExact(tickTimeMs, initLimit);
        int connectMs = connectToLearnerMasterLimit > 0
                ? Math.multiplyExact(tickTimeMs, connectToLearnerMasterLimit) : initMs;
        return new QuorumTransportSettings(connectMs, initMs, QuorumPortWire.ZK_CONNECT_TRIES,
                QuorumPortWire.ZK_CONNECT_RETRY_DELAY_MS, true, 1024, QuorumLimits.defaults(), null);
    }

    public QuorumTransportSettings withLimits(QuorumLimits newLimits) {
        return new QuorumTransportSettings(connectTimeoutMs, initialReadTimeoutMs, connectTries, retryDelayMs,
                tcpNoDelay, maxConnections, newLimits, sendDelay);
    }

    public QuorumTransportSettings withRetries(int tries, int delayMs, int totalTimeoutMs) {
        return new QuorumTransportSettings(totalTimeoutMs, initialReadTimeoutMs, tries, delayMs, tcpNoDelay,
                maxConnections, limits, sendDelay);
    }

    /** These settings with the fault hook that holds sent packets ({@code null}: none). */
    public QuorumTransportSettings withSendDelay(QuorumSendDelay delay) {
        return new QuorumTransportSettings(connectTimeoutMs, initialReadTimeoutMs, connectTries, retryDelayMs,
                tcpNoDelay, maxConnections, limits, delay);
    }
}
