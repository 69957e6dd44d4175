package dev.paddock.bench;

import static dev.paddock.bench.Report.fmt;
import static dev.paddock.bench.Report.mib;
import static dev.paddock.bench.Report.ratio;
import static dev.paddock.bench.Report.ratioText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * The report's sections and targets of issue #13: capacity per server core in the pinned scenario, the memory scale
 * curve (heap, RSS, snapshot write and restart per size), and the heap per data watch.
 */
final class CapacityReport {
    private static final String P = ServerKind.PADDOCK.name();
    private static final String Z = ServerKind.ZOOKEEPER.name();

    private final Results r;
    private final Consumer<String> out;

    CapacityReport(Results r, Consumer<String> out) {
        this.r = r;
        this.out = out;
    }

    /** Target rows: {name, goal, measured, status}. */
    List<String[]> targets() {
        List<String[]> t = new ArrayList<>();
        List<Results.Pinned> p = r.pinned.getOrDefault(P, List.of());
        List<Results.Pinned> z = r.pinned.getOrDefault(Z, List.of());
        t.add(row("capacity per server core (pinned, geometric mean over " + pairs(p, z, false) + " operations)",
                ">= 2x", geoMean(p, z, Results.Pinned::opsPerServerCoreSecond, false), true));
        t.add(row("throughput where both servers were the bottleneck (pinned, geometric mean over "
                + pairs(p, z, true) + " operations)", ">= 2x", geoMean(p, z, Results.Pinned::opsPerSec, true), true));
        List<Results.ScalePoint> sp = r.scale.getOrDefault(P, List.of());
        List<Results.ScalePoint> sz = r.scale.getOrDefault(Z, List.of());
        for (Results.ScalePoint a : sp) {
            Results.ScalePoint b = match(a, sz);
            if (b != null) {
                t.add(row("live heap per znode, class histogram (" + a.znodes() + " znodes)", "<= 0.5x",
                        a.histogramBytesPerZnode() / b.histogramBytesPerZnode(), false));
            }
        }
        if (!sp.isEmpty() && match(sp.get(sp.size() - 1), sz) != null) {
            Results.ScalePoint a = sp.get(sp.size() - 1);
            Results.ScalePoint b = match(a, sz);
            t.add(row("RSS (" + a.znodes() + " znodes)", "<= 0.5x", a.rssBytes() / (double) b.rssBytes(), false));
        }
        Results.WatchMemory wp = watches(P, null);
        Results.WatchMemory wz = watches(Z, "WatchManager (default)");
        t.add(row("live heap per data watch vs ZooKeeper's default watch manager (class histogram)", "<= 0.5x",
                wp == null || wz == null ? Double.NaN : wp.histogramBytesPerWatch() / wz.histogramBytesPerWatch(),
                false));
        return t;
    }

    /** What populating added to the RSS: after minus the fresh server's (NaN if either was not read). */
    static double rssAboveFresh(Results.ScalePoint p) {
        return p.rssBytes() < 0 || p.rssEmptyBytes() < 0 ? Double.NaN : p.rssBytes() - p.rssEmptyBytes();
    }

    private static String[] row(String name, String goal, double ratio, boolean higherIsBetter) {
        String status = Double.isNaN(ratio) || Double.isInfinite(ratio) ? "not measured"
                : (higherIsBetter ? ratio >= 2.0 : ratio <= 0.5) ? "**met**" : "not met";
        return new String[] {name, goal, ratioText(ratio), status};
    }

    void sections() {
        pinnedSection();
        scaleSection();
        watchSection();
    }

