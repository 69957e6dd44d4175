package dev.paddock.bench.overload;

/**
 * One attack against one server: the good client idle and under attack ({@code attackSeconds} long), the server's RSS before the attack, its
 * peak while under attack (sampled from /proc every 50 ms) and after it, OutOfMemoryError lines in its log, and
 * whether it answered ruok and a read afterwards.
 */
public record OverloadResult(String attack, String server, String description, String attackDid,
                             double attackSeconds, LatencyStats idle, LatencyStats underAttack, long rssBeforeBytes,
                             long rssPeakBytes, long rssAfterBytes, int outOfMemoryLines, boolean healthyAfter,
                             String healthDetail) {

    /** Peak RSS minus RSS before the attack. */
    public long rssGrowthBytes() {
        return rssPeakBytes - rssBeforeBytes;
    }

    /** One line for logs and test output. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "%s vs %s: good client idle %d ops p50 %.1f p99 %.1f max %.1f ms | under attack %d ops, %d errors, "
                        + "p50 %.1f p99 %.1f max %.1f ms | RSS before %d MiB, peak %d MiB (+%d), after %d MiB | "
                        + "OOM lines %d | healthy after: %s (%s) | attack: %s",
                attack, server, idle.ops(), idle.p50Ms(), idle.p99Ms(), idle.maxMs(), underAttack.ops(),
                underAttack.errors(), underAttack.p50Ms(), underAttack.p99Ms(), underAttack.maxMs(),
                mib(rssBeforeBytes), mib(rssPeakBytes), mib(rssGrowthBytes()), mib(rssAfterBytes), outOfMemoryLines,
                healthyAfter, healthDetail, attackDid)
                + (underAttack.firstError() != null ? " | first error: " + underAttack.firstError() : "");
    }

    static long mib(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes / 1048576.0);
    }
}
