package dev.paddock.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** The report's 3-server ensemble section and its two targets (throughput ratio, failover time). */
final class EnsembleReport {
    private static final String P = ServerKind.PADDOCK.name();
    private static final String Z = ServerKind.ZOOKEEPER.name();
    /** The failover target: kill -9 of the leader to the first write of the new epoch, median. */
    static final double FAILOVER_TARGET_MS = 1_000;

    private final Results r;
    private final Consumer<String> out;

    EnsembleReport(Results r, Consumer<String> out) {
        this.r = r;
        this.out = out;
    }

    /** Target rows: {name, goal, measured, status}. */
    List<String[]> targets() {
        List<String[]> t = new ArrayList<>();
        double tput = throughputRatio();
        t.add(new String[] {"3-server throughput (geometric mean of write-only and read-only)", ">= 2x",
                ratioText(tput), Double.isNaN(tput) ? "not measured" : tput >= 2.0 ? "**met**" : "not met"});
        Results.Failover f = r.failover.get(P);
        Results.Failover z = r.failover.get(Z);
        String measured = f == null ? "n/a" : fmt(f.firstWriteMedianMs(), 0) + " ms median, "
                + fmt(f.firstWriteMaxMs(), 0) + " ms max" + (z == null ? "" : " (ZooKeeper "
                + fmt(z.firstWriteMedianMs(), 0) + " ms median)");
        t.add(new String[] {"failover: kill -9 of the leader -> first write", "< 1 s", measured,
                f == null ? "not measured" : f.firstWriteMedianMs() < FAILOVER_TARGET_MS ? "**met**" : "not met"});
        return t;
    }

