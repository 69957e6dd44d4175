package dev.paddock.faults.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.paddock.faults.nemesis.FaultEvent;
import dev.paddock.faults.run.RunResult;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {
    @TempDir
    Path dir;

    @Test
    void writesTheFourFilesOfAFailingRun() throws Exception {
        RunResult r = SyntheticRuns.failing(-7046029254386353131L, dir.toString());
        RunReport.write(r, dir);

        RunResult back = Json.MAPPER.readValue(dir.resolve("verdict.json").toFile(), RunResult.class);
        assertThat(back).isEqualTo(r);
        List<FaultEvent> timeline = Json.MAPPER.readValue(dir.resolve("timeline.json").toFile(),
                new TypeReference<List<FaultEvent>>() { });
        assertThat(timeline).isEqualTo(r.faults());

        BufferedImage png = ImageIO.read(dir.resolve("run.png").toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isEqualTo(1200);
        assertThat(png.getHeight()).isEqualTo(900);
    }

    @Test
    void verdictTextNamesSeedFailingCheckersViolationsAndCommands() throws Exception {
        RunResult r = SyntheticRuns.failing(-7046029254386353131L, "/runs/r17");
        RunReport.write(r, dir);
        String txt = Files.readString(dir.resolve("verdict.txt"));

        assertThat(txt).contains("verdict:   FAIL (reads, ephemerals)")
                .contains("seed:      -7046029254386353131")
                .contains("servers:   5")
                .contains("nemesis:   partition,kill,pause,clock")
                .contains("duration:  60.0 s")
                .contains("ops:       15000")
                .contains("unknown:   42")
                .contains("faults:    5 (partition 2, kill 1, pause 1, clock 1)")
                .contains("session 0x1a2b ephemeral /e/1 outlived its session")
                .contains("re-check offline: bin/paddock-faults check /runs/r17")
                .contains("replay:           bin/paddock-faults run --system paddock --servers 5 "
                        + "--seed -7046029254386353131 --nemesis partition,kill,pause,clock --time 60");
        // the first 20 of the 25 violations of "reads", then a count of the rest
        assertThat(txt).contains("read stale value 19 of").doesNotContain("read stale value 20 of")
                .contains("... and 5 more (verdict.json)");
        assertThat(txt).containsPattern("reads +FAIL  checked 800, 25 violation\\(s\\)")
                .containsPattern("set +PASS  checked 50\n");
        assertThat(txt).contains("(open)"); // the clock fault was never healed
    }

    @Test
    void bannerOfAFailingRunGivesSeedHistoryAndRecheck() {
        RunResult r = SyntheticRuns.failing(99, "/runs/r3");
        assertThat(RunReport.banner(r)).startsWith("FAIL seed 99 paddock 5 servers (reads, ephemerals)")
                .contains("history in /runs/r3").contains("re-check: bin/paddock-faults check /runs/r3");
        RunResult ok = SyntheticRuns.passing(5, "zookeeper", List.of(), 100, 0, "/runs/r4");
        assertThat(RunReport.banner(ok)).startsWith("PASS seed 5 zookeeper 3 servers").doesNotContain("\n");
        assertThat(RunReport.replayCommand(ok)).endsWith("--time 31");
    }

    @Test
    void aRunWithoutSamplesFaultsOrCheckersStillGetsAReport() throws Exception {
        RunResult r = new RunResult(1, "paddock", 3, "none", 0, List.of(), List.of(), List.of(), 0, 0, dir.toString());
        RunReport.write(r, dir);
        BufferedImage png = ImageIO.read(dir.resolve("run.png").toFile());
        assertThat(png.getWidth()).isEqualTo(1200);
        assertThat(png.getHeight()).isEqualTo(900);
        assertThat(Files.readString(dir.resolve("verdict.txt"))).contains("verdict:   PASS").contains("(no checker ran)")
                .contains("--nemesis none --time 0");
        assertThat(Files.readString(dir.resolve("timeline.json")).trim()).isEqualTo("[ ]");
    }
}
