package dev.paddock.faults.report;

import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.run.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run set boiled down to one row per run and the totals: what {@code summary.json} holds and what
 * {@code summary.md} and {@code summary.png} are drawn from.
 *
 * @param runs   one row per run, in the order given
 * @param totals sums over all runs
 */
public record RunSetSummary(List<Row> runs, Totals totals) {

    /**
     * One run.
     *
     * @param index           1-based position in the set (the run's number on summary.png's x axis)
     * @param faults          faults injected, count by kind (canonical kind order)
     * @param failingCheckers the checkers that found a violation; empty when the run passed
     */
    public record Row(int index, long seed, String system, int servers, String nemesis, double seconds,
                      long operations, long unknown, Map<String, Long> faults, boolean passed,
                      List<String> failingCheckers, String dir) {

        /** "PASS" or "FAIL: reads, set". */
        public String verdict() {
            return passed ? "PASS" : "FAIL: " + String.join(", ", failingCheckers);
        }
    }

    /**
     * Sums over a run set.
     *
     * @param faults       all faults injected
     * @param faultsByKind faults injected, count by kind
     * @param checkers     per checker, in first-seen order
     */
    public record Totals(int runs, int passed, int failed, long operations, long unknown, long faults,
                         Map<String, Long> faultsByKind, List<CheckerTotal> checkers) {
    }

    /**
     * One checker over a run set.
     *
     * @param runs       runs it checked
     * @param failed     runs in which it found a violation
     * @param checked    operations (or items) it looked at, summed
     * @param violations violations it reported, summed
     */
    public record CheckerTotal(String checker, int runs, int failed, long checked, long violations) {
    }

    public static RunSetSummary of(List<RunResult> results) {
        List<Row> rows = new ArrayList<>();
        Map<String, Long> kinds = new TreeMap<>();
        Map<String, long[]> checkers = new LinkedHashMap<>();
        long ops = 0;
        long unknown = 0;
        long faults = 0;
        int passed = 0;
        for (RunResult r : results) {
            Map<String, Long> byKind = FaultCounts.byKind(r.faults());
            byKind.forEach((k, n) -> kinds.merge(k, n, Long::sum));
            rows.add(new Row(rows.size() + 1, r.seed(), r.system(), r.servers(), r.nemesis(),
                    r.durationMillis() / 1000.0, r.operations(), r.unknown(), byKind, r.ok(), VerdictText.failing(r),
                    r.dir()));
            for (Verdict v : r.verdicts()) {
                long[] t = checkers.computeIfAbsent(v.checker(), c -> new long[4]);
                t[0]++;
                t[1] += v.ok() ? 0 : 1;
                t[2] += v.checked();
                t[3] += v.violations().size();
            }
            ops += r.operations();
            unknown += r.unknown();
            faults += r.faults().size();
            passed += r.ok() ? 1 : 0;
        }
        List<CheckerTotal> perChecker = new ArrayList<>();
        checkers.forEach((c, t) -> perChecker.add(new CheckerTotal(c, (int) t[0], (int) t[1], t[2], t[3])));
        return new RunSetSummary(List.copyOf(rows), new Totals(results.size(), passed, results.size() - passed, ops,
                unknown, faults, FaultCounts.ordered(kinds), List.copyOf(perChecker)));
    }
}
