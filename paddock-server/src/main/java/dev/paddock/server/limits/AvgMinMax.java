package dev.paddock.server.limits;

/**
 * A summary of observed values as ZooKeeper's four-letter words print one: average (rounded half-up to 4 decimals),
 * minimum, maximum, count and sum, all 0 before the first value. Request latencies (srvr, stat, cons, mntr) and the
 * connection throttle's token deficit use it. Thread-safe.
 */
public final class AvgMinMax {
    private long count;
    private long sum;
    private long min;
    private long max;

    public synchronized void add(long value) {
        if (count == 0 || value < min) {
            min = value;
        }
        if (count == 0 || value > max) {
            max = value;
        }
        count++;
        sum += value;
    }

    public synchronized void reset() {
        count = 0;
        sum = 0;
        min = 0;
        max = 0;
    }

    public synchronized double avg() {
        if (count == 0) {
            return 0;
        }
        return new java.math.BigDecimal(sum / (double) count).setScale(4, java.math.RoundingMode.HALF_UP)
                .doubleValue();
    }

    /** The mean in whole units, rounded down (cons prints latencies so). */
    public synchronized long meanFloor() {
        return count == 0 ? 0 : sum / count;
    }

    public synchronized long min() {
        return min;
    }

    public synchronized long max() {
        return max;
    }

    public synchronized long count() {
        return count;
    }

    public synchronized long sum() {
        return sum;
    }
}
