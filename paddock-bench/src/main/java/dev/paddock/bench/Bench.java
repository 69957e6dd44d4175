package dev.paddock.bench;

import dev.paddock.bench.overload.OverloadPlan;
import dev.paddock.bench.overload.OverloadScenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs every scenario against both servers (interleaved, so background load hits both alike) and collects results. */
public final class Bench {
    private static final Logger LOG = LoggerFactory.getLogger(Bench.class);

    private final Settings s;
    private final String classpath;
    private final Results results = new Results();
    private final java.util.Set<String> only;
    private final List<ServerKind> kinds;

    /** Scenario names for {@code only}. */
    public static final List<String> SCENARIOS = List.of("saturation", "lean", "table2", "fanout", "storm", "fixed",
            "memory", "ensemble", "overload", "tls", "pinned", "watchmem");

    /** The scenarios that start servers of their own (all others share one server per kind). */
    private static final java.util.Set<String> OWN_SERVERS = java.util.Set.of("memory", "ensemble", "overload", "tls",
            "pinned", "watchmem");

    /** Write ratios of the TLS comparison: the read mix and the write mix. */
    static final List<Double> TLS_WRITE_RATIOS = List.of(0.0, 1.0);

    public Bench(Settings settings, String classpath) {
        this(settings, classpath, java.util.Set.copyOf(SCENARIOS));
    }

    public Bench(Settings settings, String classpath, java.util.Set<String> only) {
        this(settings, classpath, only, List.of(ServerKind.values()));
    }

    /** Runs the scenarios in {@code only} against the servers in {@code kinds}. */
    public Bench(Settings settings, String classpath, java.util.Set<String> only, List<ServerKind> kinds) {
        this.kinds = List.copyOf(kinds);
        this.s = settings;
        this.classpath = classpath;
        this.only = only;
        results.settings = settings;
        results.generatedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        results.machine = Machine.describe();
    }

