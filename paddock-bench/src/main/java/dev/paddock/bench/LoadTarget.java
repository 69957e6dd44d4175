package dev.paddock.bench;

import java.util.Map;

/** What the load generator drives: one server, or an ensemble whose members share the sessions. */
public interface LoadTarget {
    /** Where session {@code i} connects (an ensemble spreads sessions over its members). */
    String connectString(int session);

    /** CPU seconds (user + system) the server process(es) have used so far. */
    double cpuSeconds();

    /**
     * CPU seconds the server process(es) have used so far by thread group (a thread's name without its number, e.g.
     * "paddock-core", "G1 Conc", "SyncThread"); empty where not known. Groups add up to about {@link #cpuSeconds()}
     * (less what threads that ended had used).
     */
    default Map<String, Double> threadCpuSeconds() {
        return Map.of();
    }

    /**
     * CPU seconds the server process(es) have spent compiling (the JIT's compiler threads) so far; NaN where not
     * known. Part of {@link #cpuSeconds()}: a share of it in a measured window means the window was not steady.
     */
    default double jitCpuSeconds() {
        return jitCpuSeconds(threadCpuSeconds());
    }

    /** Of CPU seconds by thread group, the JIT compiler threads' (C1, C2); NaN if there are no groups. */
    static double jitCpuSeconds(Map<String, Double> groups) {
        if (groups.isEmpty()) {
            return Double.NaN;
        }
        return groups.entrySet().stream().filter(e -> e.getKey().startsWith("C1 CompilerThre")
                || e.getKey().startsWith("C2 CompilerThre")).mapToDouble(Map.Entry::getValue).sum();
    }

    /** Resident set size in bytes (summed over the members of an ensemble). */
    long rssBytes();

    /** The official client's settings for this target's sessions; null for the client's defaults. */
    default org.apache.zookeeper.client.ZKClientConfig clientConfig() {
        return null;
    }
}
