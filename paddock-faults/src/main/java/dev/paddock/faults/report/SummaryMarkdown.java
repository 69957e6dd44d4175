package dev.paddock.faults.report;

import java.util.Locale;

/** The text of {@code summary.md}: a table with one row per run, then the totals. */
final class SummaryMarkdown {
    private SummaryMarkdown() {
    }

    static String render(RunSetSummary s) {
        StringBuilder b = new StringBuilder();
        b.append("# Fault-injection run set\n\n");
        b.append("![faults and operations per run](").append(RunSetReport.SUMMARY_PNG).append(")\n\n");
        b.append("| # | seed | system | servers | nemesis | seconds | ops | unknown | faults injected | verdict | dir |\n");
        b.append("|---:|---:|---|---:|---|---:|---:|---:|---|---|---|\n");
        for (RunSetSummary.Row r : s.runs()) {
            b.append("| ").append(r.index())
                    .append(" | ").append(r.seed())
                    .append(" | ").append(cell(r.system()))
                    .append(" | ").append(r.servers())
                    .append(" | ").append(cell(r.nemesis()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", r.seconds()))
                    .append(" | ").append(r.operations())
                    .append(" | ").append(r.unknown())
                    .append(" | ").append(FaultCounts.compact(r.faults()))
                    .append(" | ").append(r.passed() ? "PASS" : "**" + cell(r.verdict()) + "**")
                    .append(" | `").append(cell(r.dir())).append("`")
                    .append(" |\n");
        }
        if (s.runs().isEmpty()) {
            b.append("\nNo runs.\n");
        }
        b.append("\n## Totals\n\n");
        b.append(totals(s.totals()));
        return b.toString();
    }

    /** The totals alone (no heading), for docs/reliability.md. */
    static String totals(RunSetSummary.Totals t) {
        StringBuilder b = new StringBuilder();
        b.append("| runs | passed | failed | operations | unknown outcomes | faults injected |\n");
        b.append("|---:|---:|---:|---:|---:|---:|\n");
        b.append("| ").append(t.runs()).append(" | ").append(t.passed()).append(" | ").append(t.failed())
                .append(" | ").append(t.operations()).append(" | ").append(t.unknown()).append(" | ")
                .append(t.faults()).append(" |\n\n");
        if (t.faultsByKind().isEmpty()) {
            b.append("No faults were injected.\n\n");
        } else {
            b.append("| fault kind | injected |\n");
            b.append("|---|---:|\n");
            t.faultsByKind().forEach((k, n) -> b.append("| ").append(cell(k)).append(" | ").append(n).append(" |\n"));
            b.append('\n');
        }
        if (t.checkers().isEmpty()) {
            b.append("No checker ran.\n");
        } else {
            b.append("| checker | runs | failed runs | checked (ops or items) | violations |\n");
            b.append("|---|---:|---:|---:|---:|\n");
            for (RunSetSummary.CheckerTotal c : t.checkers()) {
                b.append("| ").append(cell(c.checker())).append(" | ").append(c.runs()).append(" | ")
                        .append(c.failed()).append(" | ").append(c.checked()).append(" | ").append(c.violations())
                        .append(" |\n");
            }
        }
        return b.toString();
    }

    /** A table cell: pipes escaped, line breaks flattened. */
    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace('\n', ' ');
    }
}
