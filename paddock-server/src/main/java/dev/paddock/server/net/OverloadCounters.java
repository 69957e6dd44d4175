package dev.paddock.server.net;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the overload limits did, counted under ZooKeeper's metric names (printed by {@code mntr} as
 * {@code zk_<name>}). Updated from the I/O threads and the core thread; read by the four-letter words.
 */
public final class OverloadCounters {
    /** {@code connection_request_count}: connect requests admitted by the connection throttle. */
    public final LongAdder connectionRequests = new LongAdder();
    /** {@code connection_rejected}: connections refused by maxCnxns or the connection throttle. */
    public final LongAdder connectionRejected = new LongAdder();
    /** {@code connection_drop_count}: connections closed by the client's side rather than by the server. */
    public final LongAdder connectionDropped = new LongAdder();
    /** {@code large_requests_rejected}: requests refused by largeRequestMaxBytes. */
    public final LongAdder largeRequestsRejected = new LongAdder();
    /** {@code request_throttle_wait_count}: stalls of the request throttler. */
    public final LongAdder requestThrottleWaits = new LongAdder();
    /** {@code stale_requests}: requests taken for processing after their connection had closed. */
    public final LongAdder staleRequests = new LongAdder();
    /** {@code stale_requests_dropped}: such requests dropped unprocessed. */
    public final LongAdder staleRequestsDropped = new LongAdder();
    /** {@code stale_replies}: replies to a connection that had closed. */
    public final LongAdder staleReplies = new LongAdder();
    /** {@code throttled_ops}: requests answered with THROTTLEDOP (Paddock does not throttle ops: stays 0). */
    public final LongAdder throttledOps = new LongAdder();

    /** {@code connection_token_deficit}: where the throttle's deficit at each admitted connect goes (the metrics). */
    public volatile java.util.function.LongConsumer tokenDeficits = v -> { };

    /** {@code request_throttle_queue_time_ms}: where each request's wait in its inbox goes (ms; the metrics). */
    public volatile java.util.function.LongConsumer requestQueueTimes = v -> { };

    /** Zeroes every counter (srst). */
    public void reset() {
        for (LongAdder a : new LongAdder[] {connectionRequests, connectionRejected, connectionDropped,
                largeRequestsRejected, requestThrottleWaits, staleRequests, staleRequestsDropped, staleReplies,
                throttledOps}) {
            a.reset();
        }
    }
}