    /** Paddock / ZooKeeper, geometric mean over the write-only and read-only runs measured for both. */
    double throughputRatio() {
        double logSum = 0;
        int n = 0;
        for (var m : List.of(r.ensembleWrite, r.ensembleRead)) {
            Load.Result a = m.get(P);
            Load.Result b = m.get(Z);
            if (a != null && b != null && a.opsPerSec() > 0 && b.opsPerSec() > 0) {
                logSum += Math.log(a.opsPerSec() / b.opsPerSec());
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.exp(logSum / n);
    }

    void section() {
        line("## 3-server ensemble scenarios");
        line("");
        if (r.ensembleWrite.isEmpty() && r.ensembleRead.isEmpty() && r.failover.isEmpty()) {
            line("Not measured in this run (`bin/paddock-bench --only ensemble` runs them alone).");
            line("");
            return;
        }
        Settings s = r.settings;
        line("Each server kind runs as a pseudo-cluster of " + s.ensembleSize() + " child JVMs on loopback (the same "
                + "flags as above; zoo.cfg as above plus initLimit=10, syncLimit=5, `server.N=127.0.0.1:<quorum "
                + "port>:<election port>` and a myid file; ZooKeeper's main class "
                + "`org.apache.zookeeper.server.quorum.QuorumPeerMain`). The load generator's " + s.sessions()
                + " sessions x " + s.outstanding() + " outstanding requests are spread round-robin over the members "
                + "(writes on a follower are forwarded to the leader); " + s.warmupMs() + " ms warm-up, "
                + s.ensembleMeasureMs() + " ms measured, " + s.rounds() + " round(s) per server alternating the two "
                + "ensembles (both running throughout), best round kept (every round is in the JSON). Write-only uses the write mix above, read-only the read mix. "
                + "Server CPU and RSS are summed over the members.");
        line("");
        line("| | Paddock | ZooKeeper | ratio |");
        line("|---|---|---|---|");
        loadRows("writes", r.ensembleWrite.get(P), r.ensembleWrite.get(Z));
        loadRows("reads", r.ensembleRead.get(P), r.ensembleRead.get(Z));
        line("");
        Results.Failover a = r.failover.get(P);
        Results.Failover b = r.failover.get(Z);
        line("### Failover");
        line("");
        if (a == null && b == null) {
            line("Not measured in this run.");
            line("");
            return;
        }
        Results.Failover any = a != null ? a : b;
        line("The leader is killed with SIGKILL while " + any.writers() + " sessions on the surviving members (each "
                + "connected to one member only) write in a loop; measured from the kill until a survivor serves as "
                + "leader (its `mntr` answers `zk_server_state leader`; neither server answers mntr before it "
                + "serves), and until the first write whose zxid carries the new epoch has been acknowledged. The killed server is restarted and the ensemble re-forms between rounds ("
                + any.rounds() + " rounds). The writers use the stock ZooKeeper 3.9.3 client with one change: its host "
                + "list does not sleep 1 s when it comes back round to the server it last used (with a one-server "
                + "connect string that is every reconnect, a fixed second of client time). The client's own random "
                + "0-1 s pause before each reconnect attempt stays, the same for both servers; the first of the "
                + "writers to get through counts.");
        line("");
        line("| | Paddock | ZooKeeper | ratio |");
        line("|---|---|---|---|");
        row("new leader, median ms", fo(a, Results.Failover::newLeaderMedianMs),
                fo(b, Results.Failover::newLeaderMedianMs), 0);
        row("new leader, max ms", fo(a, Results.Failover::newLeaderMaxMs), fo(b, Results.Failover::newLeaderMaxMs), 0);
        row("first write, median ms", fo(a, Results.Failover::firstWriteMedianMs),
                fo(b, Results.Failover::firstWriteMedianMs), 0);
        row("first write, max ms", fo(a, Results.Failover::firstWriteMaxMs),
                fo(b, Results.Failover::firstWriteMaxMs), 0);
        line("| first write, every round ms | " + rounds(a) + " | " + rounds(b) + " | |");
        line("");
    }

    private void loadRows(String what, Load.Result a, Load.Result b) {
        if (a == null && b == null) {
            line("| " + what + " | not measured | not measured | |");
            return;
        }
        row(what + ": ops/s", get(a, Load.Result::opsPerSec), get(b, Load.Result::opsPerSec), 0);
        row(what + ": p50 ms", get(a, Load.Result::p50Us) / 1000, get(b, Load.Result::p50Us) / 1000, 2);
        row(what + ": p99 ms", get(a, Load.Result::p99Us) / 1000, get(b, Load.Result::p99Us) / 1000, 2);
        row(what + ": p99.9 ms", get(a, Load.Result::p999Us) / 1000, get(b, Load.Result::p999Us) / 1000, 2);
        row(what + ": max ms", get(a, Load.Result::maxUs) / 1000, get(b, Load.Result::maxUs) / 1000, 2);
        row(what + ": server CPU s / 1000 ops (all members)", get(a, Load.Result::cpuSecondsPer1000Ops),
                get(b, Load.Result::cpuSecondsPer1000Ops), 3);
        row(what + ": server RSS MiB (all members)", get(a, x -> x.serverRssBytes() / 1048576.0),
                get(b, x -> x.serverRssBytes() / 1048576.0), 0);
        row(what + ": errors", get(a, x -> x.errors()), get(b, x -> x.errors()), 0);
    }

    private static double get(Load.Result x, java.util.function.ToDoubleFunction<Load.Result> f) {
        return x == null ? Double.NaN : f.applyAsDouble(x);
    }

    private static String rounds(Results.Failover f) {
        return f == null ? "n/a" : String.join(", ", Arrays.stream(f.firstWriteMs()).mapToObj(x -> fmt(x, 0)).toList());
    }

    private static double fo(Results.Failover f, java.util.function.ToDoubleFunction<Results.Failover> g) {
        return f == null ? Double.NaN : g.applyAsDouble(f);
    }

    private void row(String name, double a, double b, int decimals) {
        line("| " + name + " | " + fmt(a, decimals) + " | " + fmt(b, decimals) + " | "
                + (b == 0 || Double.isNaN(a) || Double.isNaN(b) ? "n/a" : ratioText(a / b)) + " |");
    }

    private void line(String s) {
        out.accept(s);
    }

    private static String ratioText(double x) {
        return Double.isNaN(x) || Double.isInfinite(x) ? "n/a" : String.format(Locale.ROOT, "%.2fx", x);
    }

    private static String fmt(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }
}
