package dev.paddock.faults.workload;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.run.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Per-second counts of every workload operation by outcome, and the latency of those that completed (one
 * HdrHistogram per second). An unknown operation counts in the second it was given up and adds no latency: its
 * "latency" would only be the give-up timeout.
 */
final class SecondStats {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final ConcurrentMap<Long, Bucket> seconds = new ConcurrentHashMap<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();

    /** One operation ended (or was given up) at {@code atNanos} of the run, after {@code latencyNanos}. */
    void record(Outcome outcome, long atNanos, long latencyNanos) {
        operations.incrementAndGet();
        if (outcome == Outcome.UNKNOWN) {
            unknown.incrementAndGet();
        }
        seconds.computeIfAbsent(atNanos / NANOS_PER_SECOND, s -> new Bucket()).add(outcome, latencyNanos);
    }

    long operations() {
        return operations.get();
    }

    long unknown() {
        return unknown.get();
    }

    /** One sample per second from 0 to the last second with an operation; quiet seconds are zero rows. */
    List<Sample> samples() {
        long last = seconds.keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        List<Sample> out = new ArrayList<>();
        for (long s = 0; s <= last; s++) {
            Bucket b = seconds.get(s);
            out.add(b == null ? new Sample(s, 0, 0, 0, 0, 0, 0) : b.sample(s));
        }
        return out;
    }

    private static final class Bucket {
        private final Histogram latency = new Histogram(3_600_000_000_000L, 2);
        private int ok;
        private int fail;
        private int unknown;

        synchronized void add(Outcome o, long latencyNanos) {
            switch (o) {
                case OK -> ok++;
                case FAIL -> fail++;
                case UNKNOWN -> unknown++;
                default -> throw new IllegalStateException(o.name());
            }
            if (o != Outcome.UNKNOWN) {
                latency.recordValue(Math.max(0, Math.min(latencyNanos, latency.getHighestTrackableValue())));
            }
        }

        synchronized Sample sample(long second) {
            if (latency.getTotalCount() == 0) {
                return new Sample(second, ok, fail, unknown, 0, 0, 0);
            }
            return new Sample(second, ok, fail, unknown, ms(latency.getValueAtPercentile(50)),
                    ms(latency.getValueAtPercentile(99)), ms(latency.getMaxValue()));
        }

        private static double ms(long nanos) {
            return nanos / 1e6;
        }
    }
}
