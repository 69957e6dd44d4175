package dev.paddock.faults;

import dev.paddock.faults.check.Checks;
import dev.paddock.faults.check.Verdict;
import dev.paddock.faults.history.HistoryFiles;
import dev.paddock.faults.nemesis.FaultKind;
import dev.paddock.faults.report.RunReport;
import dev.paddock.faults.report.RunSetReport;
import dev.paddock.faults.run.RunConfig;
import dev.paddock.faults.run.RunResult;
import dev.paddock.faults.run.Runner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/paddock-faults}: run sets of fault-injection runs, or re-check a recorded run. */
@Command(name = "paddock-faults", mixinStandardHelpOptions = true, version = "paddock-faults 0.1.0",
        subcommands = {FaultsMain.Run.class, FaultsMain.Check.class, FaultsMain.Report.class},
        description = "Real ensembles in network namespaces under a seeded nemesis, checked for linearizability.")
public final class FaultsMain implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultsMain()).execute(args));
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Runs N runs (seeds S, S+1, …) and writes each run's files and the run set's report.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--system", defaultValue = "paddock", description = "paddock, zookeeper or both")
        String system;
        @Option(names = "--servers", defaultValue = "3", description = "3 or 5")
        int servers;
        @Option(names = "--runs", defaultValue = "1")
        int runs;
        @Option(names = "--seed", description = "first seed (default: from the time)")
        Long seed;
        @Option(names = "--nemesis", defaultValue = "all", description = "all, none, or a list of: ${COMPLETION-CANDIDATES}")
        String nemesis;
        @Option(names = "--time", defaultValue = "30s", description = "nemesis time per run, e.g. 45s or 2m")
        String time;
        @Option(names = "--session-timeout", defaultValue = "2000", description = "the workloads' session timeout, ms")
        int sessionTimeoutMs;
        @Option(names = "--out", description = "run set directory (default: faults-runs/<timestamp> in the checkout)")
        Path out;

        @Override
        public Integer call() throws Exception {
            if (servers != 3 && servers != 5) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--servers must be 3 or 5");
            }
            long first = seed != null ? seed : System.currentTimeMillis() % 1_000_000L;
            int seconds = parseSeconds(time);
            Path dir = out != null ? out : Path.of(System.getProperty("paddock.home", "."), "faults-runs",
                    "set-" + System.currentTimeMillis());
            Files.createDirectories(dir);
            List<Boolean> systems = switch (system.toLowerCase(Locale.ROOT)) {
                case "paddock" -> List.of(false);
                case "zookeeper" -> List.of(true);
                case "both" -> List.of(false, true);
                default -> throw new CommandLine.ParameterException(new CommandLine(this),
                        "--system must be paddock, zookeeper or both");
            };
            List<RunResult> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                for (boolean zk : systems) {
                    long s = first + i;
                    RunConfig cfg = new RunConfig(zk, servers, s, FaultKind.parse(nemesis), seconds, sessionTimeoutMs,
                            dir.resolve((zk ? "zookeeper" : "paddock") + "-" + servers + "-" + s));
                    RunResult r = Runner.run(cfg);
                    results.add(r);
                    System.out.printf("%s seed %d: %s (%d ops, %d unknown, %d faults) %s%n", cfg.system(), s,
                            r.ok() ? "PASS" : "FAIL", r.operations(), r.unknown(), r.faults().size(), r.dir());
                    if (!r.ok()) {
                        System.out.println("  replay: " + cfg.replayCommand());
                        System.out.println("  re-check: bin/paddock-faults check " + r.dir());
                    }
                    RunSetReport.write(results, dir);
                }
            }
            long failed = results.stream().filter(r -> !r.ok()).count();
            System.out.printf("%d runs, %d failed; report: %s%n", results.size(), failed, dir.resolve("summary.md"));
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Re-checks a run's recorded history (its directory) offline, with no servers.")
    static final class Check implements Callable<Integer> {
        @Parameters(paramLabel = "RUN_DIR")
        Path dir;

        @Override
        public Integer call() throws Exception {
            List<Verdict> verdicts = Checks.checkAll(HistoryFiles.read(dir));
            boolean ok = true;
            for (Verdict v : verdicts) {
                System.out.printf("%-24s %s (%d checked)%n", v.checker(), v.ok() ? "ok" : "VIOLATED", v.checked());
                v.violations().stream().limit(20).forEach(line -> System.out.println("    " + line));
                ok &= v.ok();
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "Writes one run set's report (summary.md/json/png) over the runs found in the given "
                    + "directories (each run's verdict.json), e.g. run sets made by several commands.")
    static final class Report implements Callable<Integer> {
        @Option(names = "--out", required = true)
        Path out;
        @Parameters(paramLabel = "DIR", arity = "1..*", description = "run directories or run set directories")
        List<Path> dirs;

        @Override
        public Integer call() throws Exception {
            List<RunResult> runs = new ArrayList<>();
            for (Path d : dirs) {
                if (Files.exists(d.resolve("verdict.json"))) {
                    runs.add(RunReport.read(d));
                    continue;
                }
                try (var children = Files.list(d)) {
                    for (Path c : children.sorted().toList()) {
                        if (Files.exists(c.resolve("verdict.json"))) {
                            runs.add(RunReport.read(c));
                        }
                    }
                }
            }
            Files.createDirectories(out);
            RunSetReport.write(runs, out);
            long failed = runs.stream().filter(r -> !r.ok()).count();
            System.out.printf("%d runs, %d failed; report: %s%n", runs.size(), failed, out.resolve("summary.md"));
            return failed == 0 ? 0 : 1;
        }
    }

    static int parseSeconds(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("m")) {
            return Math.toIntExact(Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))).toSeconds());
        }
        if (t.endsWith("s")) {
            t = t.substring(0, t.length() - 1);
        }
        return Integer.parseInt(t);
    }
}
