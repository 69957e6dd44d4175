package dev.paddock.server.admin;

/**
 * At most one run per interval, the first at once (ZooKeeper's admin rate limiter with a rate of 1). An interval
 * of 0 never limits.
 */
final class RateLimiter {
    private final long intervalNanos;
    private long windowStart;
    private boolean used;

    RateLimiter(long intervalMs) {
        this.intervalNanos = intervalMs * 1_000_000L;
        this.windowStart = System.nanoTime();
    }

    synchronized boolean allow() {
        if (intervalNanos == 0) {
            return true;
        }
        long now = System.nanoTime();
        if (now - windowStart > intervalNanos) {
            windowStart = now;
            used = false;
        }
        if (used) {
            return false;
        }
        used = true;
        return true;
    }
}