    public Results run() {
        Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
        boolean phaseOne = only.stream().anyMatch(x -> !OWN_SERVERS.contains(x));
        try {
            if (!phaseOne) {
                throw new SkipPhase();
            }
            for (ServerKind k : kinds) {
                LOG.info("starting {}", k.label());
                servers.put(k, ServerProcess.start(k, classpath, s.jvmFlags()));
            }
            if (only.contains("saturation")) {
                saturation(servers);
            }
            if (only.contains("lean") && servers.containsKey(ServerKind.PADDOCK)) {
                lean(servers.get(ServerKind.PADDOCK));
            }
            if (s.table2Ms() > 0 && only.contains("table2")) {
                each("table2", k -> results.table2.put(k.name(),
                        call(() -> Scenarios.table2(servers.get(k), s.payload(), s.table2Ms()))));
            }
            if (s.fanOutWatchers() > 0 && only.contains("fanout")) {
                each("watch fan-out", k -> results.fanOut.put(k.name(),
                        call(() -> Scenarios.fanOut(servers.get(k), s.fanOutWatchers(), s.fanOutRounds()))));
            }
            if (s.stormSessions() > 0 && only.contains("storm")) {
                each("session storm", k -> results.sessionStorm.put(k.name(),
                        call(() -> Scenarios.sessionStorm(servers.get(k), s.stormSessions()))));
            }
            if (s.fixedRateFraction() > 0 && only.contains("fixed")) {
                fixedRate(servers);
            }
            for (ServerKind k : kinds) {
                results.serverStorageLog.put(k.name(), servers.get(k).storageLogLines());
            }
        } catch (SkipPhase e) {
            // only the memory/restart scenario was asked for
        } catch (Exception e) {
            fail("servers", e);
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
        if (only.contains("pinned")) {
            new PinnedScenario(s, classpath, kinds, results, this::order, this::fail).run();
        }
        if (only.contains("tls")) {
            tls();
        }
        if (only.contains("overload")) {
            overload();
        }
        if (s.ensembleSize() > 1 && only.contains("ensemble")) {
            ensembles();
        }
        if (!s.memoryZnodes().isEmpty() && only.contains("memory")) {
            memoryAndRestart();
        }
        if (s.watchZnodes() > 0 && s.watchSessions() > 0 && only.contains("watchmem")) {
            watchMemory();
        }
        results.paddockStorageMode = paddockMode();
        results.paddockClassDataSharing = ClassDataArchive.used();
        results.machine.put("load average (1/5/15 min) at end", Machine.loadAverage());
        return results;
    }

    private void saturation(Map<ServerKind, ServerProcess> servers) {
        for (ServerKind k : kinds) {
            results.saturation.put(k.name(), new ArrayList<>());
            results.saturationAllRounds.put(k.name(), new ArrayList<>());
        }
        int turn = 0;
        for (double ratio : s.writeRatios()) {
            Map<ServerKind, Load.Result> best = new EnumMap<>(ServerKind.class);
            for (int round = 0; round < Math.max(1, s.rounds()); round++) {
                for (ServerKind k : order(turn++)) {
                    LOG.info("saturation {} write ratio {}% (round {})", k.label(), Math.round(ratio * 100), round + 1);
                    try {
                        Load.Result r = Load.run(servers.get(k), new Load.Config(s.sessions(), s.outstanding(),
                                s.payload(), ratio, s.warmupMs(), s.measureMs(), 0));
                        results.saturationAllRounds.get(k.name()).add(r);
                        best.merge(k, r, (a, b) -> b.opsPerSec() > a.opsPerSec() ? b : a);
                        LOG.info("  {} ops/s, p99 {} us, {} errors", Math.round(r.opsPerSec()),
                                Math.round(r.p99Us()), r.errors());
                    } catch (Exception e) {
                        fail("saturation " + k.label() + " " + ratio, e);
                    }
                }
            }
            best.forEach((k, r) -> results.saturation.get(k.name()).add(r));
        }
    }

    /**
     * Each server with a TLS port beside its plain one (same zoo.cfg keys, same self-signed key store, mutual
     * TLS): closed-loop load over the client's Netty socket, plain and TLS, at {@link #TLS_WRITE_RATIOS}, rounds
     * alternating the servers.
     */
    private void tls() {
        Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
        try {
            TlsFiles files = TlsFiles.create(java.nio.file.Files.createTempDirectory("paddock-bench-tls-"));
            for (ServerKind k : kinds) {
                LOG.info("starting {} with a TLS port", k.label());
                servers.put(k, ServerProcess.start(k, classpath, s.jvmFlags(), files));
            }
            int turn = 0;
            for (double ratio : TLS_WRITE_RATIOS) {
                Map<String, Load.Result> best = new java.util.LinkedHashMap<>();
                for (int round = 0; round < Math.max(1, s.rounds()); round++) {
                    for (ServerKind k : order(turn++)) {
                        for (ClientTransport t : ClientTransport.values()) {
                            String key = k.name() + " " + t.name();
                            LOG.info("tls {} {} write ratio {}% (round {})", k.label(), t, Math.round(ratio * 100),
                                    round + 1);
                            try {
                                Load.Result r = Load.run(new TlsTarget(servers.get(k), t, files), new Load.Config(
                                        s.sessions(), s.outstanding(), s.payload(), ratio, s.warmupMs(),
                                        s.measureMs(), 0));
                                best.merge(key, r, (a, b) -> b.opsPerSec() > a.opsPerSec() ? b : a);
                                LOG.info("  {} ops/s, p99 {} us, {} errors", Math.round(r.opsPerSec()),
                                        Math.round(r.p99Us()), r.errors());
                            } catch (Exception e) {
                                fail("tls " + key + " " + ratio, e);
                            }
                        }
                    }
                }
                best.forEach((key, r) -> results.tls.computeIfAbsent(key, x -> new ArrayList<>()).add(r));
            }
        } catch (Exception e) {
            fail("tls", e);
        } finally {
            servers.values().forEach(ServerProcess::close);
        }
    }

    /** The servers in turn {@code t}: A B, then B A, ... */
    private List<ServerKind> order(int t) {
        List<ServerKind> order = new ArrayList<>(kinds);
        if (t % 2 == 1) {
            java.util.Collections.reverse(order);
        }
        return order;
    }

    /** Paddock only: the same closed-loop load from the ZooKeeper client and from Paddock's own client. */
    private void lean(ServerProcess paddock) {
        double ratio = s.fixedRateWriteRatio();
        for (boolean own : new boolean[] {false, true}) {
            String key = own ? "paddock-client" : "zookeeper-client";
            LOG.info("lean mode: Paddock driven by the {}", key);
            try {
                results.lean.put(key, Load.run(paddock, new Load.Config(s.sessions(), s.outstanding(), s.payload(),
                        ratio, s.warmupMs(), s.measureMs(), 0, own)));
            } catch (Exception e) {
                fail("lean mode " + key, e);
            }
        }
    }

    private void fixedRate(Map<ServerKind, ServerProcess> servers) {
        double ratio = s.fixedRateWriteRatio();
        double min = Double.MAX_VALUE;
        for (ServerKind k : kinds) {
            for (Load.Result r : results.saturation.getOrDefault(k.name(), List.of())) {
                if (Math.abs(r.writeRatio() - ratio) < 1e-9) {
                    min = Math.min(min, r.opsPerSec());
                }
            }
        }
        if (min == Double.MAX_VALUE || min <= 0) {
            min = 10_000;
            results.notes.add("fixed rate: no saturation result at " + Math.round(ratio * 100)
                    + " % writes for both servers; assumed 10,000 ops/s");
        }
        double rate = Math.max(100, Math.floor(min * s.fixedRateFraction() / 100) * 100);
        if (Long.getLong("paddock.bench.fixedRate") != null) {
            rate = Long.getLong("paddock.bench.fixedRate");
        }
        double offered = rate;
        LOG.info("fixed rate {} ops/s", Math.round(rate));
        for (int round = 0; round < Math.max(1, s.rounds()); round++) {
            for (ServerKind k : order(round)) {
                try {
                    Load.Result r = Load.run(servers.get(k), new Load.Config(s.sessions(), 0, s.payload(), ratio,
                            s.warmupMs(), s.measureMs(), offered));
                    results.fixedRateAllRounds.computeIfAbsent(k.name(), x -> new ArrayList<>()).add(r);
                    results.fixedRate.merge(k.name(), r, (a, b) -> b.p99Us() < a.p99Us() ? b : a);
                    LOG.info("  {}: p50 {} us, p99 {} us (writes {} / {} us, reads {} / {} us)", k.label(),
                            Math.round(r.p50Us()), Math.round(r.p99Us()), Math.round(r.writes().p50Us()),
                            Math.round(r.writes().p99Us()), Math.round(r.reads().p50Us()), Math.round(r.reads().p99Us()));
                } catch (Exception e) {
                    fail("fixed rate " + k.label(), e);
                }
            }
        }
    }

    /**
     * Each server kind as a pseudo-cluster, all started up front: write-only and read-only throughput over all
     * members, {@code rounds} times alternating the kinds (best round kept, every round in the JSON), then the
     * failover rounds, one kind after the other.
     */
    private void ensembles() {
        Map<ServerKind, Ensemble> ensembles = new EnumMap<>(ServerKind.class);
        try {
            for (ServerKind k : kinds) {
                LOG.info("ensemble: starting {} x {}", s.ensembleSize(), k.label());
                try {
                    Ensemble e = Ensemble.start(k, classpath, s.jvmFlags(), s.ensembleSize());
                    ensembles.put(k, e);
                    results.ensembleMntr.put(k.name(), mntr(e));
                } catch (Exception ex) {
                    fail("ensemble " + k.label(), ex);
                }
            }
            int turn = 0;
            for (double ratio : new double[] {1.0, 0.0}) {
                String what = ratio > 0 ? "writes" : "reads";
                Map<String, Load.Result> best = ratio > 0 ? results.ensembleWrite : results.ensembleRead;
                for (int round = 0; round < Math.max(1, s.rounds()); round++) {
                    for (ServerKind k : order(turn++)) {
                        Ensemble e = ensembles.get(k);
                        if (e == null) {
                            continue;
                        }
                        try {
                            Load.Result r = Load.run(e, new Load.Config(s.sessions(), s.outstanding(), s.payload(),
                                    ratio, s.warmupMs(), s.ensembleMeasureMs(), 0));
                            results.ensembleAllRounds.computeIfAbsent(k.name() + " " + what, x -> new ArrayList<>())
                                    .add(r);
                            best.merge(k.name(), r, (a, b) -> b.opsPerSec() > a.opsPerSec() ? b : a);
                            LOG.info("  {} {} (round {}): {} ops/s, p99 {} us, {} errors", k.label(), what,
                                    round + 1, Math.round(r.opsPerSec()), Math.round(r.p99Us()), r.errors());
                        } catch (Exception ex) {
                            fail("ensemble " + what + " " + k.label(), ex);
                        }
                    }
                }
            }
            for (Map.Entry<ServerKind, Ensemble> en : ensembles.entrySet()) {
                ServerKind k = en.getKey();
                Ensemble e = en.getValue();
                try {
                    results.failover.put(k.name(), EnsembleScenarios.failover(e, s.failoverRounds()));
                } catch (Exception ex) {
                    fail("ensemble failover " + k.label(), ex);
                }
                for (int i = 0; i < e.size(); i++) {
                    results.serverStorageLog.computeIfAbsent(k.name() + " ensemble", x -> new ArrayList<>())
                            .addAll(e.member(i).storageLogLines().stream().limit(3).toList());
                }
                e.close();
            }
        } finally {
            ensembles.values().forEach(Ensemble::close);
        }
    }

    /** mntr of the leader and of one follower, keyed "leader" and "follower". */
    private static Map<String, String> mntr(Ensemble e) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        int leader = e.leader();
        for (int i = 0; i < e.size(); i++) {
            String role = i == leader ? "leader" : "follower";
            if (!out.containsKey(role)) {
                out.put(role, e.member(i).fourLetterWord("mntr", 2_000));
            }
        }
        return out;
    }

