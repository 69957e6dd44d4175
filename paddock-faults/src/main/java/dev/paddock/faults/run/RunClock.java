package dev.paddock.faults.run;

/** Nanoseconds since a run's start, from the monotonic clock: every time in a history and timeline is one. */
public final class RunClock {
    private final long origin = System.nanoTime();

    public long now() {
        return System.nanoTime() - origin;
    }

    public static long millis(long nanos) {
        return nanos / 1_000_000L;
    }
}
