package dev.paddock.faults.run;

import dev.paddock.client.KeeperException;
import dev.paddock.faults.check.Checks;
import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.cluster.Cluster;
import dev.paddock.faults.cluster.ServerNode;
import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.HistoryFiles;
import dev.paddock.faults.history.RecordedHistory;
import dev.paddock.faults.nemesis.FaultKind;
import dev.paddock.faults.nemesis.Nemesis;
import dev.paddock.faults.net.Sandbox;
import dev.paddock.faults.report.RunReport;
import dev.paddock.faults.workload.WorkloadOptions;
import dev.paddock.faults.workload.Workloads;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
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
 * healed, the final state read from every server, the logs verified, the history checked and written with its
 * report. A run that cannot be carried out (the ensemble never forms, a command fails) is a failed run with a
 * "harness" verdict, not an exception: a run set goes on.
 */
public final class Runner {
    private static final Logger LOG = LoggerFactory.getLogger(Runner.class);
    /** How long a fresh ensemble may take to form (JVM start-up on a loaded 2-core box included). */
    static final Duration FORMATION = Duration.ofSeconds(120);
    /** How long a healed ensemble may take to serve again before the run counts it as a liveness failure. */
    static final Duration RECOVERY = Duration.ofSeconds(60);
    /** How long the healed ensemble serves the workloads before they stop. */
    static final Duration HEALED_LOAD = Duration.ofSeconds(2);

    private Runner() {
    }

    public static RunResult run(RunConfig cfg) throws IOException, InterruptedException {
        Files.createDirectories(cfg.dir());
        LOG.info("run {} seed {}: {} servers, faults {}, {} s, in {}", cfg.system(), cfg.seed(), cfg.servers(),
                FaultKind.labels(cfg.applicableFaults()), cfg.seconds(), cfg.dir());
        RunClock clock = new RunClock();
        Workloads workloads = new Workloads(WorkloadOptions.defaults().withSeed(cfg.seed())
                .withSessionTimeoutMs(cfg.sessionTimeoutMs()), clock);
        Nemesis[] nemesis = {null};
        List<Verdict> verdicts = new ArrayList<>();
        try (Sandbox sandbox = Sandbox.create(cfg.servers());
             ClusterTarget target = ClusterTarget.start(sandbox, cfg)) {
            verdicts.addAll(runIn(cfg, clock, target, workloads, nemesis));
        } catch (Exception | AssertionError e) {
            LOG.error("run {} seed {} could not be carried out", cfg.system(), cfg.seed(), e);
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            verdicts.add(Verdict.of("harness", 1, List.of(e.toString(), trace.toString())));
        } finally {
            workloads.close();
        }
        RunResult result = new RunResult(cfg.seed(), cfg.system(), cfg.servers(),
                FaultKind.labels(cfg.applicableFaults()), RunClock.millis(clock.now()),
                nemesis[0] == null ? List.of() : nemesis[0].events(), workloads.samples(), verdicts,
                workloads.operations(), workloads.unknown(), cfg.dir().toString());
        RunReport.write(result, cfg.dir());
        LOG.info("{}", RunReport.banner(result));
        return result;
    }

    private static List<Verdict> runIn(RunConfig cfg, RunClock clock, ClusterTarget target, Workloads workloads,
                                       Nemesis[] nemesisOut) throws Exception {
        List<Verdict> harness = new ArrayList<>();
        Cluster cluster = target.cluster();
        cluster.awaitServing(FORMATION);
        target.supervise(clock);
        setUp(workloads, cluster);
        workloads.start(cluster.connectString());
        Nemesis nemesis = new Nemesis(target, clock);
        nemesisOut[0] = nemesis;
        long nemesisStart = System.nanoTime();
        try {
            nemesis.run(Nemesis.plan(cfg.seed(), cfg.applicableFaults(), target.servers(), cfg.seconds() * 1000L,
                    cfg.sessionTimeoutMs()));
            long left = nemesisStart + cfg.seconds() * 1_000_000_000L - System.nanoTime();
            if (left > 0) {
                Thread.sleep(left / 1_000_000L);
            }
        } finally {
            nemesis.healAll();
        }
        harness.add(recovered(cluster));
        Thread.sleep(HEALED_LOAD.toMillis());
        workloads.stop();
        // every session the workloads abandoned must be gone within its timeout now that a quorum is healthy;
        // twice the timeout leaves the leader's expiry tick room on a loaded machine
        Thread.sleep(2L * cfg.sessionTimeoutMs() + 1000);
        Map<Integer, String> perServer = new LinkedHashMap<>();
        for (ServerNode node : cluster.nodes()) {
            perServer.put(node.id(), node.clientConnect());
        }
        FinalState fin = workloads.collectFinal(perServer, Duration.ofSeconds(30));
        workloads.close();
        target.stopSupervising();
        harness.add(Verdict.of("crashes", cfg.servers(), target.unexpectedExits()));
        cluster.stopServers();
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
        // the data directories are copied out (data-final) only where a run failed
        cluster.saveDataOnClose(!verdicts.stream().allMatch(Verdict::ok));
        return verdicts;
    }

    /** Creates the workloads' nodes; a fresh ensemble may still lose a connection or two, so it tries for a while. */
    private static void setUp(Workloads workloads, Cluster cluster) throws Exception {
        long deadline = System.nanoTime() + FORMATION.toNanos();
        while (true) {
            try {
                workloads.setUp(cluster.connectString());
                return;
            } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.info("setting the workloads up again after {}", e.toString());
            }
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
}