    private void pinnedSection() {
        List<Results.Pinned> p = r.pinned.getOrDefault(P, List.of());
        List<Results.Pinned> z = r.pinned.getOrDefault(Z, List.of());
        line("## Pinned: each server on its own core, the load generator on another");
        line("");
        if (p.isEmpty() || z.isEmpty()) {
            line("Not measured in this run (`bin/paddock-bench --only pinned`).");
            line("");
            return;
        }
        Results.Pinned first = p.get(0);
        Load.Result l = first.load();
        line("Each server started under `taskset -c " + first.serverCpus() + "`, the benchmark JVM (the load "
                + "generator: " + first.client() + ") moved to CPU(s) " + first.loadCpus() + " with `taskset -a -p`. "
                + "Each operation alone, closed loop, " + l.sessions() + " sessions x " + l.outstanding()
                + " outstanding, " + l.payload() + "-byte payload (getChildren: 100 children; create: persistent "
                + "sequential, measured from the run's " + PinnedScenario.CREATE_FROM + "th create to its "
                + (PinnedScenario.CREATE_FROM + PinnedScenario.CREATE_MEASURED) + "th on every server, so that "
                + "each is measured on the same tree; delete: nodes created before the warm-up; multi: two "
                + "setData), "
                + PinnedScenario.warmupMs(r.settings) + " ms warm-up, " + r.settings.measureMs() + " ms measured, best of "
                + r.settings.rounds() + " round(s), servers alternating; each run starts once the other server has used "
                + "under " + Math.round(PinnedScenario.QUIET_SHARE * 100) + " % of its core over "
                + PinnedScenario.QUIET_WINDOW_MS + " ms (it may still be working off its own run). Busy = server CPU seconds / (wall seconds x "
                + "its cores); capacity per core = ops / server CPU seconds (ops/s / busy on one core). A server "
                + "at least 90 % busy is the bottleneck (server-bound); otherwise the load generator, if its cores "
                + "were at least 90 % busy; otherwise neither (both wait: on fsync, on round trips; more "
                + "outstanding requests would raise the load). JIT = the share of the server's CPU in the measured "
                + "window that its JIT compiler threads used (a high share: the window was not steady yet, and "
                + "compiling counts as cost per operation).");
        line("");
        roundTrips(r);
        line("| operation | Paddock ops/s | ZooKeeper ops/s | ratio | Paddock server / load busy | ZooKeeper server / load busy | Paddock ops per core-s | ZooKeeper ops per core-s | capacity ratio | Paddock CPU us/op | ZooKeeper CPU us/op | JIT (Paddock / ZooKeeper) | bound (Paddock / ZooKeeper) |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Results.Pinned[] ab : sameOps(p, z)) {
            Results.Pinned a = ab[0];
            Results.Pinned b = ab[1];
            line("| " + LoadOp.valueOf(a.op()).label() + " | " + fmt(a.opsPerSec(), 0) + " | " + fmt(b.opsPerSec(), 0)
                    + " | " + ratio(a.opsPerSec(), b.opsPerSec()) + " | " + busy(a) + " | " + busy(b) + " | "
                    + fmt(a.opsPerServerCoreSecond(), 0) + " | " + fmt(b.opsPerServerCoreSecond(), 0) + " | "
                    + ratio(a.opsPerServerCoreSecond(), b.opsPerServerCoreSecond()) + " | "
                    + fmt(a.serverCpuUsPerOp(), 1) + " | " + fmt(b.serverCpuUsPerOp(), 1) + " | " + jit(a) + " / "
                    + jit(b) + " | " + a.bound() + " / "
                    + b.bound() + " |");
        }
        long errs = p.stream().mapToLong(Results.Pinned::errors).sum() + z.stream().mapToLong(Results.Pinned::errors).sum();
        line("");
        line("Requests answered with an error code (counted in throughput): " + errs + ".");
        line("");
        line("Where each server's CPU went in the measured window, us per operation by thread group (a thread's "
                + "name without its number; groups under " + Math.round(THREAD_SHARE_SHOWN * 100) + " % of the "
                + "server's CPU left out):");
        line("");
        line("| operation | Paddock | ZooKeeper |");
        line("|---|---|---|");
        for (Results.Pinned[] ab : sameOps(p, z)) {
            line("| " + LoadOp.valueOf(ab[0].op()).label() + " | " + threads(ab[0].load()) + " | "
                    + threads(ab[1].load()) + " |");
        }
        line("");
    }

    /** Paddock's runs paired with ZooKeeper's of the same operation, in Paddock's order (unpaired ones left out). */
    private static List<Results.Pinned[]> sameOps(List<Results.Pinned> p, List<Results.Pinned> z) {
        List<Results.Pinned[]> pairs = new ArrayList<>();
        for (Results.Pinned a : p) {
            z.stream().filter(x -> x.op().equals(a.op())).findFirst()
                    .ifPresent(b -> pairs.add(new Results.Pinned[] {a, b}));
        }
        return pairs;
    }

    /** Thread groups shown in the pinned CPU breakdown: at least this share of the server's CPU in the window. */
    static final double THREAD_SHARE_SHOWN = 0.03;

    /** A run's server CPU by thread group, dearest first, in us per operation, e.g. "paddock-core 6.1, G1 Conc 3.0". */
    static String threads(Load.Result l) {
        Map<String, Double> groups = l.serverThreadCpuSeconds();
        if (groups == null || groups.isEmpty() || l.ops() == 0) {
            return "n/a";
        }
        double total = groups.values().stream().mapToDouble(Double::doubleValue).sum();
        return groups.entrySet().stream().filter(e -> e.getValue() >= THREAD_SHARE_SHOWN * total)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> e.getKey() + " " + fmt(e.getValue() / l.ops() * 1e6, 1))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The JIT's share of the server's CPU in the measured window, e.g. "3 %"; "n/a" when not known. */
    static String jit(Results.Pinned x) {
        Load.Result l = x.load();
        if (Double.isNaN(l.serverJitCpuSeconds()) || l.serverCpuSeconds() <= 0) {
            return "n/a";
        }
        return Math.round(l.serverJitCpuSeconds() / l.serverCpuSeconds() * 100) + " %";
    }

