package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.bench.overload.LatencyStats;
import dev.paddock.bench.overload.OverloadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's overload section from hand-made results (no servers). */
class OverloadReportTest {
    private static OverloadResult result(ServerKind kind, double p99Ms, long errors, boolean healthy) {
        return new OverloadResult("slow reader", kind.label(), "one raw connection pipelines getData requests",
                "200000 of 200000 requests written", 12.0, new LatencyStats(150, 0, null, 4, 20, 30),
                new LatencyStats(400, errors, errors > 0 ? "ConnectionLoss" : null, 5, p99Ms, p99Ms * 2),
                100L << 20, 150L << 20, 120L << 20, 0, healthy, healthy ? "ok" : "ruok answered null");
    }

    @Test
    void eachAttackGetsATablePaddockBesideZooKeeper(@TempDir Path docs) throws Exception {
        Results r = new Results();
        r.generatedAt = "2026-01-01T00:00:00Z";
        r.settings = Settings.quick();
        r.overload.add(result(ServerKind.PADDOCK, 40, 0, true));
        r.overload.add(result(ServerKind.ZOOKEEPER, 90, 2, false));

        Report.write(r, docs);

        String md = Files.readString(docs.resolve("benchmarks.md"));
        assertThat(md).contains("## Overload: a misbehaving client beside a good one")
                .contains("### slow reader")
                .contains("| good client errors under attack | 0 | 2 |")
                .contains("| under attack p50 / p99 / max ms | 5.0 / 40.0 / 80.0 | 5.0 / 90.0 / 180.0 |")
                .contains("| server RSS before / peak / after MiB | 100 / 150 / 120 | 100 / 150 / 120 |")
                .contains("| healthy after | yes | **no**: ruok answered null |")
                .doesNotContain("### write flood");
        assertThat(docs.resolve("bench/results.json")).content().contains("\"attack\" : \"slow reader\"");
    }

    @Test
    void withoutResultsTheSectionSaysHowToRunIt(@TempDir Path docs) throws Exception {
        Results r = new Results();
        r.generatedAt = "2026-01-01T00:00:00Z";
        r.settings = Settings.quick();

        Report.write(r, docs);

        assertThat(docs.resolve("benchmarks.md")).content()
                .contains("Not measured in this run (`bin/paddock-bench --only overload`).");
    }
}