    /** Issue #15's attacks, each against a fresh server of each kind, short in quick mode. */
    private void overload() {
        OverloadPlan plan = "full".equals(s.mode()) ? OverloadPlan.full()
                : "smoke".equals(s.mode()) ? OverloadPlan.test() : OverloadPlan.quick();
        results.overloadMode = plan.mode();
        results.overload.addAll(OverloadScenario.run(kinds, classpath, s.jvmFlags(), plan, this::fail));
    }

    /**
     * The memory scale curve, one fresh server per kind with -Xmx raised for the biggest size: heap, RSS, snapshot
     * time and restart at each size; the biggest size's restart is also the restart section's.
     */
    private void memoryAndRestart() {
        int biggest = s.memoryZnodes().get(s.memoryZnodes().size() - 1);
        List<String> flags = s.memoryJvmFlags(biggest);
        for (ServerKind k : kinds) {
            LOG.info("memory scale curve and restart: {} ({})", k.label(), String.join(" ", flags));
            try (ServerProcess server = ServerProcess.start(k, classpath, flags)) {
                List<Results.ScalePoint> points = MemoryScenarios.scaleCurve(server, s.memoryZnodes(),
                        s.memoryPayload(), flags.get(0));
                results.scale.put(k.name(), points);
                List<Results.Memory> memory = new ArrayList<>();
                for (Results.ScalePoint p : points) {
                    memory.add(new Results.Memory(p.znodes(), p.payload(), p.populateSeconds(), p.heapInfoEmptyBytes(),
                            p.heapInfoBytes(), p.rssEmptyBytes(), p.rssBytes(), p.heapInfoBytesPerZnode()));
                }
                results.memory.put(k.name(), memory);
                results.restart.put(k.name(), points.get(points.size() - 1).restart());
                List<String> lines = new ArrayList<>(results.serverStorageLog.getOrDefault(k.name(), List.of()));
                lines.addAll(server.storageLogLines());
                results.serverStorageLog.put(k.name(), lines);
            } catch (Exception e) {
                fail("memory/restart " + k.label(), e);
            }
        }
    }

