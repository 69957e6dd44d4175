package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's ratios and target verdicts from hand-made results (no servers). */
class ReportTest {
    private static Load.Result sat(double ratio, double opsPerSec, double p99Us, double cpuPer1000) {
        return new Load.Result(ratio, 8, 16, 1024, 0, 1000, 0, 1.0, opsPerSec, 100, p99Us, p99Us * 2, p99Us * 3,
                150, 1.0, cpuPer1000, 100L << 20, 0.5, 0, Double.NaN,
                new Load.Kind(100, 200, p99Us * 1.5), new Load.Kind(900, 90, p99Us / 2), java.util.Map.of());
    }

    private static Results results() {
        Results r = new Results();
        r.generatedAt = "2026-01-01T00:00:00Z";
        r.settings = Settings.quick();
        r.machine.put("cores", "2");
        r.machine.put("load average (1/5/15 min) at start", "0.10 / 0.10 / 0.10");
        r.paddockStorageMode = "durable";
        r.saturation.put("PADDOCK", List.of(sat(0.0, 30_000, 1_000, 0.02), sat(1.0, 20_000, 2_000, 0.03)));
        r.saturation.put("ZOOKEEPER", List.of(sat(0.0, 10_000, 4_000, 0.05), sat(1.0, 10_000, 4_000, 0.05)));
        r.fixedRate.put("PADDOCK", sat(0.1, 2_000, 3_000, 0.02));
        r.fixedRate.put("ZOOKEEPER", sat(0.1, 2_000, 4_000, 0.05));
        r.memory.put("PADDOCK", List.of(new Results.Memory(100_000, 100, 1, 10, 10 + 20_000_000L, 1, 2, 200)));
        r.memory.put("ZOOKEEPER", List.of(new Results.Memory(100_000, 100, 1, 10, 10 + 44_000_000L, 1, 2, 440)));
        r.restart.put("PADDOCK", new Results.Restart(100_000, 1, 2, 2.1, 10, false));
        r.restart.put("ZOOKEEPER", new Results.Restart(100_000, 1, 4, 4.1, 100_000, true));
        return r;
    }

    @Test
    void targetsAreJudgedFromTheRatios(@TempDir Path docs) throws Exception {
        List<String> head = Report.write(results(), docs);

        // throughput: sqrt(3 * 2) = 2.45x >= 2x
        assertThat(head).anyMatch(h -> h.startsWith("throughput") && h.contains("2.45x") && h.endsWith("**met**"));
        // p99 at the fixed rate: 3000 / 4000 = 0.75x > 0.5x
        assertThat(head).anyMatch(h -> h.startsWith("p99 latency (fixed rate)") && h.contains("0.75x")
                && h.endsWith("not met"));
        // CPU: sqrt(0.4 * 0.6) = 0.49x
        assertThat(head).anyMatch(h -> h.startsWith("server CPU") && h.contains("0.49x") && h.endsWith("**met**"));
        assertThat(head).anyMatch(h -> h.startsWith("heap per znode") && h.contains("0.45x") && h.endsWith("**met**"));
        // Paddock lost its znodes: its restart time does not count
        assertThat(head).anyMatch(h -> h.startsWith("restart time") && h.contains("not comparable"));

        String md = Files.readString(docs.resolve("benchmarks.md"));
        assertThat(md).contains("| 0 % | 30,000 | 10,000 | 3.00x |")
                .contains("Not measured in this run (`bin/paddock-bench --only ensemble`")
                // the fixed rate's p99 by kind: writes 4.5 vs 6 ms, reads 1.5 vs 2 ms
                .contains("| writes: p99 ms | 4.500 | 6.000 | 0.75x |")
                .contains("| reads: p99 ms | 1.500 | 2.000 | 0.75x |")
                .doesNotContain("**Caution:**");
        assertThat(docs.resolve("bench/throughput-vs-write-ratio.png")).isNotEmptyFile();
        assertThat(docs.resolve("bench/latency-percentiles-fixed-rate.png")).isNotEmptyFile();
        assertThat(docs.resolve("bench/results.json")).content().contains("\"opsPerSec\" : 30000.0");
    }

    @Test
    void ensembleFiguresAreReportedAndJudged(@TempDir Path docs) throws Exception {
        Results r = results();
        r.ensembleWrite.put("PADDOCK", sat(1.0, 8_000, 5_000, 0.1));
        r.ensembleWrite.put("ZOOKEEPER", sat(1.0, 4_000, 9_000, 0.2));
        r.ensembleRead.put("PADDOCK", sat(0.0, 60_000, 1_000, 0.01));
        r.ensembleRead.put("ZOOKEEPER", sat(0.0, 20_000, 3_000, 0.03));
        r.failover.put("PADDOCK", new Results.Failover(3, 3, 8, 700, 900, 300, 400,
                new double[] {600, 700, 900}, new double[] {200, 300, 400}));
        r.failover.put("ZOOKEEPER", new Results.Failover(3, 3, 8, 1400, 1900, 600, 800,
                new double[] {1100, 1400, 1900}, new double[] {500, 600, 800}));

        List<String> head = Report.write(r, docs);

        // sqrt(2 * 3) = 2.45x
        assertThat(head).anyMatch(h -> h.startsWith("3-server throughput") && h.contains("2.45x")
                && h.endsWith("**met**"));
        assertThat(head).anyMatch(h -> h.startsWith("failover") && h.contains("700 ms median")
                && h.endsWith("**met**"));
        String md = Files.readString(docs.resolve("benchmarks.md"));
        assertThat(md).contains("| writes: ops/s | 8,000 | 4,000 | 2.00x |")
                .contains("| reads: ops/s | 60,000 | 20,000 | 3.00x |")
                .contains("| first write, median ms | 700 | 1,400 | 0.50x |")
                .contains("| first write, every round ms | 600, 700, 900 | 1,100, 1,400, 1,900 | |");
        assertThat(docs.resolve("bench/results.json")).content().contains("\"firstWriteMedianMs\" : 700.0");
    }

    @Test
    void aSlowFailoverIsNotMet(@TempDir Path docs) throws Exception {
        Results r = results();
        r.failover.put("PADDOCK", new Results.Failover(3, 1, 8, 1500, 1500, 300, 300,
                new double[] {1500}, new double[] {300}));
        assertThat(Report.write(r, docs)).anyMatch(h -> h.startsWith("failover") && h.endsWith("not met"));
    }

    @Test
    void anOverloadedMachineIsFlagged(@TempDir Path docs) throws Exception {
        Results r = results();
        r.machine.put("load average (1/5/15 min) at end", "7.50 / 6.00 / 4.00");
        Report.write(r, docs);
        assertThat(Files.readString(docs.resolve("benchmarks.md"))).contains("**Caution:**");
    }
}
