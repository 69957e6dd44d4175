package dev.paddock.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.faults.nemesis.FaultKind;
import dev.paddock.faults.report.RunSetReport;
import dev.paddock.faults.run.RunConfig;
import dev.paddock.faults.run.RunResult;
import dev.paddock.faults.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real runs: Paddock ensembles in network namespaces under every fault, and the ZooKeeper 3.9.3 control. The CI set
 * is short (fixed seeds, a few minutes in all); {@code -Pfaults-long} (or {@code -Dfaults.runs=N -Dfaults.time=S
 * -Dfaults.servers=5 -Dfaults.seed=S}) makes it as long as a night. A failing run's seed, replay command and history
 * directory are in the assertion message.
 */
class FaultRunsTest {
    private static final int RUNS = Integer.getInteger("faults.runs", 2);
    private static final int SECONDS = Integer.getInteger("faults.time", 15);
    private static final int SERVERS = Integer.getInteger("faults.servers", 3);
    private static final long SEED = Long.getLong("faults.seed", 9_001L);
    private static final Path OUT = Path.of("target", "faults-runs").toAbsolutePath();
    private static final List<RunResult> RESULTS = new ArrayList<>();

    @BeforeAll
    static void dirs() throws Exception {
        Files.createDirectories(OUT);
    }

    @AfterAll
    static void report() throws Exception {
        RunSetReport.write(RESULTS, OUT);
    }

    @Test
    void paddockSurvivesEveryFaultWithNoViolation() throws Exception {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            RunResult r = run(false, SEED + i);
            if (!r.ok()) {
                failures.add(describe(r, SEED + i, false));
            }
        }
        assertThat(failures).as("failed runs").isEmpty();
    }

    @Test
    void zookeeperControlPassesTheSameChecks() throws Exception {
        RunResult r = run(true, SEED);
        assertThat(r.ok()).as(describe(r, SEED, true)).isTrue();
    }

    private static RunResult run(boolean zk, long seed) throws Exception {
        RunConfig cfg = new RunConfig(zk, SERVERS, seed, FaultKind.parse("all"), SECONDS, 2000,
                OUT.resolve((zk ? "zookeeper" : "paddock") + "-" + SERVERS + "-" + seed));
        RunResult r = Runner.run(cfg);
        synchronized (RESULTS) {
            RESULTS.add(r);
        }
        assertThat(r.operations()).as("operations in run " + seed).isGreaterThan(100);
        assertThat(r.faults()).as("faults injected in run " + seed).isNotEmpty();
        return r;
    }

    private static String describe(RunResult r, long seed, boolean zk) {
        RunConfig c = new RunConfig(zk, SERVERS, seed, FaultKind.parse("all"), SECONDS, 2000, Path.of(r.dir()));
        return "seed " + seed + " failed " + r.verdicts().stream().filter(v -> !v.ok())
                .map(v -> v.checker() + " " + v.violations().stream().limit(3).toList()).toList()
                + "; history: " + r.dir() + "; re-check: bin/paddock-faults check " + r.dir() + "; replay: "
                + c.replayCommand();
    }
}
