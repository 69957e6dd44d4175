package dev.paddock.faults.report;

import dev.paddock.faults.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes one run's report into its directory:
 * <ul>
 *   <li>{@code verdict.json}: the whole {@link RunResult} (Jackson, pretty; reads back as a RunResult),</li>
 *   <li>{@code timeline.json}: the faults, a JSON array of FaultEvent (nanoseconds since the run's start),</li>
 *   <li>{@code verdict.txt}: the human summary, with the commands to re-check offline and to replay,</li>
 *   <li>{@code run.png}: throughput, latency, errors and the fault lane over time (1200 x 900).</li>
 * </ul>
 */
public final class RunReport {
    public static final String VERDICT_JSON = "verdict.json";
    public static final String TIMELINE_JSON = "timeline.json";
    public static final String VERDICT_TXT = "verdict.txt";
    public static final String RUN_PNG = "run.png";

    private RunReport() {
    }

    /** Writes the four files into {@code dir} (created if missing). */
    public static void write(RunResult r, Path dir) throws IOException {
        Files.createDirectories(dir);
        Json.write(r, dir.resolve(VERDICT_JSON));
        Json.write(r.faults(), dir.resolve(TIMELINE_JSON));
        Files.writeString(dir.resolve(VERDICT_TXT), VerdictText.render(r));
        RunChart.write(r, dir.resolve(RUN_PNG));
    }

    /** The command that re-checks the run's history offline, with the checkers alone. */
    public static String checkCommand(RunResult r) {
        return "bin/paddock-faults check " + r.dir();
    }

    /** The command that runs the same schedule again (same seed, system, size, nemesis and length). */
    public static String replayCommand(RunResult r) {
        String nemesis = r.nemesis() == null || r.nemesis().isBlank() ? "none" : r.nemesis();
        return "bin/paddock-faults run --system " + r.system() + " --servers " + r.servers() + " --seed " + r.seed()
                + " --nemesis " + nemesis + " --time " + seconds(r);
    }

    /**
     * What a failing run prints (two lines: the verdict with its seed, then where its history is and how to
     * re-check it); a passing run gets one line.
     */
    public static String banner(RunResult r) {
        if (r.ok()) {
            return String.format(Locale.ROOT, "PASS seed %d %s %d servers, %d ops, %d unknown, %d faults: %s",
                    r.seed(), r.system(), r.servers(), r.operations(), r.unknown(), r.faults().size(), r.dir());
        }
        return String.format(Locale.ROOT, "FAIL seed %d %s %d servers (%s): history in %s%n  re-check: %s",
                r.seed(), r.system(), r.servers(), String.join(", ", VerdictText.failing(r)), r.dir(),
                checkCommand(r));
    }

    /** The run's length in whole seconds, rounded (what {@code --time} takes). */
    static long seconds(RunResult r) {
        return Math.round(r.durationMillis() / 1000.0);
    }

    /** The run recorded in {@code dir}'s verdict.json (as {@link #write} wrote it). */
    public static RunResult read(Path dir) throws java.io.IOException {
        return Json.MAPPER.readValue(dir.resolve("verdict.json").toFile(), RunResult.class);
    }
}
