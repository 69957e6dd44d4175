package dev.paddock.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pinned scenario: each server in a child JVM started under {@code taskset -c <serverCpus>}, the benchmark's own
 * JVM (the load generator: the official client, or Paddock's) moved to {@code <loadCpus>} with
 * {@code taskset -a -p}; each operation of {@link LoadOp} on its own, closed loop, servers alternating per round.
 * The benchmark's affinity is restored afterwards.
 */
final class PinnedScenario {
    private static final Logger LOG = LoggerFactory.getLogger(PinnedScenario.class);
    /** A server (or load generator) whose cores were at least this busy set the pace. */
    static final double SERVER_BOUND_SHARE = 0.9;
    /**
     * The shortest warm-up of a pinned run: on its one core a server's JIT still compiles for a while after each
     * operation starts, and that counts as cost per operation (measured with the JIT column, both servers: 1-6 % of
     * the server's CPU in the window after a 2 s warm-up, 0-2 % after 8 s).
     */
    static final long MIN_WARMUP_MS = 8_000;
    /**
     * A create run is measured over the same nodes on every server: from its {@value #CREATE_FROM}th create to its
     * {@code CREATE_FROM + CREATE_MEASURED}th (the warm-up lasts {@link #MIN_WARMUP_MS} too). A create's cost grows
     * with the tree the run has built, which every snapshot (each 100,000 transactions) writes whole; measured over
     * a fixed time instead, the faster server built a larger tree in its warm-up and paid for it in its window. Two
     * snapshot intervals, so that where a snapshot falls in the window matters less.
     */
    static final long CREATE_FROM = 400_000;
    static final long CREATE_MEASURED = 200_000;
    /**
     * Before each run, every other server on the pinned cores must have used less than {@link #QUIET_SHARE} of a core
     * over a window of this length (a server still working off its own run, say a snapshot, its collector or the
     * deletes of the run's clean-up, would take the core from the server measured next); waited for at most
     * {@link #QUIET_MAX_MS}.
     */
    static final long QUIET_WINDOW_MS = 500;
    static final double QUIET_SHARE = 0.05;
    static final long QUIET_MAX_MS = 60_000;

    /** The machine table's keys of the loopback round trips start with this. */
    static final String ROUND_TRIP_KEY = "loopback TCP round trip, ";

    private final Settings s;
    private final String classpath;
    private final List<ServerKind> kinds;
    private final Results results;
    private final IntFunction<List<ServerKind>> order;
    private final BiConsumer<String, Exception> fail;

    PinnedScenario(Settings s, String classpath, List<ServerKind> kinds, Results results,
                   IntFunction<List<ServerKind>> order, BiConsumer<String, Exception> fail) {
        this.s = s;
        this.classpath = classpath;
        this.kinds = kinds;
        this.results = results;
        this.order = order;
        this.fail = fail;
    }

    void run() {
        Settings.Pinning pin = s.pinning();
        Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
        String before;
        try {
            before = ownCpus();
            for (ServerKind k : kinds) {
                LOG.info("pinned: starting {} on CPU(s) {}", k.label(), pin.serverCpus());
                servers.put(k, ServerProcess.start(k, classpath, s.jvmFlags(), null,
                        List.of("taskset", "-c", pin.serverCpus())));
            }
            setOwnCpus(pin.loadCpus());
            probeRoundTrips(pin);
        } catch (IOException | RuntimeException e) {
            fail.accept("pinned (taskset)", e);
            servers.values().forEach(ServerProcess::close);
            return;
        }
        try {
            measure(servers, pin);
        } finally {
            try {
                setOwnCpus(before);
            } catch (IOException | RuntimeException e) {
                fail.accept("pinned: restoring the benchmark's CPUs " + before, e);
            }
            servers.values().forEach(ServerProcess::close);
        }
    }

    /**
     * Loopback round trips from the load generator's CPUs to the servers' and within its own (see
     * {@link LoopbackProbe}), into the report's machine table: what the machine charges per reply, whatever the server.
     */
    private void probeRoundTrips(Settings.Pinning pin) {
        String cp = System.getProperty("java.class.path");
        String[][] pairs = {{pin.serverCpus(), "the servers' CPU(s) " + pin.serverCpus()},
            {pin.loadCpus(), "its own CPU(s) " + pin.loadCpus()}};
        for (String[] pair : pairs) {
            String key = ROUND_TRIP_KEY + "load generator (CPU(s) " + pin.loadCpus() + ") to " + pair[1];
            try {
                LoopbackProbe.RoundTrip rt = LoopbackProbe.measure(cp, pair[0], LoopbackProbe.ROUND_TRIPS);
                LOG.info("pinned: {}: {}", key, rt.describe());
                results.machine.put(key, rt.describe());
            } catch (IOException | RuntimeException e) {
                LOG.warn("pinned: {} not measured: {}", key, e.toString());
                results.machine.put(key, "n/a (" + e.getMessage() + ")");
            }
        }
    }

    private void measure(Map<ServerKind, ServerProcess> servers, Settings.Pinning pin) {
        int serverCores = countCpus(pin.serverCpus());
        int loadCores = countCpus(pin.loadCpus());
        String client = pin.client().label();
        for (ServerKind k : kinds) {
            results.pinned.put(k.name(), new ArrayList<>());
            results.pinnedAllRounds.put(k.name(), new ArrayList<>());
        }
        int turn = 0;
        for (LoadOp op : LoadOp.values()) {
            Map<ServerKind, Results.Pinned> best = new EnumMap<>(ServerKind.class);
            for (int round = 0; round < Math.max(1, s.rounds()); round++) {
                for (ServerKind k : order.apply(turn++)) {
                    LOG.info("pinned {} {} (round {})", k.label(), op.label(), round + 1);
                    try {
                        awaitOthersQuiet(servers, k);
                        LoadTarget target = pin.client() == Settings.PinnedClient.ZOOKEEPER_NETTY
                                ? new TlsTarget(servers.get(k), ClientTransport.NETTY_PLAIN, null) : servers.get(k);
                        Load.Result r = Load.run(target, new Load.Config(s.sessions(), s.outstanding(),
                                s.payload(), op.isWrite() ? 1.0 : 0.0, warmupMs(s), s.measureMs(), 0,
                                pin.paddockClient(), op, op == LoadOp.DELETE ? deletePool() : 0,
                                op == LoadOp.CREATE ? CREATE_FROM : 0, op == LoadOp.CREATE ? CREATE_MEASURED : 0));
                        Results.Pinned p = of(op, pin, serverCores, loadCores, client, r);
                        results.pinnedAllRounds.get(k.name()).add(p);
                        best.merge(k, p, (a, b) -> b.opsPerSec() > a.opsPerSec() ? b : a);
                        LOG.info("  {} ops/s, server {} % busy, {} ops per server core-second, {}-bound",
                                Math.round(r.opsPerSec()), Math.round(p.serverShare() * 100),
                                Math.round(p.opsPerServerCoreSecond()), p.bound());
                        if (r.substituted() > 0) {
                            results.notes.add("pinned delete on " + k.label() + ": " + r.substituted()
                                    + " requests found no node left to delete and created one instead");
                        }
                    } catch (Exception e) {
                        fail.accept("pinned " + op.label() + " " + k.label(), e);
                    }
                }
            }
            best.forEach((k, p) -> results.pinned.get(k.name()).add(p));
        }
    }

    /** Waits until every server but {@code next} is idle (see {@link #QUIET_WINDOW_MS}). */
    private static void awaitOthersQuiet(Map<ServerKind, ServerProcess> servers, ServerKind next)
            throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(QUIET_MAX_MS);
        for (Map.Entry<ServerKind, ServerProcess> e : servers.entrySet()) {
            if (e.getKey() == next) {
                continue;
            }
            double share;
            do {
                // a sampling window over which CPU use is measured, not a wait for an event
                double cpu0 = e.getValue().cpuSeconds();
                long t0 = System.nanoTime();
                TimeUnit.MILLISECONDS.sleep(QUIET_WINDOW_MS);
                share = (e.getValue().cpuSeconds() - cpu0) / ((System.nanoTime() - t0) / 1e9);
            } while (share >= QUIET_SHARE && System.nanoTime() < deadline);
            if (share >= QUIET_SHARE) {
                LOG.warn("pinned: {} still used {} % of a core after {} s; measuring {} beside it", e.getKey().label(),
                        Math.round(share * 100), QUIET_MAX_MS / 1000, next.label());
            }
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (waited > 2 * QUIET_WINDOW_MS * (servers.size() - 1)) {
            LOG.info("pinned: waited {} ms for the other server(s) to go idle", waited);
        }
    }

    /**
     * Nodes to create for a delete run: 4 x what the faster server created in the same time in this run's create
     * runs (a delete costs a server less than a sequential create), or 200,000 before any create run; at most 3M.
     * Every server gets the same pool: a server's snapshots during its delete run walk the whole pool, so a pool
     * sized by each server's own create rate would make the faster server's deletes dearer.
     */
    private int deletePool() {
        double createRate = results.pinnedAllRounds.values().stream().flatMap(List::stream)
                .filter(p -> p.op().equals(LoadOp.CREATE.name())).mapToDouble(Results.Pinned::opsPerSec).max()
                .orElse(0);
        return deletePool(createRate, warmupMs(s) + s.measureMs(), s.sessions() * s.outstanding());
    }

    static int deletePool(double fastestCreateRate, long runMs, int inFlight) {
        if (fastestCreateRate <= 0) {
            return 200_000;
        }
        return (int) Math.min(3_000_000, fastestCreateRate * runMs / 1000.0 * 4 + inFlight);
    }

    /** The warm-up of each pinned run: the mode's, at least {@link #MIN_WARMUP_MS}. */
    static long warmupMs(Settings s) {
        return Math.max(s.warmupMs(), MIN_WARMUP_MS);
    }

    static Results.Pinned of(LoadOp op, Settings.Pinning pin, int serverCores, int loadCores, String client,
                             Load.Result r) {
        double share = r.serverCpuSeconds() / (r.seconds() * serverCores);
        double loadShare = r.loadCpuSeconds() / (r.seconds() * loadCores);
        double perCore = r.serverCpuSeconds() > 0 ? r.ops() / r.serverCpuSeconds() : Double.NaN;
        double usPerOp = r.ops() > 0 ? r.serverCpuSeconds() / r.ops() * 1e6 : Double.NaN;
        return new Results.Pinned(op.name(), pin.serverCpus(), serverCores, pin.loadCpus(), client, r.opsPerSec(),
                r.p50Us(), r.p99Us(), r.errors(), share, loadShare, perCore, usPerOp,
                share >= SERVER_BOUND_SHARE ? "server" : loadShare >= SERVER_BOUND_SHARE ? "load generator"
                        : "neither", r);
    }

    /** The number of CPUs in a taskset list such as "1", "0-3" or "1,3-4". */
    static int countCpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            java.util.regex.Matcher m = CPU_RANGE.matcher(part.trim());
            if (!m.matches()) {
                throw new IllegalArgumentException("not a CPU list (e.g. 1 or 0-3 or 1,3): " + list);
            }
            int lo = Integer.parseInt(m.group(1));
            int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
            if (hi < lo) {
                throw new IllegalArgumentException("not a CPU list (e.g. 1 or 0-3 or 1,3): " + list);
            }
            n += hi - lo + 1;
        }
        return n;
    }

    private static final java.util.regex.Pattern CPU_RANGE = java.util.regex.Pattern.compile("(\\d{1,4})(?:-(\\d{1,4}))?");

    /** The CPUs this JVM may run on (Cpus_allowed_list of /proc/self/status). */
    static String ownCpus() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Cpus_allowed_list:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new IOException("no Cpus_allowed_list in /proc/self/status");
    }

    /** Moves every thread of this JVM (and so the threads they start later) to {@code cpus}. */
    static void setOwnCpus(String cpus) throws IOException {
        countCpus(cpus);
        Process p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("taskset -a -p -c " + cpus + " failed: " + out.trim());
            }
            LOG.info("load generator (this JVM) now on CPU(s) {}", cpus);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running taskset", e);
        } finally {
            p.destroyForcibly();
        }
    }
}
