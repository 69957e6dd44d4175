package dev.paddock.server.net;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Min / max / mean of request latencies in ms, as the four-letter words report them. Not thread-safe. */
final class Latencies {
    private long count;
    private long total;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    void add(long ms) {
        count++;
        total += ms;
        min = Math.min(min, ms);
        max = Math.max(max, ms);
    }

    void reset() {
        count = 0;
        total = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
    }

    /** 0 before the first sample. */
    long min() {
        return count == 0 ? 0 : min;
    }

    /** 0 before the first sample. */
    long max() {
        return count == 0 ? 0 : max;
    }

    /** Mean in whole ms (cons). */
    long meanMillis() {
        return count == 0 ? 0 : total / count;
    }

    /** Mean rounded half-up to 4 decimals (srvr, stat, mntr). */
    double meanRounded() {
        return count == 0 ? 0 : new BigDecimal(total / (double) count).setScale(4, RoundingMode.HALF_UP).doubleValue();
    }
}
