package dev.paddock.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/paddock-bench [--quick|--full] [--out docs]} and {@code bin/paddock-bench --jmh [JMH options]}. */
@Command(name = "paddock-bench", mixinStandardHelpOptions = true,
        description = "Benchmarks Paddock against Apache ZooKeeper 3.9.3 (both as child JVMs) and writes "
                + "<out>/benchmarks.md, <out>/bench/*.png and <out>/bench/results.json.")
public final class PaddockBench implements Callable<Integer> {
    @Option(names = "--quick", description = "About two minutes, plus about four for the overload attacks (default).")
    boolean quick;

    @Option(names = "--full", description = "The full sweep, 1M-znode memory run; takes much longer.")
    boolean full;

    @Option(names = "--smoke", hidden = true, description = "One second of saturation, for tests.")
    boolean smoke;

    @Option(names = "--out", defaultValue = "docs", description = "Docs directory to write into (default: docs).")
    Path out;

    @Option(names = "--jmh", description = "Run the JMH microbenchmarks instead; remaining arguments go to JMH.")
    boolean jmh;

    @Option(names = "--classpath", description = "Class path for the server JVMs (default: this JVM's).")
    String classpath;

    @Option(names = "--only", split = ",", description = "Run only these scenarios: ${COMPLETION-CANDIDATES}.",
            completionCandidates = ScenarioNames.class)
    List<String> only;

    @Option(names = "--servers", split = ",", description = "Measure only these servers: ${COMPLETION-CANDIDATES} "
            + "(default: both; ratios need both).")
    List<ServerKind> servers;

    @Option(names = "--memory-znodes", split = ",", paramLabel = "N", description = "Sizes of the memory scale "
            + "curve, e.g. 100000,1000000,10000000 (default: 100000 with --quick, those three with --full).")
    List<Integer> memoryZnodes;

    @Option(names = "--memory-payload", paramLabel = "BYTES", description = "Data bytes per znode in the memory "
            + "and watch memory scenarios (default: ${DEFAULT-VALUE}, as issue #13 measures).", defaultValue = "32")
    int memoryPayload;

    @Option(names = "--watch-znodes", paramLabel = "N", description = "Znodes of the watch memory scenario "
            + "(default: 20000 with --quick, 100000 with --full).")
    Integer watchZnodes;

    @Option(names = "--watch-sessions", paramLabel = "N", description = "Sessions of the watch memory scenario, each "
            + "watching every znode (default: 5 with --quick, 10 with --full).")
    Integer watchSessions;

    @Option(names = "--server-cpus", paramLabel = "LIST", description = "Pinned scenario: the server's CPUs for "
            + "taskset -c (default: 1).")
    String serverCpus;

    @Option(names = "--load-cpus", paramLabel = "LIST", description = "Pinned scenario: the load generator's (this "
            + "JVM's) CPUs (default: 0).")
    String loadCpus;

    @Option(names = "--pinned-client", paramLabel = "CLIENT", description = "Pinned scenario: the client driving both "
            + "servers: zookeeper (the official 3.9.3 client, default), zookeeper-netty (the same over its Netty "
            + "socket) or paddock (Paddock's lean client).")
    String pinnedClient;

    @Option(names = "--warmup-ms", paramLabel = "MS", description = "Warm-up per load point (overrides the mode's).")
    Long warmupMs;

    @Option(names = "--measure-ms", paramLabel = "MS", description = "Measured time per load point (overrides the mode's).")
    Long measureMs;

    @Option(names = "--rounds", paramLabel = "N", description = "Rounds per load point and server (overrides the mode's).")
    Integer rounds;

    /** With --jmh: JMH's own options and benchmark patterns, e.g. {@code -f 1 -wi 1 -i 3 JuteCodec}. */
    @CommandLine.Unmatched
    List<String> rest = new ArrayList<>();