    private static String busy(Results.Pinned x) {
        return Math.round(x.serverShare() * 100) + " % / " + Math.round(x.loadShare() * 100) + " %";
    }

    private void scaleSection() {
        List<Results.ScalePoint> p = r.scale.getOrDefault(P, List.of());
        List<Results.ScalePoint> z = r.scale.getOrDefault(Z, List.of());
        line("## Memory scale curve");
        line("");
        if (p.isEmpty() && z.isEmpty()) {
            line("Not measured in this run (`bin/paddock-bench --only memory --memory-znodes 100000,1000000,10000000`).");
            line("");
            return;
        }
        Results.ScalePoint any = p.isEmpty() ? z.get(0) : p.get(0);
        line("Znodes /mem/d<i/1000>/n<i%1000> with a " + any.payload() + "-byte payload, populated in turn to each "
                + "size on one server per kind (`" + any.heapFlag() + "`, otherwise the flags above, the same for "
                + "both). Live heap two ways, minus the same on the fresh server: `jcmd GC.run` then the used heap "
                + "of `GC.heap_info`, and the Total line of `jcmd GC.class_histogram` (live objects after the full "
                + "GC it runs). Snapshot: the first snapshot each server took wholly after populating (both "
                + "snapshot every snapCount = 100,000 transactions; setData on /mem until two more were counted), "
                + "its time from mntr zk_sum_snapshottime. Restart: kill -9 right after, same dataDir, until srvr "
                + "reports serving; the next size is populated on the restarted server. RSS above the fresh server: "
                + "the RSS after populating minus the same server's RSS before its first znode (after one session), "
                + "which leaves out what the JVM and the server's libraries take whatever the tree.");
        line("");
        line("| znodes | server | heap MiB (heap_info) | bytes/znode | heap MiB (histogram) | bytes/znode | RSS MiB | RSS of the fresh server MiB | snapshot write s | restart to serving s | populate s |");
        line("|---|---|---|---|---|---|---|---|---|---|---|");
        for (List<Results.ScalePoint> list : List.of(p, z)) {
            for (Results.ScalePoint a : list) {
                String server = list == p ? "Paddock" : "ZooKeeper";
                line("| " + a.znodes() + " | " + server + " | " + mib(a.heapInfoBytes()) + " | "
                        + fmt(a.heapInfoBytesPerZnode(), 0) + " | " + mib(a.histogramBytes()) + " | "
                        + fmt(a.histogramBytesPerZnode(), 0) + " | " + mib(a.rssBytes()) + " | " + mib(a.rssEmptyBytes()) + " | "
                        + fmt(a.snapshotMs() / 1000, 2) + " | " + fmt(a.restart().secondsToServing(), 2) + " | "
                        + fmt(a.populateSeconds(), 1) + " |");
            }
        }
        line("");
        line("| znodes | heap per znode (heap_info) | heap per znode (histogram) | RSS | RSS above the fresh server | snapshot write | restart |");
        line("|---|---|---|---|---|---|---|");
        boolean differ = false;
        for (Results.ScalePoint a : p) {
            Results.ScalePoint b = match(a, z);
            if (b == null) {
                continue;
            }
            differ |= differ(a.heapInfoBytesPerZnode(), a.histogramBytesPerZnode())
                    || differ(b.heapInfoBytesPerZnode(), b.histogramBytesPerZnode());
            line("| " + a.znodes() + " | " + ratio(a.heapInfoBytesPerZnode(), b.heapInfoBytesPerZnode()) + " | "
                    + ratio(a.histogramBytesPerZnode(), b.histogramBytesPerZnode()) + " | "
                    + ratio(a.rssBytes(), b.rssBytes()) + " | "
                    + ratio(rssAboveFresh(a), rssAboveFresh(b)) + " | "
                    + ratio(a.snapshotMs(), b.snapshotMs()) + " | "
                    + ratio(a.restart().secondsToServing(), b.restart().secondsToServing()) + " |");
        }
        line("");
        if (differ) {
            line("The two heap figures differ by more than 5 % somewhere: GC.heap_info counts whole used G1 regions "
                    + "(including garbage not yet collected), the class histogram only reachable objects.");
            line("");
        }
    }

