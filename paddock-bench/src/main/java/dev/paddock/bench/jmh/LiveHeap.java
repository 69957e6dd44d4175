package dev.paddock.bench.jmh;

/** Live heap of this JVM after full collections, for the in-process memory measurements (TreeMemory, WatchMemory). */
final class LiveHeap {
    private LiveHeap() {
    }

    /** The least used heap seen over five explicit full collections, in bytes. */
    static long used() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
