package dev.paddock.core.pipeline;

import dev.paddock.core.tree.DataTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quota excesses in the server's log: the first at once, then at most one line per {@link #INTERVAL_MS} of the
 * transactions' time, which also counts the excesses left out since the line before (a client retrying a refused
 * write must not flood the log).
 */
final class QuotaLog {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaLog.class);
    static final long INTERVAL_MS = 1000;

    private boolean logged;
    private long lastMs;
    private long leftOut;

    /** Logs {@code excess} unless a line went out less than {@link #INTERVAL_MS} before (then counts it). */
    void report(DataTree.QuotaExcess excess, long timeMs) {
        if (logged && timeMs >= lastMs && timeMs - lastMs < INTERVAL_MS) {
            leftOut++;
            return;
        }
        if (leftOut > 0) {
            LOG.warn("{} ({} more since the last report)", excess, leftOut);
        } else {
            LOG.warn("{}", excess);
        }
        logged = true;
        lastMs = timeMs;
        leftOut = 0;
    }
}
