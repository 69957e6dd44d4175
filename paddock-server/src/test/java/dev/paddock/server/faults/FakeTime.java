package dev.paddock.server.faults;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to or when something sleeps on it; sleeps are recorded. */
final class FakeTime {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final List<Long> sleeps = new ArrayList<>();

    void advanceMs(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
    }

    long nowMs() {
        return nanos.get() / 1_000_000L;
    }

    synchronized void sleep(long ms) {
        sleeps.add(ms);
        advanceMs(ms);
    }

    /** A control on this clock whose jitter draws come from {@code draws}, in turn. */
    FaultControl control(Path file, long... draws) {
        int[] next = {0};
        return new FaultControl(file, nanos::get, this::sleep, bound -> {
            long d = draws[next[0]++ % draws.length];
            if (d < 0 || d >= bound) {
                throw new AssertionError("draw " + d + " outside [0, " + bound + ")");
            }
            return d;
        });
    }
}
