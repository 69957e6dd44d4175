package dev.paddock.server.quorum;

/**
 * Constants of ZooKeeper 3.9's election port (its {@code QuorumCnxManager}), which Paddock speaks byte for byte so
 * that Paddock and ZooKeeper servers can elect together.
 *
 * <p>A connection starts with the dialling side's initial message, then carries frames both ways:
 * <pre>
 *   initial message: long protocolVersion (-65536 = v1, -65535 = v2), long sid, int n, n bytes UTF-8 "host:port"
 *                    (v2: several joined by '|'); or, from servers before 3.5, just long sid (&gt;= 0)
 *   frame:           int length (1..512 KiB), length bytes of payload (an election notification)
 * </pre>
 */
public final class ElectionWire {
    /** Sent since ZooKeeper 3.5 (ZOOKEEPER-107): one election address. */
    public static final long PROTOCOL_VERSION_V1 = -65536L;
    /** Sent since 3.6 when multiAddress is enabled (ZOOKEEPER-3188): '|'-joined addresses. */
    public static final long PROTOCOL_VERSION_V2 = -65535L;
    /** Longest address string an initial message may carry (ZooKeeper's maxBuffer). */
    public static final int MAX_ADDRESS_BYTES = 2048;
    /** Largest frame payload either side accepts (ZooKeeper's PACKETMAXSIZE). */
    public static final int MAX_FRAME_BYTES = 512 * 1024;
    /**
     * Messages waiting per peer. ZooKeeper keeps one (SEND_CAPACITY): a newer notification makes an older one
     * worthless, so the oldest is dropped rather than sent stale.
     */
    public static final int SEND_CAPACITY = 1;
    /** Received messages waiting for the election (ZooKeeper's RECV_CAPACITY); the oldest is dropped when full. */
    public static final int RECV_CAPACITY = 100;
    /** The sid an observer with no configured id announces; the receiver gives it a local negative id. */
    public static final long OBSERVER_ID = Long.MAX_VALUE;

    private ElectionWire() {
    }
}