    /** The scenario names --only accepts. */
    static final class ScenarioNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Bench.SCENARIOS.iterator();
        }
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "paddock-bench-logback.xml");
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new PaddockBench()).setUnmatchedOptionsArePositionalParams(true).execute(args));
    }

    /** The mode's settings with the options given on the command line. */
    Settings overrides(Settings base) {
        Settings s = base;
        if (memoryZnodes != null) {
            if (memoryZnodes.stream().anyMatch(n -> n <= 0)) {
                throw new IllegalArgumentException("--memory-znodes takes positive sizes: " + memoryZnodes);
            }
            s = s.withMemory(memoryZnodes.stream().sorted().distinct().toList(), s.memoryPayload());
        }
        if (memoryPayload < 0) {
            throw new IllegalArgumentException("--memory-payload takes a size in bytes: " + memoryPayload);
        }
        s = s.withMemory(s.memoryZnodes(), memoryPayload);
        if (watchZnodes != null || watchSessions != null) {
            int z = watchZnodes != null ? watchZnodes : s.watchZnodes();
            int n = watchSessions != null ? watchSessions : s.watchSessions();
            if (z <= 0 || n <= 0) {
                throw new IllegalArgumentException("--watch-znodes and --watch-sessions take positive numbers");
            }
            s = s.withWatches(z, n);
        }
        if (serverCpus != null || loadCpus != null || pinnedClient != null) {
            Settings.Pinning p = s.pinning();
            Settings.PinnedClient client = pinnedClient == null ? p.client() : Settings.PinnedClient.of(pinnedClient);
            p = new Settings.Pinning(serverCpus != null ? serverCpus : p.serverCpus(),
                    loadCpus != null ? loadCpus : p.loadCpus(), client);
            PinnedScenario.countCpus(p.serverCpus());
            PinnedScenario.countCpus(p.loadCpus());
            s = s.withPinning(p);
        }
        if (warmupMs != null || measureMs != null || rounds != null) {
            long w = warmupMs != null ? warmupMs : s.warmupMs();
            long m = measureMs != null ? measureMs : s.measureMs();
            int r = rounds != null ? rounds : s.rounds();
            if (w < 0 || m <= 0 || r <= 0) {
                throw new IllegalArgumentException("--warmup-ms >= 0, --measure-ms > 0 and --rounds > 0, please");
            }
            s = s.withTiming(w, m, r);
        }
        return s;
    }

    @Override
    public Integer call() throws Exception {
        if (jmh) {
            List<String> args = new ArrayList<>(rest);
            java.nio.file.Files.createDirectories(out.resolve("bench"));
            List<String> defaults = new ArrayList<>(List.of("-rf", "json", "-rff",
                    out.resolve("bench").resolve("jmh.json").toString()));
            if (args.isEmpty()) {
                defaults.addAll(List.of("-f", "1", "-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"));
            }
            if (args.stream().noneMatch(a -> a.startsWith("dev.paddock") || !a.startsWith("-") && Character.isUpperCase(a.charAt(0)))) {
                args.add("dev.paddock.bench.jmh");
            }
            defaults.addAll(args);
            args = defaults;
            org.openjdk.jmh.Main.main(args.toArray(String[]::new));
            return 0;
        }
        if (!rest.isEmpty()) {
            System.err.println("unknown arguments (JMH options need --jmh): " + rest);
            return 2;
        }
        if (quick && full) {
            System.err.println("choose one of --quick and --full");
            return 2;
        }
        if (only != null && !Bench.SCENARIOS.containsAll(only)) {
            System.err.println("--only takes " + String.join(",", Bench.SCENARIOS));
            return 2;
        }
        Settings settings;
        try {
            settings = overrides(smoke ? Settings.smoke() : full ? Settings.full() : Settings.quick());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        String cp = classpath != null ? classpath : System.getProperty("java.class.path");
        long t0 = System.nanoTime();
        java.util.Set<String> scenarios = only == null ? java.util.Set.copyOf(Bench.SCENARIOS) : java.util.Set.copyOf(only);
        List<ServerKind> kinds = servers == null ? List.of(ServerKind.values()) : List.copyOf(servers);
        Results results = new Bench(settings, cp, scenarios, kinds).run();
        List<String> headline = Report.write(results, out);
        System.out.printf("paddock-bench %s finished in %.0f s; wrote %s and %s%n", settings.mode(),
                (System.nanoTime() - t0) / 1e9, out.resolve("benchmarks.md"), out.resolve("bench/results.json"));
        System.out.println("Paddock storage mode: " + results.paddockStorageMode);
        headline.forEach(h -> System.out.println("  " + h));
        if (!results.failures.isEmpty()) {
            System.out.println("Failures:");
            results.failures.forEach(f -> System.out.println("  " + f));
            return 1;
        }
        return 0;
    }
}
