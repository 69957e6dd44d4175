package dev.paddock.bench.overload;

import org.HdrHistogram.Histogram;

/**
 * The good client's figures over one phase (idle or under attack): operations completed, operations that failed
 * (and the first failure's text), and latency percentiles in milliseconds.
 */
public record LatencyStats(long ops, long errors, String firstError, double p50Ms, double p99Ms, double maxMs) {

    static LatencyStats of(Histogram h, long errors, String firstError) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new LatencyStats(0, errors, firstError, Double.NaN, Double.NaN, Double.NaN);
        }
        return new LatencyStats(n, errors, firstError, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
