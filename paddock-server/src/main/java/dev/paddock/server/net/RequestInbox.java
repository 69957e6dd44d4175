package dev.paddock.server.net;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.RequestHeader;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests read from one connection that the core has not taken yet, in arrival order. The connection's I/O
 * thread adds, the core thread takes; the core serves connections in turn from these inboxes, so one busy client
 * cannot starve the others, and stops taking from a connection whose replies its client is not reading.
 */
public final class RequestInbox {
    /**
     * One request as decoded, with the bytes it holds of the large-request budget (0 if it is not large) and when
     * it arrived (ServerClock ms: its wait is ZooKeeper's request_throttle_queue_time_ms).
     */
    public record Pending(RequestHeader header, JuteRecord body, int largeBytes, long arrivedMs) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    /** The connection is in the core's ready queue, or parked: a new request needs no scheduling. */
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Written by the core thread: the client is not reading its replies, so its requests wait. */
    private volatile boolean parked;

    /** Adds a request; returns the number now waiting. */
    public int add(Pending p) {
        queue.add(p);
        return size.incrementAndGet();
    }

    /** The oldest waiting request, removed; null if none. */
    public Pending poll() {
        Pending p = queue.poll();
        if (p != null) {
            size.decrementAndGet();
        }
        return p;
    }

    public int size() {
        return size.get();
    }

    public boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Marks the connection scheduled; true if it was not (the caller must then put it in the ready queue). */
    public boolean schedule() {
        return scheduled.compareAndSet(false, true);
    }

    /** The core is done with the connection until a new request arrives. */
    public void unschedule() {
        scheduled.set(false);
    }

    public boolean parked() {
        return parked;
    }

    public void park(boolean parked) {
        this.parked = parked;
    }
}
