package dev.paddock.bench;

import java.util.List;

/**
 * The knobs of one benchmark run; {@link #quick()} fits in about two minutes on a 2-core machine. {@code rounds}:
 * each saturation point and the fixed-rate run are measured that many times per server, alternating the servers
 * (A B B A ...); the report keeps each server's best round (highest throughput; lowest p99 at the fixed rate), since
 * on a shared machine interference only ever makes a round worse. Every round is kept in the raw JSON.
 * {@code ensembleSize} members per pseudo-cluster (the ensemble scenarios run when it is above 1), each ensemble
 * load run measured for {@code ensembleMeasureMs}, and {@code failoverRounds} leader kills per server kind.
 * {@code memoryZnodes} is the memory scale curve (each size measured, then the server killed and restarted);
 * {@code watchZnodes} x {@code watchSessions} data watches in the watch memory scenario; {@code pinning} places the
 * servers and the load generator on separate CPUs in the pinned scenario.
 */
public record Settings(
        String mode,
        List<String> jvmFlags,
        int sessions,
        int outstanding,
        int payload,
        List<Double> writeRatios,
        long warmupMs,
        long measureMs,
        double fixedRateFraction,
        double fixedRateWriteRatio,
        long table2Ms,
        int fanOutWatchers,
        int fanOutRounds,
        int stormSessions,
        List<Integer> memoryZnodes,
        int memoryPayload,
        int rounds,
        int ensembleSize,
        long ensembleMeasureMs,
        int failoverRounds,
        int watchZnodes,
        int watchSessions,
        Pinning pinning) {

    /**
     * The pinned scenario: each server started under {@code taskset -c serverCpus}, the benchmark's own JVM (the
     * load generator) moved to {@code loadCpus}; {@code paddockClient} drives both servers with Paddock's client
     * instead of the official one.
     */
    public record Pinning(String serverCpus, String loadCpus, PinnedClient client) {
        public static final Pinning DEFAULT = new Pinning("1", "0", PinnedClient.ZOOKEEPER);

        public boolean paddockClient() {
            return client == PinnedClient.PADDOCK;
        }
    }

    /**
     * The load generator of the pinned scenario: the official client with its defaults (its NIO socket, which reads
     * each reply with two reads and writes each request with a syscall of its own), the official client over its
     * Netty socket (which reads and writes in batches), or Paddock's client.
     */
    public enum PinnedClient {
        ZOOKEEPER("zookeeper", "ZooKeeper 3.9.3 client"),
        ZOOKEEPER_NETTY("zookeeper-netty", "ZooKeeper 3.9.3 client over its Netty socket"),
        PADDOCK("paddock", "Paddock client");

        private final String option;
        private final String label;

        PinnedClient(String option, String label) {
            this.option = option;
            this.label = label;
        }

        public String option() {
            return option;
        }

        public String label() {
            return label;
        }

        /** The client named {@code option} on the command line. */
        public static PinnedClient of(String option) {
            for (PinnedClient c : values()) {
                if (c.option.equals(option)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("--pinned-client takes zookeeper, zookeeper-netty or paddock, not "
                    + option);
        }
    }

    public static final List<String> JVM_FLAGS = List.of("-Xmx2g", "-XX:+UseG1GC",
            "-Djava.awt.headless=true");

    public static Settings quick() {
        return new Settings("quick", JVM_FLAGS, 8, 16, 1024, List.of(0.0, 0.1, 0.5, 1.0), 1_000, 2_000,
                0.3, 0.1, 2_000, 100, 5, 200, List.of(100_000), 100, 2, 3, 2_000, 3,
                20_000, 5, Pinning.DEFAULT);
    }

    public static Settings full() {
        return new Settings("full", JVM_FLAGS, 32, 32, 1024,
                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), 5_000, 20_000,
                0.3, 0.1, 20_000, 1_000, 20, 2_000, List.of(100_000, 1_000_000, 10_000_000), 100, 2, 3,
                20_000, 5, 100_000, 10, Pinning.DEFAULT);
    }

    /** One second of saturation at 10 % writes, nothing else: the smoke test. */
    public static Settings smoke() {
        return new Settings("smoke", List.of("-Xmx256m", "-XX:+UseG1GC"), 2, 4, 128, List.of(0.1), 300, 1_000,
                0, 0.1, 0, 0, 0, 0, List.of(), 100, 1, 3, 1_000, 1, 0, 0, Pinning.DEFAULT);
    }

    /** These settings with another memory scale curve and znode payload (bytes). */
    public Settings withMemory(List<Integer> sizes, int znodePayload) {
        return new Settings(mode, jvmFlags, sessions, outstanding, payload, writeRatios, warmupMs, measureMs,
                fixedRateFraction, fixedRateWriteRatio, table2Ms, fanOutWatchers, fanOutRounds, stormSessions,
                List.copyOf(sizes), znodePayload, rounds, ensembleSize, ensembleMeasureMs, failoverRounds,
                watchZnodes, watchSessions, pinning);
    }

    /** These settings with another watch memory scenario size. */
    public Settings withWatches(int znodes, int sessionCount) {
        return new Settings(mode, jvmFlags, sessions, outstanding, payload, writeRatios, warmupMs, measureMs,
                fixedRateFraction, fixedRateWriteRatio, table2Ms, fanOutWatchers, fanOutRounds, stormSessions,
                memoryZnodes, memoryPayload, rounds, ensembleSize, ensembleMeasureMs, failoverRounds,
                znodes, sessionCount, pinning);
    }

    /** These settings with other CPUs or client for the pinned scenario. */
    public Settings withPinning(Pinning p) {
        return new Settings(mode, jvmFlags, sessions, outstanding, payload, writeRatios, warmupMs, measureMs,
                fixedRateFraction, fixedRateWriteRatio, table2Ms, fanOutWatchers, fanOutRounds, stormSessions,
                memoryZnodes, memoryPayload, rounds, ensembleSize, ensembleMeasureMs, failoverRounds,
                watchZnodes, watchSessions, p);
    }

    /** These settings with other warm-up and measuring times (ms) and rounds per point. */
    public Settings withTiming(long warmup, long measure, int roundCount) {
        return new Settings(mode, jvmFlags, sessions, outstanding, payload, writeRatios, warmup, measure,
                fixedRateFraction, fixedRateWriteRatio, table2Ms, fanOutWatchers, fanOutRounds, stormSessions,
                memoryZnodes, memoryPayload, roundCount, ensembleSize, ensembleMeasureMs, failoverRounds,
                watchZnodes, watchSessions, pinning);
    }

    /**
     * JVM flags of the memory and watch memory servers: {@link #jvmFlags} with -Xmx raised so that ZooKeeper holds
     * {@code znodes} (about 600 bytes each, with room; at least the usual 2g); the same for both servers.
     */
    public List<String> memoryJvmFlags(long znodes) {
        long gib = Math.max(2, (znodes * 600 + (1L << 30) - 1) >> 30);
        List<String> out = new java.util.ArrayList<>();
        for (String f : jvmFlags) {
            if (!f.startsWith("-Xmx")) {
                out.add(f);
            }
        }
        out.add(0, "-Xmx" + gib + "g");
        return out;
    }
}
