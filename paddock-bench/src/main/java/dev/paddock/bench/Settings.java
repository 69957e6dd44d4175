package dev.paddock.bench;

import java.util.List;

/**
 * The knobs of one benchmark run; {@link #quick()} fits in about two minutes on a 2-core machine. {@code rounds}:
 * each saturation point and the fixed-rate run are measured that many times per server, alternating the servers
 * (A B B A ...); the report keeps each server's best round (highest throughput; lowest p99 at the fixed rate), since
 * on a shared machine interference only ever makes a round worse. Every round is kept in the raw JSON.
 * {@code ensembleSize} members per pseudo-cluster (the ensemble scenarios run when it is above 1), each ensemble
 * load run measured for {@code ensembleMeasureMs}, and {@code failoverRounds} leader kills per server kind.
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
        int failoverRounds) {

    public static final List<String> JVM_FLAGS = List.of("-Xmx2g", "-XX:+UseG1GC",
            "-Djava.awt.headless=true");

    public static Settings quick() {
        return new Settings("quick", JVM_FLAGS, 8, 16, 1024, List.of(0.0, 0.1, 0.5, 1.0), 1_000, 2_000,
                0.3, 0.1, 2_000, 100, 5, 200, List.of(100_000), 100, 2, 3, 2_000, 3);
    }

    public static Settings full() {
        return new Settings("full", JVM_FLAGS, 32, 32, 1024,
                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0), 5_000, 20_000,
                0.3, 0.1, 20_000, 1_000, 20, 2_000, List.of(100_000, 1_000_000), 100, 2, 3, 20_000, 5);
    }

    /** One second of saturation at 10 % writes, nothing else: the smoke test. */
    public static Settings smoke() {
        return new Settings("smoke", List.of("-Xmx256m", "-XX:+UseG1GC"), 2, 4, 128, List.of(0.1), 300, 1_000,
                0, 0.1, 0, 0, 0, 0, List.of(), 100, 1, 3, 1_000, 1);
    }
}
