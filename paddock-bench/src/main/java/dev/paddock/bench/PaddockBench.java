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
        Settings settings = smoke ? Settings.smoke() : full ? Settings.full() : Settings.quick();
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