    /** ZooKeeper's optimized watch manager, chosen with this system property in its JVM only. */
    static final String ZK_OPTIMIZED_WATCHES =
            "-Dzookeeper.watchManagerName=org.apache.zookeeper.server.watch.WatchManagerOptimized";

    /**
     * Heap per data watch: Paddock, ZooKeeper with its default watch manager and with WatchManagerOptimized, each a
     * fresh server with the memory scenario's flags.
     */
    private void watchMemory() {
        List<String> flags = s.memoryJvmFlags(s.watchZnodes());
        for (ServerKind k : kinds) {
            List<String[]> variants = k == ServerKind.ZOOKEEPER
                    ? List.of(new String[] {"WatchManager (default)", null},
                            new String[] {"WatchManagerOptimized", ZK_OPTIMIZED_WATCHES})
                    : List.<String[]>of(new String[] {"Paddock's", null});
            for (String[] v : variants) {
                List<String> f = new ArrayList<>(flags);
                if (v[1] != null) {
                    f.add(v[1]);
                }
                LOG.info("watch memory: {} with {}, {} znodes x {} sessions", k.label(), v[0], s.watchZnodes(),
                        s.watchSessions());
                try (ServerProcess server = ServerProcess.start(k, classpath, f)) {
                    results.watchMemory.add(MemoryScenarios.watchMemory(server, k.name(), v[0], s.watchZnodes(),
                            s.watchSessions(), s.memoryPayload()));
                    if (k == ServerKind.ZOOKEEPER) {
                        // ZooKeeper logs "Using <class> as watch manager" when it builds one
                        List<String> used = server.logLinesContaining("as watch manager");
                        boolean ok = !used.isEmpty() && used.stream().allMatch(l -> l.contains(v[0].split(" ")[0] + " "));
                        if (!ok) {
                            results.notes.add("watch memory: ZooKeeper run meant for " + v[0] + " logged " + used);
                        }
                    }
                } catch (Exception e) {
                    fail("watch memory " + k.label() + " " + v[0], e);
                }
            }
        }
    }

