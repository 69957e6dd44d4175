package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #13's figures (pinned capacity per core, scale curve, heap per watch) from hand-made results; no servers. */
class CapacityReportTest {
    private static final Settings.Pinning PIN = new Settings.Pinning("1", "0", Settings.PinnedClient.ZOOKEEPER);
    private static final Load.Kind NONE = new Load.Kind(0, Double.NaN, Double.NaN);

    /** A 2-second run of {@code ops} requests with {@code serverCpu} and {@code loadCpu} seconds of CPU. */
    private static Results.Pinned pinned(LoadOp op, long ops, double serverCpu, double loadCpu) {
        Load.Kind all = new Load.Kind(ops, 100, 900);
        Load.Result r = new Load.Result(0, 8, 16, 1024, 0, ops, 0, 2.0, ops / 2.0, 100, 900, 1000, 2000, 150,
                serverCpu, serverCpu / ops * 1000, 100L << 20, loadCpu, 0, serverCpu / 20,
                op.isWrite() ? all : NONE, op.isWrite() ? NONE : all,
                Map.of("core", serverCpu * 0.6, "log", serverCpu * 0.3, "C2 CompilerThre", serverCpu / 20,
                        "tick", serverCpu / 50));
        return PinnedScenario.of(op, PIN, 1, 1, "ZooKeeper 3.9.3 client", r);
    }

    private static Results.ScalePoint point(int znodes, long bytesPerZnode, long rss, double snapMs, double restartS) {
        long heap = 10_000_000L + znodes * bytesPerZnode;
        return new Results.ScalePoint(znodes, 32, "-Xmx2g", 1, 10_000_000L, heap, 9_000_000L, heap - 1_000_000L,
                50L << 20, rss, (heap - 10_000_000L) / (double) znodes, (heap - 10_000_000L) / (double) znodes,
                snapMs, new Results.Restart(znodes, restartS, restartS, restartS, znodes, true));
    }

    private static Results.WatchMemory watch(String server, String manager, double bytesPerWatch) {
        long before = 20_000_000L;
        long after = before + (long) (bytesPerWatch * 1_000);
        return new Results.WatchMemory(server, manager, 100, 10, 1_000, 0.5, before, after, before, after, 1, 2,
                bytesPerWatch, bytesPerWatch, 1_000);
    }

