package dev.paddock.server.metrics;

import dev.paddock.server.limits.AvgMinMax;
import java.util.Arrays;
import java.util.Map;

/**
 * A ZooKeeper summary: count, sum, minimum and maximum of observed values, and the most recent values (1024; 128
 * for each key of a summary set, which may have many) for percentiles. {@code mntr} prints avg_/min_/max_/cnt_/sum_ (and p50_/p95_/p99_/p999_ for a summary
 * ZooKeeper registers at its ADVANCED detail level); Prometheus gets the quantiles ZooKeeper registers (0.5, plus
 * 0.9 and 0.99 when advanced), _count and _sum. Adding takes uncontended locks and allocates nothing after the first
 * value. Thread-safe.
 */
public final class Summary {
    /** Values kept for percentiles (ZooKeeper: a 4096-value reservoir for mntr, a 10-minute window for Prometheus). */
    static final int RECENT = 1024;
    /** Values kept by each key's summary in a set (a namespace each: there may be many). */
    static final int RECENT_PER_KEY = 128;

    private final String name;
    private final boolean advanced;
    /** Count, sum, minimum, maximum and ZooKeeper's rounded average (guarded by this summary's lock too). */
    private final AvgMinMax totals = new AvgMinMax();
    private final int keep;
    private long[] recent;
    private int next;

    Summary(String name, boolean advanced) {
        this(name, advanced, RECENT);
    }

    /** @param keep how many recent values to keep for percentiles */
    Summary(String name, boolean advanced, int keep) {
        this.name = name;
        this.advanced = advanced;
        this.keep = keep;
    }

    public String name() {
        return name;
    }

    /** Whether ZooKeeper registers it at DetailLevel.ADVANCED (percentiles in mntr, three quantiles in /metrics). */
    public boolean advanced() {
        return advanced;
    }

    public synchronized void add(long value) {
        totals.add(value);
        if (recent == null) {
            recent = new long[keep];
        }
        recent[next] = value;
        next = (next + 1) % keep;
    }

    synchronized void reset() {
        totals.reset();
        next = 0;
        recent = null;
    }

    /** A consistent copy: count, sum, min, max and the recent values sorted. */
    public synchronized Snapshot snapshot() {
        int n = (int) Math.min(totals.count(), keep);
        long[] sorted = recent == null ? new long[0] : Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        return new Snapshot(totals.count(), totals.sum(), totals.min(), totals.max(), totals.avg(), sorted);
    }

    /** Puts the mntr entries, under {@code label} (the summary's name, or "key_name" in a set). */
    void mntr(String label, Map<String, Object> out) {
        Snapshot s = snapshot();
        out.put("avg_" + label, s.avg());
        out.put("min_" + label, s.min());
        out.put("max_" + label, s.max());
        out.put("cnt_" + label, s.count());
        out.put("sum_" + label, s.sum());
        if (advanced) {
            out.put("p50_" + label, Math.round(s.interpolated(0.5)));
            out.put("p95_" + label, Math.round(s.interpolated(0.95)));
            out.put("p99_" + label, Math.round(s.interpolated(0.99)));
            out.put("p999_" + label, Math.round(s.interpolated(0.999)));
        }
    }

    /**
     * @param avg    the mean rounded half-up to 4 decimals, 0 when empty (as ZooKeeper prints it)
     * @param sorted the recent values, ascending
     */
    public record Snapshot(long count, long sum, long min, long max, double avg, long[] sorted) {

        /** The q-quantile of the recent values by linear interpolation between ranks; 0 when empty (mntr). */
        public double interpolated(double q) {
            int n = sorted.length;
            if (n == 0) {
                return 0;
            }
            double pos = q * (n + 1);
            int index = (int) pos;
            if (index < 1) {
                return sorted[0];
            }
            if (index >= n) {
                return sorted[n - 1];
            }
            double lower = sorted[index - 1];
            return lower + (pos - Math.floor(pos)) * (sorted[index] - lower);
        }

        /** The q-quantile of the recent values as an observed value (nearest rank); NaN when empty (Prometheus). */
        public double nearestRank(double q) {
            int n = sorted.length;
            if (n == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(q * n);
            return sorted[Math.max(0, Math.min(n - 1, rank - 1))];
        }
    }
}
