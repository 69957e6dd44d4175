package dev.paddock.faults.report;

import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.nemesis.FaultEvent;
import dev.paddock.faults.run.RunResult;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text of {@code verdict.txt}: what ran, what was injected, what each checker said, how to check it again. */
final class VerdictText {
    /** Violations listed per checker; the rest are counted (all of them are in verdict.json). */
    static final int VIOLATIONS_SHOWN = 20;
    /** Faults listed one per line; a longer timeline is cut (all of it is in timeline.json). */
    static final int FAULTS_SHOWN = 200;

    private VerdictText() {
    }

    static List<String> failing(RunResult r) {
        return r.verdicts().stream().filter(v -> !v.ok()).map(Verdict::checker).toList();
    }

    static String render(RunResult r) {
        StringBuilder b = new StringBuilder();
        List<String> failing = failing(r);
        line(b, "verdict:   " + (failing.isEmpty() ? "PASS" : "FAIL (" + String.join(", ", failing) + ")"));
        line(b, "seed:      " + r.seed());
        line(b, "system:    " + r.system());
        line(b, "servers:   " + r.servers());
        line(b, "nemesis:   " + r.nemesis());
        line(b, String.format(Locale.ROOT, "duration:  %.1f s", r.durationMillis() / 1000.0));
        line(b, "ops:       " + r.operations());
        line(b, "unknown:   " + r.unknown());
        Map<String, Long> byKind = FaultCounts.byKind(r.faults());
        line(b, "faults:    " + r.faults().size() + (byKind.isEmpty() ? "" : " (" + FaultCounts.compact(byKind) + ")"));
        line(b, "dir:       " + r.dir());
        line(b, "");
        line(b, "checkers:");
        for (Verdict v : r.verdicts()) {
            line(b, String.format(Locale.ROOT, "  %-24s %s  checked %d%s", v.checker(), v.ok() ? "PASS" : "FAIL",
                    v.checked(), v.violations().isEmpty() ? "" : ", " + v.violations().size() + " violation(s)"));
            v.violations().stream().limit(VIOLATIONS_SHOWN).forEach(x -> line(b, "      - " + x));
            if (v.violations().size() > VIOLATIONS_SHOWN) {
                line(b, "      ... and " + (v.violations().size() - VIOLATIONS_SHOWN) + " more (verdict.json)");
            }
        }
        if (r.verdicts().isEmpty()) {
            line(b, "  (no checker ran)");
        }
        line(b, "");
        line(b, "faults (seconds since the run's start):");
        List<FaultEvent> faults = r.faults().stream().sorted(Comparator.comparingLong(FaultEvent::startNanos)).toList();
        faults.stream().limit(FAULTS_SHOWN).forEach(f -> line(b, String.format(Locale.ROOT,
                "  %8.3f - %-8s %-10s %s", f.startNanos() / 1e9,
                f.endNanos() > f.startNanos() ? String.format(Locale.ROOT, "%.3f", f.endNanos() / 1e9) : "(open)",
                f.kind(), f.description())));
        if (faults.size() > FAULTS_SHOWN) {
            line(b, "  ... and " + (faults.size() - FAULTS_SHOWN) + " more (timeline.json)");
        }
        if (faults.isEmpty()) {
            line(b, "  (none)");
        }
        line(b, "");
        line(b, "re-check offline: " + RunReport.checkCommand(r));
        line(b, "replay:           " + RunReport.replayCommand(r));
        return b.toString();
    }

    private static void line(StringBuilder b, String s) {
        b.append(s).append('\n');
    }
}
