package dev.paddock.faults.report;

import dev.paddock.faults.run.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a run set's report into one directory:
 * <ul>
 *   <li>{@code summary.md}: one table row per run (seed, system, servers, nemesis, seconds, ops, unknown, faults by
 *       kind, verdict, dir), then the totals ({@link #markdownTotals}),</li>
 *   <li>{@code summary.json}: the same as a {@link RunSetSummary},</li>
 *   <li>{@code summary.png}: faults by kind, operations and unknown outcomes per run, as bars (1200 x 900).</li>
 * </ul>
 */
public final class RunSetReport {
    public static final String SUMMARY_MD = "summary.md";
    public static final String SUMMARY_JSON = "summary.json";
    public static final String SUMMARY_PNG = "summary.png";

    private RunSetReport() {
    }

    /** Writes the three files into {@code dir} (created if missing); returns the summary they were drawn from. */
    public static RunSetSummary write(List<RunResult> runs, Path dir) throws IOException {
        Files.createDirectories(dir);
        RunSetSummary s = RunSetSummary.of(runs);
        Files.writeString(dir.resolve(SUMMARY_MD), SummaryMarkdown.render(s));
        Json.write(s, dir.resolve(SUMMARY_JSON));
        SummaryChart.write(s, dir.resolve(SUMMARY_PNG));
        return s;
    }

    /**
     * The totals section alone, without a heading, for docs/reliability.md: runs, passed, failed, operations,
     * unknown outcomes and faults injected; faults by kind; per checker, the runs, failed runs, operations (or
     * items) checked and violations.
     */
    public static String markdownTotals(List<RunResult> runs) {
        return SummaryMarkdown.totals(RunSetSummary.of(runs).totals());
    }
}
