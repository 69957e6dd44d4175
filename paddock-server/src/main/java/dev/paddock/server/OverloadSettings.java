package dev.paddock.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The limits that keep one client from hurting the others, with ZooKeeper's keys and defaults where ZooKeeper has
 * the limit (each key also as the system property {@code zookeeper.<key>}, as ZooKeeper forwards unknown zoo.cfg
 * keys), plus three of Paddock's own (also as the bare system properties {@code -Dpaddock.connection.maxQueuedRequests},
 * {@code -Dpaddock.connection.maxQueuedReplyBytes} and {@code -Dpaddock.core.maxInProcess}).
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
 * @param clientPortListenBacklog         {@code clientPortListenBacklog} (-1 = the default): the client port's
 *                                        listen backlog; as configured (conf prints it), applied only when
 *                                        positive
 * @param largeRequestMaxBytes            {@code largeRequestMaxBytes} (100 MiB): bytes of large requests in process
 * @param largeRequestThreshold           {@code largeRequestThreshold} (-1 = off): a request larger than this is
 *                                        "large"
 * @param connectionMaxQueuedRequests     Paddock's {@code paddock.connection.maxQueuedRequests} (1000): requests
 *                                        read from one connection and not yet taken by the core before its reads
 *                                        pause
 * @param connectionMaxQueuedReplyBytes   Paddock's {@code paddock.connection.maxQueuedReplyBytes} (1 MiB): reply
 *                                        bytes waiting for one client to read them before the core stops serving
 *                                        that connection's requests (its reads then pause too)
 * @param coreMaxInProcess                Paddock's {@code paddock.core.maxInProcess} (128, 0 = off): while
 *                                        ZooKeeper's request throttler is off, the core takes no new request while
 *                                        this many are in process, so a request waits behind at most this many
 *                                        others (plus one turn of each busy connection), not behind everything a
 *                                        flood has sent
 */
