package dev.paddock.bench.jmh;

import java.lang.management.ManagementFactory;

/** Live heap of this JVM after full collections, for the in-process memory measurements. */
public final class LiveHeap {
    private static volatile Object sink;

    private LiveHeap() {
    }

    /** Used heap after several full GCs, in bytes. */
    public static long used() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50); // lets the collector's concurrent cleanup settle between the explicit collections
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= last) {
                return Math.min(now, last);
            }
            last = now;
        }
        return last;
    }

    /** Keeps {@code o} reachable until here, so a measurement cannot lose it to the collector. */
    public static void keep(Object o) {
        sink = o;
        sink = null;
    }
}
