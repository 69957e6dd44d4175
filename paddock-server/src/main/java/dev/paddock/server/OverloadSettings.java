package dev.paddock.server;

/**
 * The limits that keep one client from hurting the others, with ZooKeeper's keys and defaults where ZooKeeper has
 * the limit (each key also as the system property {@code zookeeper.<key>}, as ZooKeeper forwards unknown zoo.cfg
 * keys), plus two of Paddock's own for a connection's queues.
 *
 * @param globalOutstandingLimit          {@code globalOutstandingLimit} (1000): once more requests than this are
 *                                        being processed, connections with requests in process stop being read
 * @param requestThrottleMaxRequests      {@code request_throttle_max_requests} (0 = off): the core takes no new
 *                                        request while this many are in process
 * @param requestThrottleStallTimeMs      {@code request_throttle_stall_time} (100 ms): how long one stall lasts
 * @param requestThrottleDropStale        {@code request_throttle_drop_stale} (true): a stalled request whose
 *                                        connection has closed is dropped
 * @param connectionThrottle              the {@code connection_throttle_*} keys
 * @param maxCnxns                        {@code maxCnxns} (0 = unlimited): connections on the client port
 * @param clientPortListenBacklog         {@code clientPortListenBacklog} (-1 = the OS default)
 * @param largeRequestMaxBytes            {@code largeRequestMaxBytes} (100 MiB): bytes of large requests in process
 * @param largeRequestThreshold           {@code largeRequestThreshold} (-1 = off): a request larger than this is
 *                                        "large"
 * @param connectionMaxQueuedRequests     Paddock's {@code paddock.connection.maxQueuedRequests} (1000): requests
 *                                        read from one connection and not yet taken by the core before its reads
 *                                        pause
 * @param connectionMaxQueuedReplyBytes   Paddock's {@code paddock.connection.maxQueuedReplyBytes} (1 MiB): reply
 *                                        bytes waiting for one client to read them before the core stops serving
 *                                        that connection's requests (its reads then pause too)
 */
public record OverloadSettings(int globalOutstandingLimit, int requestThrottleMaxRequests,
        int requestThrottleStallTimeMs, boolean requestThrottleDropStale, ConnectionThrottleSettings connectionThrottle,
        int maxCnxns, int clientPortListenBacklog, int largeRequestMaxBytes, int largeRequestThreshold,
        int connectionMaxQueuedRequests, int connectionMaxQueuedReplyBytes) {

    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    public static final int DEFAULT_LARGE_REQUEST_MAX_BYTES = 100 * 1024 * 1024;
    public static final int DEFAULT_CONNECTION_MAX_QUEUED_REQUESTS = 1000;
    public static final int DEFAULT_CONNECTION_MAX_QUEUED_REPLY_BYTES = 1024 * 1024;

    /** ZooKeeper's defaults: only the global outstanding limit is on. */
    public static OverloadSettings defaults() {
        return new OverloadSettings(DEFAULT_GLOBAL_OUTSTANDING_LIMIT, 0, 100, true,
                ConnectionThrottleSettings.defaults(), 0, -1, DEFAULT_LARGE_REQUEST_MAX_BYTES, -1,
                DEFAULT_CONNECTION_MAX_QUEUED_REQUESTS, DEFAULT_CONNECTION_MAX_QUEUED_REPLY_BYTES);
    }

    /**
     * ZooKeeper's connection throttle: a token bucket ({@code connection_throttle_tokens}, 0 = off, refilled with
     * {@code _fill_count} tokens every {@code _fill_time} ms) with random early drop ({@code _freeze_time} ms
     * between adjustments, -1 = off; {@code _drop_increase}, {@code _drop_decrease}, {@code _decrease_ratio}).
     */
    public record ConnectionThrottleSettings(int tokens, int fillTimeMs, int fillCount, int freezeTimeMs,
            double dropIncrease, double dropDecrease, double decreaseRatio) {
        public static ConnectionThrottleSettings defaults() {
            return new ConnectionThrottleSettings(0, 1, 1, -1, 0.02, 0.002, 0);
        }

        public boolean enabled() {
            return tokens > 0;
        }
    }
}