public record OverloadSettings(int globalOutstandingLimit, int requestThrottleMaxRequests,
        int requestThrottleStallTimeMs, boolean requestThrottleDropStale, ConnectionThrottleSettings connectionThrottle,
        int maxCnxns, int clientPortListenBacklog, int largeRequestMaxBytes, int largeRequestThreshold,
        int connectionMaxQueuedRequests, int connectionMaxQueuedReplyBytes, int coreMaxInProcess) {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadSettings.class);

    public static final String MAX_QUEUED_REQUESTS_KEY = "paddock.connection.maxQueuedRequests";
    public static final String MAX_QUEUED_REPLY_BYTES_KEY = "paddock.connection.maxQueuedReplyBytes";
    public static final String CORE_MAX_IN_PROCESS_KEY = "paddock.core.maxInProcess";
    public static final int DEFAULT_CORE_MAX_IN_PROCESS = 128;

    public static final int DEFAULT_GLOBAL_OUTSTANDING_LIMIT = 1000;
    public static final int DEFAULT_LARGE_REQUEST_MAX_BYTES = 100 * 1024 * 1024;
    public static final int DEFAULT_CONNECTION_MAX_QUEUED_REQUESTS = 1000;
    public static final int DEFAULT_CONNECTION_MAX_QUEUED_REPLY_BYTES = 1024 * 1024;

    /** ZooKeeper's defaults: only the global outstanding limit is on. */
    public static OverloadSettings defaults() {
        return new OverloadSettings(DEFAULT_GLOBAL_OUTSTANDING_LIMIT, 0, 100, true,
                ConnectionThrottleSettings.defaults(), 0, -1, DEFAULT_LARGE_REQUEST_MAX_BYTES, -1,
                DEFAULT_CONNECTION_MAX_QUEUED_REQUESTS, DEFAULT_CONNECTION_MAX_QUEUED_REPLY_BYTES,
                DEFAULT_CORE_MAX_IN_PROCESS);
    }

    /**
     * Reads the limits. A value that is not a number (or not true/false) stops start-up with a
     * {@link ConfigException} naming the key and where it came from; so does a value that cannot work (a fill time
     * of 0, a negative token count). Where ZooKeeper 3.9.3 logs a warning and falls back instead, so does this:
     * {@code maxCnxns} below 0 (unlimited), {@code largeRequestMaxBytes} of 0 or less (the default stays),
     * {@code largeRequestThreshold} of 0 or below -1 (off), {@code clientPortListenBacklog} of 0 or below -1 (the
     * default backlog).
     */
    static OverloadSettings parse(ConfigSource src) {
        int globalOutstandingLimit = src.intValue("globalOutstandingLimit", DEFAULT_GLOBAL_OUTSTANDING_LIMIT, 0);
        int throttleMax = src.intValue("request_throttle_max_requests", 0, 0);
        int throttleStall = src.intValue("request_throttle_stall_time", 100, 0);
        boolean dropStale = src.boolValue("request_throttle_drop_stale", true);
        ConnectionThrottleSettings connectionThrottle = ConnectionThrottleSettings.parse(src);

        int maxCnxns = 0;
        ConfigSource.Value v = src.lookup("maxCnxns");
        if (v != null) {
            maxCnxns = ConfigSource.parseInt(v);
            if (maxCnxns < 0) {
                LOG.warn("maxCnxns={} ({}) is negative; connections are not limited in total", maxCnxns,
                        v.origin());
                maxCnxns = 0;
            }
        }
        int backlog = -1;
        v = src.lookup("clientPortListenBacklog");
        if (v != null) {
            backlog = ConfigSource.parseInt(v);
            if (backlog < 1 && backlog != -1) {
                LOG.warn("clientPortListenBacklog={} ({}) is not positive; the default backlog is used", backlog,
                        v.origin());
            }
        }
        int largeMax = DEFAULT_LARGE_REQUEST_MAX_BYTES;
        v = src.lookup("largeRequestMaxBytes");
        if (v != null) {
            int n = ConfigSource.parseInt(v);
            if (n <= 0) {
                LOG.warn("largeRequestMaxBytes={} ({}) is not positive; it stays at {}", n, v.origin(), largeMax);
            } else {
                largeMax = n;
            }
        }
        int largeThreshold = -1;
        v = src.lookup("largeRequestThreshold");
        if (v != null) {
            largeThreshold = ConfigSource.parseInt(v);
            if (largeThreshold == 0 || largeThreshold < -1) {
                LOG.warn("largeRequestThreshold={} ({}) must be -1 or positive; using -1 (no large-request limit)",
                        largeThreshold, v.origin());
                largeThreshold = -1;
            }
        }
        int maxQueuedRequests = src.intValue(MAX_QUEUED_REQUESTS_KEY, DEFAULT_CONNECTION_MAX_QUEUED_REQUESTS, 1,
                MAX_QUEUED_REQUESTS_KEY);
        int maxQueuedReplyBytes = src.intValue(MAX_QUEUED_REPLY_BYTES_KEY, DEFAULT_CONNECTION_MAX_QUEUED_REPLY_BYTES,
                1, MAX_QUEUED_REPLY_BYTES_KEY);
        int coreMaxInProcess = src.intValue(CORE_MAX_IN_PROCESS_KEY, DEFAULT_CORE_MAX_IN_PROCESS, 0,
                CORE_MAX_IN_PROCESS_KEY);
        return new OverloadSettings(globalOutstandingLimit, throttleMax, throttleStall, dropStale,
                connectionThrottle, maxCnxns, backlog, largeMax, largeThreshold, maxQueuedRequests,
                maxQueuedReplyBytes, coreMaxInProcess);
    }

    /** The backlog to ask the OS for, or -1 for the default ({@code clientPortListenBacklog} when positive). */
    public int effectiveListenBacklog() {
        return clientPortListenBacklog > 0 ? clientPortListenBacklog : -1;
    }

    /**
     * The settings as an ensemble member applies them: ZooKeeper's leader and followers divide
     * {@code globalOutstandingLimit} by (voting members - 1) when there are more than two voting members (a write
     * occupies every follower); observers and standalone servers keep it whole.
     */
    public OverloadSettings forMember(int votingMembers, boolean observer) {
        if (observer || votingMembers <= 2) {
            return this;
        }
        return new OverloadSettings(globalOutstandingLimit / (votingMembers - 1), requestThrottleMaxRequests,
                requestThrottleStallTimeMs, requestThrottleDropStale, connectionThrottle, maxCnxns,
                clientPortListenBacklog, largeRequestMaxBytes, largeRequestThreshold, connectionMaxQueuedRequests,
                connectionMaxQueuedReplyBytes, coreMaxInProcess);
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

        /** Whether random early drop is on ({@code _freeze_time} is not -1). */
        public boolean randomDropEnabled() {
            return freezeTimeMs != -1;
        }

        static ConnectionThrottleSettings parse(ConfigSource src) {
            ConnectionThrottleSettings d = defaults();
            return new ConnectionThrottleSettings(
                    src.intValue("connection_throttle_tokens", d.tokens(), 0),
                    src.intValue("connection_throttle_fill_time", d.fillTimeMs(), 1),
                    src.intValue("connection_throttle_fill_count", d.fillCount(), 0),
                    src.intValue("connection_throttle_freeze_time", d.freezeTimeMs(), -1),
                    fraction(src, "connection_throttle_drop_increase", d.dropIncrease()),
                    fraction(src, "connection_throttle_drop_decrease", d.dropDecrease()),
                    fraction(src, "connection_throttle_decrease_ratio", d.decreaseRatio()));
        }

        /** A probability step or ratio: a finite number from 0 to 1. */
        private static double fraction(ConfigSource src, String key, double def) {
            ConfigSource.Value v = src.lookup(key);
            if (v == null) {
                return def;
            }
            double d;
            try {
                d = Double.parseDouble(v.text());
            } catch (NumberFormatException e) {
                throw ConfigSource.bad(v, "not a number");
            }
            if (!(d >= 0 && d <= 1)) {
                throw ConfigSource.bad(v, "must be a number from 0 to 1");
            }
            return d;
        }
    }
}
