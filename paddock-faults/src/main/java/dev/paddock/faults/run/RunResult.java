package dev.paddock.faults.run;

import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.nemesis.FaultEvent;
import java.util.List;

/**
 * Everything a run produced, for its verdict file and the run set's report.
 *
 * @param system     "paddock" or "zookeeper"
 * @param nemesis    the fault kinds enabled, comma-separated
 * @param operations all workload operations
 * @param unknown    operations whose outcome is unknown
 * @param dir        the run's directory (history, timeline, logs, verdict)
 */
public record RunResult(long seed, String system, int servers, String nemesis, long durationMillis,
                        List<FaultEvent> faults, List<Sample> samples, List<Verdict> verdicts, long operations,
                        long unknown, String dir) {

    public boolean ok() {
        return verdicts.stream().allMatch(Verdict::ok);
    }
}