    private String paddockMode() {
        Results.Restart r = results.restart.get(ServerKind.PADDOCK.name());
        List<String> log = results.serverStorageLog.getOrDefault(ServerKind.PADDOCK.name(), List.of());
        boolean saysInMemory = log.stream().anyMatch(l -> l.toLowerCase().contains("in-memory")
                || l.toLowerCase().contains("in memory"));
        if (r != null && !r.allRecovered()) {
            return "in-memory (nothing survived a restart: " + r.znodesAfterRestart() + " of " + r.znodes()
                    + " znodes came back)";
        }
        if (r != null) {
            return "durable (all " + r.znodes() + " znodes recovered after kill -9)";
        }
        return saysInMemory ? "in-memory (per its log)" : "unknown (no restart measured)";
    }

    private static final class SkipPhase extends RuntimeException {
        SkipPhase() {
            super(null, null, false, false);
        }
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> T call(Call<T> c) {
        try {
            return c.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void each(String scenario, Consumer<ServerKind> body) {
        for (ServerKind k : kinds) {
            LOG.info("{}: {}", scenario, k.label());
            try {
                body.accept(k);
            } catch (RuntimeException e) {
                fail(scenario + " " + k.label(), e);
            }
        }
    }

    private void fail(String what, Exception e) {
        LOG.error("{} failed: {}", what, e.toString(), e);
        results.failures.add(what + ": " + e);
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
