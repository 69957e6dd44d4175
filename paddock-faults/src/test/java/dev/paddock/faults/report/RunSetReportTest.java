package dev.paddock.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.nemesis.FaultEvent;
import dev.paddock.faults.run.RunResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSetReportTest {
    private static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    private static List<RunResult> runs() {
        return List.of(
                SyntheticRuns.passing(11, "paddock",
                        List.of(new FaultEvent(2 * S, 4 * S, "kill", "kill -9 1"),
                                new FaultEvent(9 * S, 12 * S, "kill", "kill -9 2")), 1000, 3, "/runs/a"),
                SyntheticRuns.failing(22, "/runs/b"),
                SyntheticRuns.passing(33, "zookeeper", List.of(), 2000, 0, "/runs/c|x"));
    }

    @Test
    void summaryHasOneRowPerRunAndRightTotals() throws Exception {
        RunSetSummary s = RunSetReport.write(runs(), dir);
        String md = Files.readString(dir.resolve("summary.md"));
        List<String> rows = md.substring(0, md.indexOf("## Totals")).lines().filter(l -> l.matches("\\| \\d+ \\| -?\\d+ \\|.*")).toList();

        assertThat(rows).containsExactly(
                "| 1 | 11 | paddock | 3 | kill | 30.5 | 1000 | 3 | kill 2 | PASS | `/runs/a` |",
                "| 2 | 22 | paddock | 5 | partition,kill,pause,clock | 60.0 | 15000 | 42 "
                        + "| partition 2, kill 1, pause 1, clock 1 | **FAIL: reads, ephemerals** | `/runs/b` |",
                "| 3 | 33 | zookeeper | 3 | kill | 30.5 | 2000 | 0 | none | PASS | `/runs/c\\|x` |");
        assertThat(md).contains("## Totals")
                .contains("| 3 | 2 | 1 | 18000 | 45 | 7 |")
                .contains("| partition | 2 |").contains("| kill | 3 |").contains("| pause | 1 |")
                .contains("| clock | 1 |");
        // per checker: runs, failed runs, checked, violations
        assertThat(md).contains("| linearizable-registers | 3 | 0 | 2700 | 0 |")
                .contains("| reads | 3 | 1 | 1550 | 25 |")
                .contains("| set | 3 | 0 | 70 | 0 |")
                .contains("| ephemerals | 1 | 1 | 7 | 1 |");

        assertThat(s.totals().faultsByKind()).containsExactly(Map.entry("partition", 2L), Map.entry("kill", 3L),
                Map.entry("pause", 1L), Map.entry("clock", 1L));
        assertThat(md).endsWith(RunSetReport.markdownTotals(runs()));
    }

    @Test
    void summaryJsonReadsBackAndChartDecodes() throws Exception {
        RunSetSummary s = RunSetReport.write(runs(), dir);
        RunSetSummary back = Json.MAPPER.readValue(dir.resolve("summary.json").toFile(), RunSetSummary.class);
        assertThat(back).isEqualTo(s);
        assertThat(back.runs().get(1).verdict()).isEqualTo("FAIL: reads, ephemerals");

        BufferedImage png = ImageIO.read(dir.resolve("summary.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(1200);
        assertThat(png.getHeight()).isEqualTo(900);
    }

    @Test
    void anEmptyRunSetStillGetsAReport() throws Exception {
        RunSetReport.write(List.of(), dir);
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("No runs.")
                .contains("| 0 | 0 | 0 | 0 | 0 | 0 |").contains("No faults were injected.").contains("No checker ran.");
        assertThat(ImageIO.read(dir.resolve("summary.png").toFile())).isNotNull();
    }
}
