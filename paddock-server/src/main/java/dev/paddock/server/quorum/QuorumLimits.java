package dev.paddock.server.quorum;

/**
 * Bounds on what one quorum-port connection reads and queues.
 *
 * @param maxFieldBytes   longest string or buffer in a packet or snapshot (ZooKeeper: jute.maxbuffer + extrasize)
 * @param maxAuthIds      most Ids in one packet's authinfo (ZooKeeper has no bound; a request carries a few)
 * @param maxSnapshotBytes largest snapshot stream a learner buffers (the reader takes it as one array)
 * @param maxQueuedBytes  encoded bytes waiting to be sent on one connection; beyond it the peer is too slow and
 *                        the connection is closed (ZooKeeper queues without bound and relies on syncLimit)
 */
public record QuorumLimits(int maxFieldBytes, int maxAuthIds, int maxSnapshotBytes, long maxQueuedBytes) {
    public QuorumLimits {
        if (maxFieldBytes < 1024 || maxAuthIds < 0 || maxSnapshotBytes < 64 || maxQueuedBytes < maxFieldBytes) {
            throw new IllegalArgumentException("quorum limits too small: " + maxFieldBytes + "/" + maxAuthIds + "/"
                    + maxSnapshotBytes + "/" + maxQueuedBytes);
        }
    }

    /** ZooKeeper's defaults for fields; a snapshot up to the largest Java array; 1 GiB queued per peer. */
    public static QuorumLimits defaults() {
        return forJuteMaxBuffer(QuorumPortWire.ZK_JUTE_MAXBUFFER, QuorumPortWire.ZK_JUTE_EXTRASIZE);
    }

    /** The field bound a ZooKeeper server with these two settings applies (extrasize is never below 1024). */
    public static QuorumLimits forJuteMaxBuffer(int juteMaxBuffer, int extraSize) {
        long field = (long) juteMaxBuffer + Math.max(1024, extraSize);
        return new QuorumLimits((int) Math.min(Integer.MAX_VALUE - 64, field), 1024, Integer.MAX_VALUE - 64,
                1L << 30);
    }
}
