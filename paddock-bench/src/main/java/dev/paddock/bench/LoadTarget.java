package dev.paddock.bench;

/** What the load generator drives: one server, or an ensemble whose members share the sessions. */
public interface LoadTarget {
    /** Where session {@code i} connects (an ensemble spreads sessions over its members). */
    String connectString(int session);

    /** CPU seconds (user + system) the server process(es) have used so far. */
    double cpuSeconds();

    /**
     * CPU seconds the server process(es) have spent compiling (the JIT's compiler threads) so far; NaN where not
     * known. Part of {@link #cpuSeconds()}: a share of it in a measured window means the window was not steady.
     */
    default double jitCpuSeconds() {
        return Double.NaN;
    }

    /** Resident set size in bytes (summed over the members of an ensemble). */
    long rssBytes();

    /** The official client's settings for this target's sessions; null for the client's defaults. */
    default org.apache.zookeeper.client.ZKClientConfig clientConfig() {
        return null;
    }
}
