package dev.paddock.faults.report;

import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.nemesis.FaultEvent;
import dev.paddock.faults.run.RunResult;
import dev.paddock.faults.run.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** RunResults made up for the report tests: plausible samples, a few faults, chosen verdicts. */
final class SyntheticRuns {
    private static final long S = 1_000_000_000L;

    private SyntheticRuns() {
    }

    static List<FaultEvent> faults() {
        return List.of(
                new FaultEvent(5 * S, 12 * S, "partition", "{1,2} | {3,4,5}"),
                new FaultEvent(20 * S, 23 * S, "kill", "kill -9 3"),
                new FaultEvent(30 * S, 38 * S, "partition", "isolate leader 2"),
                new FaultEvent(40 * S, 45 * S, "pause", "SIGSTOP 4"),
                new FaultEvent(50 * S, 0, "clock", "server 1 +90s (never healed)"));
    }

    /** One sample per second: steady throughput that drops and errs while a fault is active. */
    static List<Sample> samples(int seconds, List<FaultEvent> faults) {
        return IntStream.range(0, seconds).mapToObj(t -> {
            boolean hit = faults.stream().anyMatch(f -> f.startNanos() <= t * S && t * S < f.endNanos());
            if (t == 7) {
                return new Sample(t, 0, 0, 0, 0, 0, 0); // a second with nothing completed
            }
            return hit ? new Sample(t, 40, 12, 3, 4.5, 900, 2500) : new Sample(t, 300, 0, 0, 1.2, 6.0, 15.0);
        }).toList();
    }

    static RunResult failing(long seed, String dir) {
        List<String> violations = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            violations.add("op 0x" + Integer.toHexString(100 + i) + " read stale value " + i + " of /k" + (i % 3));
        }
        List<Verdict> verdicts = List.of(
                Verdict.pass("linearizable-registers", 1200),
                Verdict.of("reads", 800, violations),
                Verdict.pass("set", 50),
                Verdict.of("ephemerals", 7, List.of("session 0x1a2b ephemeral /e/1 outlived its session")));
        List<FaultEvent> faults = faults();
        return new RunResult(seed, "paddock", 5, "partition,kill,pause,clock", 60_000, faults, samples(60, faults),
                verdicts, 15_000, 42, dir);
    }

    static RunResult passing(long seed, String system, List<FaultEvent> faults, long ops, long unknown, String dir) {
        List<Verdict> verdicts = List.of(Verdict.pass("linearizable-registers", ops / 2), Verdict.pass("reads", ops / 4),
                Verdict.pass("set", 10));
        return new RunResult(seed, system, 3, "kill", 30_500, faults, samples(30, faults), verdicts, ops, unknown, dir);
    }
}
