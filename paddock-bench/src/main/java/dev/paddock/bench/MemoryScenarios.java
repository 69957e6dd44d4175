package dev.paddock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The memory scale curve (heap, RSS, snapshot write, restart per size) and the heap per data watch. */
public final class MemoryScenarios {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryScenarios.class);
    /** Snapshot files kept in the data directory while populating (older ones are removed, as zkCleanup does). */
    static final int SNAPSHOTS_KEPT = 2;

    private MemoryScenarios() {
    }

    /** Live heap both ways and RSS at one moment. */
    record Heap(long heapInfo, long histogram, long rss) {
        static Heap of(ServerProcess server) throws IOException {
            long info = server.heapAfterFullGc();
            long histogram = server.liveHeapFromHistogram();
            return new Heap(info, histogram, server.rssBytes());
        }
    }

    /**
     * Populates the sizes in turn on {@code server}; at each: live heap, RSS, the time of a snapshot taken after
     * populating, then kill -9 and restart on the same dataDir (populating the next size continues on the restarted
     * server).
     */
    public static List<Results.ScalePoint> scaleCurve(ServerProcess server, List<Integer> sizes, int payload,
                                                      String heapFlag) throws Exception {
        // one session first so both servers have their client machinery loaded before the baseline
        Sessions.closeQuietly(Sessions.open(server.connectString(), 30_000));
        Heap empty = Heap.of(server);
        List<Results.ScalePoint> out = new ArrayList<>();
        int have = 0;
        for (int n : sizes) {
            LOG.info("scale curve {}: populating to {} znodes", server.kind().label(), n);
            long t0 = System.nanoTime();
            for (int from = have; from < n; from += 500_000) {
                Scenarios.populate(server, from, Math.min(n, from + 500_000), payload);
                purgeSnapshots(server.dataDir());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            have = n;
            Heap h = Heap.of(server);
            double snapMs = snapshotMs(server, 600_000);
            purgeSnapshots(server.dataDir());
            Results.Restart restart = Scenarios.restart(server, n);
            LOG.info("  {} znodes: heap {} MB (histogram {} MB), snapshot {} ms, serving {} s after kill -9", n,
                    h.heapInfo() >> 20, h.histogram() >> 20, snapMs, restart.secondsToServing());
            out.add(new Results.ScalePoint(n, payload, heapFlag, secs, empty.heapInfo(), h.heapInfo(),
                    empty.histogram(), h.histogram(), empty.rss(), h.rss(), (h.heapInfo() - empty.heapInfo()) / (double) n,
                    (h.histogram() - empty.histogram()) / (double) n, snapMs, restart));
        }
        return out;
    }

    /**
     * How long a snapshot of the current tree takes: writes setData to /mem (8 bytes, 500 in flight) until the
     * server's mntr snapshottime count has gone up twice, and returns the time of the second one (the first may
     * have been under way before the caller's last write), from the growth of zk_sum_snapshottime. Both servers
     * snapshot every snapCount (default 100,000) transactions, ZooKeeper at a random point in its second half.
     * NaN when no second snapshot came within {@code timeoutMs}.
     */
    static double snapshotMs(ServerProcess server, long timeoutMs) throws Exception {
        Map<String, String> m = server.mntr();
        long count = number(m, "zk_cnt_snapshottime");
        long sum = number(m, "zk_sum_snapshottime");
        if (count < 0 || sum < 0) {
            LOG.warn("{} mntr has no zk_cnt_snapshottime / zk_sum_snapshottime", server.kind().label());
            return Double.NaN;
        }
        ZooKeeper zk = Sessions.open(server.connectString(), 30_000);
        try {
            byte[] data = new byte[8];
            InFlight window = new InFlight(500);
            int seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 2_000; i++) {
                    window.acquire("setData /mem");
                    zk.setData("/mem", data, -1, (rc, p, c, stat) -> window.done(rc, p), null);
                }
                m = server.mntr();
                long c = number(m, "zk_cnt_snapshottime");
                long s = number(m, "zk_sum_snapshottime");
                if (c > count) {
                    seen += (int) (c - count);
                    double ms = c - count == 1 ? s - sum : Double.NaN;
                    count = c;
                    sum = s;
                    if (seen >= 2 && !Double.isNaN(ms)) {
                        return ms;
                    }
                }
            }
            LOG.warn("{}: no snapshot after populating within {} ms", server.kind().label(), timeoutMs);
            return Double.NaN;
        } finally {
            Sessions.closeQuietly(zk);
        }
    }

    private static long number(Map<String, String> mntr, String key) {
        try {
            return Math.round(Double.parseDouble(mntr.getOrDefault(key, "-1")));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A finished snapshot file of either server: snapshot.&lt;zxid in hex&gt; (no .tmp or other suffix). */
    private static final java.util.regex.Pattern SNAPSHOT = java.util.regex.Pattern.compile("snapshot\\.([0-9a-fA-F]{1,16})");

    /**
     * Removes all but the newest {@link #SNAPSHOTS_KEPT} finished snapshot files (by the zxid in their names) from
     * each subdirectory of the data directory (ZooKeeper's version-2, Paddock's paddock-v1), as ZooKeeper's
     * zkCleanup would: with autopurge off, the snapshots of a 10M-znode run would otherwise fill the disk. Both
     * servers recover from their newest snapshot and the logs after it.
     */
    static void purgeSnapshots(Path dataDir) {
        List<Path> dirs;
        try (Stream<Path> sub = Files.list(dataDir)) {
            dirs = sub.filter(Files::isDirectory).toList();
        } catch (IOException e) {
            return;
        }
        for (Path dir : dirs) {
            List<Path> snaps;
            try (Stream<Path> files = Files.list(dir)) {
                snaps = files.filter(f -> SNAPSHOT.matcher(f.getFileName().toString()).matches())
                        .sorted(Comparator.comparingLong(MemoryScenarios::zxidOf).reversed()).toList();
            } catch (IOException e) {
                continue;
            }
            for (Path old : snaps.subList(Math.min(SNAPSHOTS_KEPT, snaps.size()), snaps.size())) {
                try {
                    Files.deleteIfExists(old);
                } catch (IOException e) {
                    LOG.debug("could not remove {}: {}", old, e.toString());
                }
            }
        }
    }

    private static long zxidOf(Path snapshot) {
        java.util.regex.Matcher m = SNAPSHOT.matcher(snapshot.getFileName().toString());
        return m.matches() ? Long.parseUnsignedLong(m.group(1), 16) : -1;
    }

    /**
     * {@code znodes} znodes, then {@code sessions} sessions of the official client each set a data watch on every
     * one of them (getData with watch, 2000 in flight); live heap and RSS before the watches (sessions open) and
     * after.
     */
    public static Results.WatchMemory watchMemory(ServerProcess server, String label, String watchManager,
                                                  int znodes, int sessions, int payload) throws Exception {
        Scenarios.populate(server, 0, znodes, payload);
        List<ZooKeeper> all = Sessions.openAll(server.connectString(), sessions, 120_000);
        try {
            Heap before = Heap.of(server);
            InFlight window = new InFlight(2_000);
            long t0 = System.nanoTime();
            for (ZooKeeper zk : all) {
                for (int i = 0; i < znodes; i++) {
                    window.acquire("getData with watch");
                    zk.getData(Scenarios.memPath(i), true, (rc, p, c, data, stat) -> window.done(rc, p), null);
                }
            }
            window.awaitAll("getData with watch", 300);
            double secs = (System.nanoTime() - t0) / 1e9;
            Heap after = Heap.of(server);
            long watches = (long) znodes * sessions;
            long count = number(server.mntr(), "zk_watch_count");
            return new Results.WatchMemory(label, watchManager, znodes, sessions, watches, secs, before.heapInfo(),
                    after.heapInfo(), before.histogram(), after.histogram(), before.rss(), after.rss(),
                    (after.heapInfo() - before.heapInfo()) / (double) watches,
                    (after.histogram() - before.histogram()) / (double) watches, count);
        } finally {
            Sessions.closeAll(all);
        }
    }
}