    private static boolean differ(double a, double b) {
        return Math.abs(a - b) > 0.05 * Math.max(Math.abs(a), Math.abs(b));
    }

    private void watchSection() {
        line("## Heap per data watch");
        line("");
        if (r.watchMemory.isEmpty()) {
            line("Not measured in this run (`bin/paddock-bench --only watchmem`).");
            line("");
            return;
        }
        Results.WatchMemory any = r.watchMemory.get(0);
        line(any.znodes() + " znodes, then " + any.sessions() + " sessions of the official client each set a data "
                + "watch on every one (getData with watch): " + any.watches() + " watches. Live heap after a full GC "
                + "with the sessions open, before and after the watches, divided by the watches. ZooKeeper twice: "
                + "its default watch manager, and `-Dzookeeper.watchManagerName=org.apache.zookeeper.server.watch."
                + "WatchManagerOptimized` (a system property of its JVM only; the same flags otherwise). Ratio: to "
                + "ZooKeeper's default watch manager, class histogram figures.");
        line("");
        line("| server | watch manager | watches | watch count (mntr) | heap before / after MiB (histogram) | bytes/watch (heap_info) | bytes/watch (histogram) | RSS after MiB | register s | ratio |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        Results.WatchMemory base = watches(Z, "WatchManager (default)");
        for (Results.WatchMemory w : r.watchMemory) {
            line("| " + (w.server().equals(P) ? "Paddock" : "ZooKeeper") + " | " + w.watchManager() + " | "
                    + w.watches() + " | " + w.watchCount() + " | " + mib(w.histogramBeforeBytes()) + " / "
                    + mib(w.histogramAfterBytes()) + " | " + fmt(w.heapInfoBytesPerWatch(), 1) + " | "
                    + fmt(w.histogramBytesPerWatch(), 1) + " | " + mib(w.rssAfterBytes()) + " | "
                    + fmt(w.registerSeconds(), 2) + " | "
                    + (base == null ? "n/a" : ratio(w.histogramBytesPerWatch(), base.histogramBytesPerWatch())) + " |");
        }
        line("");
    }

    private Results.WatchMemory watches(String server, String manager) {
        return r.watchMemory.stream().filter(w -> w.server().equals(server)
                && (manager == null || w.watchManager().equals(manager))).findFirst().orElse(null);
    }

    private static Results.ScalePoint match(Results.ScalePoint a, List<Results.ScalePoint> others) {
        return others.stream().filter(x -> x.znodes() == a.znodes()).findFirst().orElse(null);
    }

    /** Operations measured for both servers (only those where both were server-bound if {@code serverBound}). */
    private static List<Results.Pinned[]> pairsOf(List<Results.Pinned> p, List<Results.Pinned> z, boolean serverBound) {
        List<Results.Pinned[]> out = new ArrayList<>();
        for (Results.Pinned a : p) {
            for (Results.Pinned b : z) {
                if (a.op().equals(b.op()) && (!serverBound || a.bound().equals("server") && b.bound().equals("server"))) {
                    out.add(new Results.Pinned[] {a, b});
                }
            }
        }
        return out;
    }

    private static int pairs(List<Results.Pinned> p, List<Results.Pinned> z, boolean serverBound) {
        return pairsOf(p, z, serverBound).size();
    }

    private static double geoMean(List<Results.Pinned> p, List<Results.Pinned> z, ToDoubleFunction<Results.Pinned> f,
                                  boolean serverBound) {
        double logSum = 0;
        int n = 0;
        for (Results.Pinned[] ab : pairsOf(p, z, serverBound)) {
            double x = f.applyAsDouble(ab[0]) / f.applyAsDouble(ab[1]);
            if (x > 0 && !Double.isInfinite(x) && !Double.isNaN(x)) {
                logSum += Math.log(x);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(logSum / n);
    }

    private void line(String s) {
        out.accept(s);
    }

    /**
     * What this machine charges a round trip whatever the server ({@link LoopbackProbe}, measured by the pinned
     * scenario): the load generator waits one for every reply, and on a virtual machine waking the other core costs
     * most of it.
     */
    private void roundTrips(Results r) {
        List<String> found = new ArrayList<>();
        r.machine.forEach((k, v) -> {
            if (k.startsWith(PinnedScenario.ROUND_TRIP_KEY)) {
                found.add(k.substring(PinnedScenario.ROUND_TRIP_KEY.length()) + ": " + v);
            }
        });
        if (!found.isEmpty()) {
            line("One byte over loopback TCP and back, before the runs (no server involved): "
                    + String.join("; ", found) + ".");
            line("");
        }
    }
}
