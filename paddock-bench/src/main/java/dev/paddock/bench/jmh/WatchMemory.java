package dev.paddock.bench.jmh;

import dev.paddock.core.watch.WatchMode;
import dev.paddock.core.watch.WatchTable;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.server.watch.IWatchManager;
import org.apache.zookeeper.server.watch.WatchManager;
import org.apache.zookeeper.server.watch.WatchManagerOptimized;

/**
 * Live heap per data watch, without a server: Paddock's {@link WatchTable} beside ZooKeeper 3.9.3's default
 * {@code WatchManager} and its {@code WatchManagerOptimized}, in two shapes (100k paths x 10 connections watching
 * each, 1M paths x 1 connection). Every add gets its own copy of the path string, as paths decoded from requests
 * are; the paths themselves (the tree's strings) exist before the first measurement and are not counted.
 *
 * <p>Run: {@code java -Xmx2g -cp paddock-bench/target/classes:<class path> dev.paddock.bench.jmh.WatchMemory
 * [paddock|zookeeper|zookeeper-optimized ...]} (default: all three). Heap is measured as used memory after
 * repeated {@code System.gc()}; figures are approximate (a few bytes).
 */
public final class WatchMemory {
    private WatchMemory() {
    }

    public static void main(String[] args) {
        List<String> kinds = args.length == 0 ? List.of("paddock", "zookeeper", "zookeeper-optimized") : List.of(args);
        int[][] shapes = {{100_000, 10}, {1_000_000, 1}};
        for (int[] shape : shapes) {
            String[] paths = paths(shape[0]);
            for (String kind : kinds) {
                long before = LiveHeap.used();
                Object table = build(kind, paths, shape[1]);
                long after = LiveHeap.used();
                long watches = (long) shape[0] * shape[1];
                System.out.printf("%-20s %8d paths x %2d connections: %6.1f B per watch (%.1f MB)%n", kind, shape[0],
                        shape[1], (after - before) / (double) watches, (after - before) / 1e6);
                Reference.reachabilityFence(table);
                if (table instanceof IWatchManager) {
                    ((IWatchManager) table).shutdown();
                }
            }
            Reference.reachabilityFence(paths);
        }
    }

    static String[] paths(int n) {
        String[] paths = new String[n];
        for (int i = 0; i < n; i++) {
            paths[i] = "/b/d" + (i / 1000) + "/n" + (i % 1000);
        }
        return paths;
    }

    private static Object build(String kind, String[] paths, int conns) {
        switch (kind) {
            case "paddock": {
                WatchTable t = new WatchTable();
                for (int c = 1; c <= conns; c++) {
                    for (String p : paths) {
                        t.add(copy(p), 0x1000L + c, WatchMode.STANDARD);
                    }
                }
                return t;
            }
            case "zookeeper":
            case "zookeeper-optimized": {
                IWatchManager m;
                try {
                    m = kind.equals("zookeeper") ? new WatchManager() : new WatchManagerOptimized();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                List<Watcher> watchers = new ArrayList<>();
                for (int c = 1; c <= conns; c++) {
                    Watcher w = new Connection(c);
                    watchers.add(w);
                    for (String p : paths) {
                        m.addWatch(copy(p), w);
                    }
                }
                return m;
            }
            default:
                throw new IllegalArgumentException(
                        "unknown kind " + kind + " (paddock, zookeeper, zookeeper-optimized)");
        }
    }

    /** One watcher per connection (a non-capturing lambda would be one shared instance). */
    private static final class Connection implements Watcher {
        private final int id;

        Connection(int id) {
            this.id = id;
        }

        @Override
        public void process(org.apache.zookeeper.WatchedEvent event) {
        }

        @Override
        public String toString() {
            return "connection " + id;
        }
    }

    /** A distinct string with the same text, as a request decoder makes. */
    private static String copy(String p) {
        return new String(p.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
