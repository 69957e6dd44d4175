package dev.paddock.bench.overload;

import java.util.List;

/**
 * Durations and sizes of the overload runs: {@code idleMs} of the good client alone, then {@code attackMs} under
 * attack, then {@code settleMs} before RSS "after" is read. {@link #attacks()} builds a fresh attack of each kind.
 */
public record OverloadPlan(String mode, long idleMs, long attackMs, long settleMs, int slowReaderRequests,
                           int bigZnodeBytes, int floodSessions, int floodOutstanding, int stormThreads,
                           int stormSilent, int stormRate, int watches, int largeWriters, int largeOutstanding) {

    /** jute.maxbuffer's default on both servers (0xfffff). */
    public static final int JUTE_MAX_BUFFER = 0xfffff;
    /** Attack names, in the order they run. */
    public static final List<String> ATTACKS = List.of("slow reader", "write flood", "connection storm",
            "watch hoarder", "large requests");

    /** The attack sizes of issue #15 with 10-second attacks (bin/paddock-bench --quick). */
    public static OverloadPlan quick() {
        return new OverloadPlan("quick", 3_000, 10_000, 2_000, 200_000, 512 * 1024, 64, 100, 8, 1_000, 2_000, 1_000_000,
                4, 2);
    }

    /** 30-second attacks, as in the reproduction (bin/paddock-bench --full). */
    public static OverloadPlan full() {
        return new OverloadPlan("full", 5_000, 30_000, 3_000, 200_000, 512 * 1024, 64, 100, 8, 1_000, 2_000, 1_000_000,
                4, 2);
    }

    /** Short runs for the tests: 3-second attacks, 100k watches. */
    public static OverloadPlan test() {
        return new OverloadPlan("test", 2_000, 3_000, 1_000, 200_000, 512 * 1024, 64, 100, 4, 500, 1_000, 100_000, 4, 2);
    }

    /** A fresh attack called {@code name} (one of {@link #ATTACKS}). */
    public Attack attack(String name) {
        switch (name) {
            case "slow reader":
                return new SlowReader(slowReaderRequests, bigZnodeBytes);
            case "write flood":
                return new WriteFlood(floodSessions, floodOutstanding, 1024);
            case "connection storm":
                return new ConnectionStorm(stormThreads, stormSilent, stormRate);
            case "watch hoarder":
                return new WatchHoarder(watches);
            case "large requests":
                return new LargeRequests(4 * 1024 * 1024, largeWriters, largeOutstanding, 1_000_000);
            default:
                throw new IllegalArgumentException("no attack called " + name + "; known: " + ATTACKS);
        }
    }
}