    @Test
    void busySharesCapacityPerCoreAndTheBottleneckComeFromCpuSeconds() {
        // 100,000 ops in 2 s with 1.9 s of server CPU on one core: 95 % busy, server-bound
        Results.Pinned a = pinned(LoadOp.GET_DATA, 100_000, 1.9, 1.0);
        assertThat(a.serverShare()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.loadShare()).isEqualTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.opsPerServerCoreSecond()).isEqualTo(100_000 / 1.9, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(a.serverCpuUsPerOp()).isEqualTo(19.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(a.bound()).isEqualTo("server");
        assertThat(pinned(LoadOp.GET_DATA, 100_000, 1.0, 2.0).bound()).isEqualTo("load generator");
        // the hand-made runs spent a twentieth of the server's CPU compiling
        assertThat(CapacityReport.jit(a)).isEqualTo("5 %");
        // 1.9 s over 100,000 ops: core 11.4 us, log 5.7, the JIT 0.95; the tick (2 %) is below the share shown
        assertThat(CapacityReport.threads(a.load())).isEqualTo("core 11.4, log 5.7, C2 CompilerThre 1.0");
    }

    @Test
    void threadGroupsDropTheThreadsNumber() {
        assertThat(ServerProcess.threadGroup("G1 Conc#0")).isEqualTo("G1 Conc");
        assertThat(ServerProcess.threadGroup("NIOWorkerThread-12")).isEqualTo("NIOWorkerThread");
        assertThat(ServerProcess.threadGroup("SyncThread:0")).isEqualTo("SyncThread");
        assertThat(ServerProcess.threadGroup("paddock-core")).isEqualTo("paddock-core");
        assertThat(ServerProcess.threadGroup("paddock-io-3")).isEqualTo("paddock-io");
        assertThat(Load.difference(Map.of("a", 3.0, "b", 1.0), Map.of("a", 1.0, "c", 4.0)))
                .containsExactlyInAnyOrderEntriesOf(Map.of("a", 2.0, "b", 1.0));
        assertThat(LoadTarget.jitCpuSeconds(Map.of("C1 CompilerThre", 1.0, "C2 CompilerThre", 2.0, "x", 5.0)))
                .isEqualTo(3.0);
        assertThat(LoadTarget.jitCpuSeconds(Map.of())).isNaN();
    }

    @Test
    void cpuListsAreCountedAndBadOnesRefused() {
        assertThat(PinnedScenario.countCpus("1")).isEqualTo(1);
        assertThat(PinnedScenario.countCpus("0-3")).isEqualTo(4);
        assertThat(PinnedScenario.countCpus("1,3-4")).isEqualTo(3);
        assertThatThrownBy(() -> PinnedScenario.countCpus("one")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PinnedScenario.countCpus("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClassHistogramTotalIsParsed() throws IOException {
        String out = "12345:\n num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:        100000        8000000  [B (java.base@17)\n"
                + "Total        250000       23456789\n";
        assertThat(ServerProcess.histogramTotal(out)).isEqualTo(23_456_789L);
        assertThatThrownBy(() -> ServerProcess.histogramTotal("no such process")).isInstanceOf(IOException.class);
    }

    @Test
    void onlyOlderFinishedSnapshotsArePurged(@TempDir Path data) throws IOException {
        Path zk = Files.createDirectories(data.resolve("version-2"));
        Path paddock = Files.createDirectories(data.resolve("paddock-v1"));
        for (String n : List.of("snapshot.9", "snapshot.1a", "snapshot.100", "log.1")) {
            Files.writeString(zk.resolve(n), "x");
        }
        for (String n : List.of("snapshot.0000000000000001", "snapshot.0000000000000002",
                "snapshot.0000000000000003", "snapshot.0000000000000004.tmp")) {
            Files.writeString(paddock.resolve(n), "x");
        }

        MemoryScenarios.purgeSnapshots(data);

        try (var zkFiles = Files.list(zk); var paddockFiles = Files.list(paddock)) {
            assertThat(zkFiles.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("snapshot.1a", "snapshot.100", "log.1");
            assertThat(paddockFiles.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "snapshot.0000000000000002", "snapshot.0000000000000003", "snapshot.0000000000000004.tmp");
        }
    }

    @Test
    void pinnedScaleAndWatchFiguresAreReportedAndJudged(@TempDir Path docs) throws Exception {
        Results r = new Results();
        r.generatedAt = "2026-01-01T00:00:00Z";
        r.settings = Settings.quick();
        r.machine.put("cores", "2");
        r.machine.put(PinnedScenario.ROUND_TRIP_KEY + "load generator (CPU(s) 0) to the servers' CPU(s) 1",
                new LoopbackProbe.RoundTrip(35.0, 40.0, 60.0, 20_000).describe());
        // getData: both server-bound, Paddock 3x the ops at the same CPU; setData: Paddock load-bound
        r.pinned.put("PADDOCK", List.of(pinned(LoadOp.GET_DATA, 300_000, 1.9, 1.0),
                pinned(LoadOp.SET_DATA, 100_000, 1.0, 2.0)));
        r.pinned.put("ZOOKEEPER", List.of(pinned(LoadOp.GET_DATA, 100_000, 1.9, 1.0),
                pinned(LoadOp.SET_DATA, 100_000, 1.9, 1.0)));
        r.scale.put("PADDOCK", List.of(point(100_000, 150, 200L << 20, 100, 1), point(1_000_000, 140, 400L << 20, 900, 3)));
        r.scale.put("ZOOKEEPER", List.of(point(100_000, 360, 300L << 20, 200, 2), point(1_000_000, 350, 1000L << 20, 1800, 9)));
        r.watchMemory.add(watch("PADDOCK", "Paddock's", 60));
        r.watchMemory.add(watch("ZOOKEEPER", "WatchManager (default)", 150));
        r.watchMemory.add(watch("ZOOKEEPER", "WatchManagerOptimized", 120));

        List<String> head = Report.write(r, docs);

        // capacity: getData 3x, setData 1.9x -> sqrt(5.7) = 2.39x
        assertThat(head).anyMatch(h -> h.startsWith("capacity per server core (pinned, geometric mean over 2")
                && h.contains("2.39x") && h.endsWith("**met**"));
        // throughput only where both were server-bound: getData, 3x
        assertThat(head).anyMatch(h -> h.startsWith("throughput where both servers were the bottleneck (pinned, "
                + "geometric mean over 1") && h.contains("3.00x"));
        assertThat(head).anyMatch(h -> h.startsWith("live heap per znode, class histogram (1000000 znodes)")
                && h.contains("0.40x") && h.endsWith("**met**"));
        assertThat(head).anyMatch(h -> h.startsWith("RSS (1000000 znodes)") && h.contains("0.40x"));
        assertThat(head).anyMatch(h -> h.startsWith("live heap per data watch") && h.contains("0.40x")
                && h.endsWith("**met**"));
        String md = Files.readString(docs.resolve("benchmarks.md"));
        assertThat(md).contains("| getData | 150,000 | 50,000 | 3.00x | 95 % / 50 % | 95 % / 50 % |")
                .contains("| 5 % / 5 % | server / server |").contains("| load generator / server |")
                .contains("| getData | core 3.8, log 1.9, C2 CompilerThre 0.3 | core 11.4, log 5.7, C2 CompilerThre 1.0 |")
                .contains("measured from the run's 400000th create to its 600000th on every server")
                .contains("One byte over loopback TCP and back, before the runs (no server involved): load generator "
                        + "(CPU(s) 0) to the servers' CPU(s) 1: p50 35.0 / p90 40.0 / p99 60.0 us (20,000 round trips).")
                .contains("| 1000000 | 0.40x | 0.40x | 0.40x | 0.37x | 0.50x | 0.33x |")
                .contains("| 100000 | 0.42x | 0.42x | 0.67x | 0.60x | 0.50x | 0.50x |")
                .contains("| ZooKeeper | WatchManagerOptimized | 1000 | 1000 |");
        // an RSS that could not be read leaves the difference unknown, not negative
        Results.ScalePoint unread = new Results.ScalePoint(100_000, 32, "-Xmx2g", 1, 1, 2, 1, 2, -1, 300L << 20, 1, 1, 1,
                new Results.Restart(100_000, 1, 1, 1, 100_000, true));
        assertThat(CapacityReport.rssAboveFresh(unread)).isNaN();
        assertThat(docs.resolve("bench/results.json")).content().contains("\"opsPerServerCoreSecond\"")
                .contains("\"serverThreadCpuSeconds\"").contains("\"histogramBytesPerZnode\"").contains("\"histogramBytesPerWatch\"");
    }
}
