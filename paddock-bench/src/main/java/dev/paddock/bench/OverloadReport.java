package dev.paddock.bench;

import dev.paddock.bench.overload.LatencyStats;
import dev.paddock.bench.overload.OverloadPlan;
import dev.paddock.bench.overload.OverloadResult;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/** The report's overload section (issue #15): one table per attack, Paddock beside ZooKeeper 3.9.3. */
final class OverloadReport {
    private final List<OverloadResult> results;
    private final Consumer<String> out;

    OverloadReport(List<OverloadResult> results, Consumer<String> out) {
        this.results = results;
        this.out = out;
    }

    void section() {
        out.accept("## Overload: a misbehaving client beside a good one");
        out.accept("");
        if (results.isEmpty()) {
            out.accept("Not measured in this run (`bin/paddock-bench --only overload`).");
            out.accept("");
            return;
        }
        OverloadResult first = results.get(0);
        out.accept("Each attack runs against a fresh server of each kind. A good client (the official ZooKeeper "
                + "3.9.3 client) does a synchronous 100-byte setData, waits 20 ms, and again; its latencies and "
                + "errors are recorded alone (idle), then while the attack runs (" + secs(first) + " s here). "
                + "Server RSS is sampled from /proc every 50 ms; \"after\" is read once the attack has closed its "
                + "connections and the server has had a moment to settle. Healthy after = answers `ruok` and a "
                + "read from a new session.");
        out.accept("");
        for (String attack : OverloadPlan.ATTACKS) {
            OverloadResult p = find(attack, ServerKind.PADDOCK);
            OverloadResult z = find(attack, ServerKind.ZOOKEEPER);
            if (p == null && z == null) {
                continue;
            }
            OverloadResult any = p != null ? p : z;
            out.accept("### " + attack);
            out.accept("");
            out.accept(capital(any.description()) + ".");
            out.accept("");
            out.accept("| | Paddock | ZooKeeper 3.9.3 |");
            out.accept("|---|---|---|");
            row("good client ops idle / under attack", p, z, r -> r.idle().ops() + " / " + r.underAttack().ops());
            row("good client errors under attack", p, z, r -> Long.toString(r.underAttack().errors()));
            row("idle p50 / p99 / max ms", p, z, r -> lat(r.idle()));
            row("under attack p50 / p99 / max ms", p, z, r -> lat(r.underAttack()));
            row("server RSS before / peak / after MiB", p, z, r -> mib(r.rssBeforeBytes()) + " / "
                    + mib(r.rssPeakBytes()) + " / " + mib(r.rssAfterBytes()));
            row("OutOfMemoryError lines in the log", p, z, r -> Integer.toString(r.outOfMemoryLines()));
            row("healthy after", p, z, r -> r.healthyAfter() ? "yes" : "**no**: " + r.healthDetail());
            row("the attack did", p, z, OverloadResult::attackDid);
            out.accept("");
        }
    }

    private OverloadResult find(String attack, ServerKind kind) {
        return results.stream().filter(r -> r.attack().equals(attack) && r.server().equals(kind.label()))
                .findFirst().orElse(null);
    }

    private void row(String name, OverloadResult p, OverloadResult z, Function<OverloadResult, String> cell) {
        out.accept("| " + name + " | " + (p == null ? "n/a" : cell.apply(p).replace("|", "/")) + " | "
                + (z == null ? "n/a" : cell.apply(z).replace("|", "/")) + " |");
    }

    private static String lat(LatencyStats s) {
        return String.format(Locale.ROOT, "%.1f / %.1f / %.1f", s.p50Ms(), s.p99Ms(), s.maxMs());
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : Long.toString(Math.round(bytes / 1048576.0));
    }

    private static String secs(OverloadResult r) {
        return String.format(Locale.ROOT, "%.0f", r.attackSeconds());
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
