package dev.paddock.faults.run;

import dev.paddock.faults.nemesis.FaultKind;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * One run's settings: which servers, which faults, how long, where its files go.
 *
 * @param zookeeper        run Apache ZooKeeper 3.9.3 (the control) instead of Paddock
 * @param faults           the fault kinds the nemesis may schedule (those needing Paddock's hooks are dropped for
 *                         ZooKeeper)
 * @param seconds          how long the nemesis runs while the workloads run
 * @param sessionTimeoutMs the workloads' session timeout
 */
public record RunConfig(boolean zookeeper, int servers, long seed, Set<FaultKind> faults, int seconds,
                        int sessionTimeoutMs, Path dir) {

    public String system() {
        return zookeeper ? "zookeeper" : "paddock";
    }

    /** The kinds this system can take. */
    public Set<FaultKind> applicableFaults() {
        Set<FaultKind> out = faults.isEmpty() ? EnumSet.noneOf(FaultKind.class) : EnumSet.copyOf(faults);
        if (zookeeper) {
            out.removeIf(k -> !k.external);
        }
        return out;
    }

    /** The command that repeats this run. */
    public String replayCommand() {
        return "bin/paddock-faults run --system " + system() + " --servers " + servers + " --seed " + seed
                + " --nemesis " + FaultKind.labels(faults) + " --time " + seconds + "s";
    }
}
