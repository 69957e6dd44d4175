package dev.paddock.server.metrics;

/**
 * A leader's own gauges: leader_uptime and the proposal sizes (last_, min_, max_proposal_size; -1 before the
 * first, as ZooKeeper's buffer statistics). Written and read on the core thread.
 */
public final class LeaderFigures {
    private long leadingSinceMs = -1;
    private long last = -1;
    private long min = -1;
    private long max = -1;

    /** The server began leading at {@code nowMs} (ServerClock ms); sizes start over. */
    public void leading(long nowMs) {
        leadingSinceMs = nowMs;
        last = -1;
        min = -1;
        max = -1;
    }

    public void notLeading() {
        leadingSinceMs = -1;
    }

    /** A proposal of {@code bytes} (its serialized txn) went to the learners. */
    public void proposal(long bytes) {
        last = bytes;
        min = min < 0 ? bytes : Math.min(min, bytes);
        max = Math.max(max, bytes);
    }

    /** Milliseconds since the server began leading, or 0 when it does not lead. */
    public long uptimeMs(long nowMs) {
        return leadingSinceMs < 0 ? 0 : nowMs - leadingSinceMs;
    }

    public long last() {
        return last;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }
}
