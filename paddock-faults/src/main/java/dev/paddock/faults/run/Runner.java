package dev.paddock.faults.run;

import dev.paddock.faults.check.Checks;
import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.cluster.Cluster;
import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.HistoryFiles;
import dev.paddock.faults.history.RecordedHistory;
import dev.paddock.faults.nemesis.Fault;
import dev.paddock.faults.nemesis.Nemesis;
import dev.paddock.faults.net.Sandbox;
import dev.paddock.faults.report.RunReport;
import dev.paddock.faults.workload.WorkloadOptions;
import dev.paddock.faults.workload.Workloads;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run: a fresh sandbox and ensemble, the workloads under the nemesis for the configured time, then everything
 * healed, the final state read from every server, the logs verified, the history checked and written.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    /** How long a healed ensemble may take to serve again before the run counts it as a liveness failure. */
    static final Duration RECOVERY = Duration.ofSeconds(60);

    private Runner() {
    }

    public static RunResult run(RunConfig cfg) throws Exception {
        Files.createDirectories(cfg.dir());
        LOG.info("run {} seed {}: {} servers, faults {}, {} s, in {}", cfg.system(), cfg.seed(), cfg.servers(),
                cfg.applicableFaults(), cfg.seconds(), cfg.dir());
        Sandbox.sweepStale();
        RunClock clock = new RunClock();
        long started = System.nanoTime();
        List<Verdict> harness = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.create(cfg.servers());
             ClusterTarget target = ClusterTarget.start(sandbox, cfg)) {
            Cluster cluster = target.cluster();
            cluster.awaitServing(Duration.ofSeconds(90));
            Workloads workloads = new Workloads(WorkloadOptions.defaults().withSeed(cfg.seed())
                    .withSessionTimeoutMs(cfg.sessionTimeoutMs()), clock);
            workloads.setUp(cluster.connectString());
            workloads.start(cluster.connectString());
            Nemesis nemesis = new Nemesis(target, clock);
            long nemesisStart = System.nanoTime();
            List<Fault> plan = Nemesis.plan(cfg.seed(), cfg.applicableFaults(), target.servers(),
                    cfg.seconds() * 1000L, cfg.sessionTimeoutMs());
            try {
                nemesis.run(plan);
                sleepRemaining(nemesisStart, cfg.seconds());
            } finally {
                nemesis.healAll();
            }
            harness.add(recovered(cluster));
            // the healed ensemble serves the workloads for a while, then the workloads stop and every session
            // they abandoned has its timeout (twice, for the leader's expiry tick) to go
            Thread.sleep(2000);
            workloads.stop();
            Thread.sleep(2L * cfg.sessionTimeoutMs() + 1000);
            Map<Integer, String> perServer = new LinkedHashMap<>();
            for (var node : cluster.nodes()) {
                perServer.put(node.id(), node.clientConnect());
            }
            FinalState fin = workloads.collectFinal(perServer, Duration.ofSeconds(30));
            workloads.close();
            cluster.close(); // kills every server and copies each data directory to data-final
            harness.add(LogVerification.verify(cluster));
            RecordedHistory history = new RecordedHistory(workloads.registerOps(), workloads.setOps(),
                    workloads.sessions(), workloads.watchRecords(), fin);
            try (HistoryFiles.Writer w = HistoryFiles.writer(cfg.dir())) {
                history.registers().forEach(w::register);
                history.sets().forEach(w::set);
                history.sessions().forEach(w::session);
                history.watches().forEach(w::watch);
                w.finalState(fin);
            }
            List<Verdict> verdicts = new ArrayList<>(Checks.checkAll(history));
            verdicts.addAll(harness);
            RunResult result = new RunResult(cfg.seed(), cfg.system(), cfg.servers(),
                    dev.paddock.faults.nemesis.FaultKind.labels(cfg.applicableFaults()),
                    (System.nanoTime() - started) / 1_000_000L, nemesis.events(), workloads.samples(), verdicts,
                    workloads.operations(), workloads.unknown(), cfg.dir().toString());
            RunReport.write(result, cfg.dir());
            if (result.ok()) {
                LogVerification.deleteSavedData(cluster); // kept only where a run failed
            }
            LOG.info("run {} seed {}: {}", cfg.system(), cfg.seed(), result.ok() ? "PASS" : "FAIL " + failing(result));
            return result;
        }
    }

    private static Verdict recovered(Cluster cluster) {
        try {
            cluster.awaitServing(RECOVERY);
            return Verdict.pass("recovery", 1);
        } catch (AssertionError | RuntimeException e) {
            return Verdict.of("recovery", 1, List.of("not serving " + RECOVERY.toSeconds() + " s after every fault was "
                    + "healed: " + e.getMessage()));
        }
    }

    private static void sleepRemaining(long startedNanos, int seconds) throws InterruptedException {
        long left = startedNanos + seconds * 1_000_000_000L - System.nanoTime();
        if (left > 0) {
            Thread.sleep(left / 1_000_000L);
        }
    }

    private static List<String> failing(RunResult r) {
        return r.verdicts().stream().filter(v -> !v.ok()).map(Verdict::checker).toList();
    }
}
