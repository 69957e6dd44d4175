package dev.paddock.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * The load generator: S sessions of the official ZooKeeper client, each with W outstanding asynchronous requests
 * (closed loop), or a fixed offered rate where latency is measured from the intended send time, so a stalled server
 * is charged for every request it delayed (no coordinated omission).
 *
 * <p>Op mix: a request is a write with probability {@code writeRatio}. Writes: setData 40 %, sequential create
 * 25 %, delete (of a node this run created) 25 %, multi of two setData 10 %. Reads: getData 60 %, exists 20 %,
 * getChildren 20 %. Data nodes hold {@code payload} bytes.
 */
public final class Load {
    public static final String ROOT = "/bench";
    public static final String DATA = ROOT + "/data";
    public static final String SEQ = ROOT + "/seq";
    public static final int DATA_NODES = 100;
    /** The longest a warm-up waits for {@link Config#warmupOps} requests. */
    static final long COUNTED_WARMUP_MAX_MS = 180_000;
    /** The longest a measured window waits for {@link Config#measureOps} requests. */
    static final long COUNTED_MEASURE_MAX_MS = 120_000;

    /**
     * What to run. {@code fixedRate} &gt; 0 selects the open-loop fixed-rate mode (ops/s across all sessions).
     * {@code op} not null: only that operation instead of the mix ({@code writeRatio} is then just reported); for
     * {@link LoadOp#DELETE}, {@code deletePool} empty nodes are created before the warm-up for it to delete.
     * {@code warmupOps} &gt; 0: the warm-up also lasts until that many requests have completed (at most
     * {@link #COUNTED_WARMUP_MAX_MS}); {@code measureOps} &gt; 0: the measured window is that many requests instead of
     * {@code measureMs} (at most {@link #COUNTED_MEASURE_MAX_MS}), so that every server measured is at the same point
     * of a run whose cost grows with what it has done (a create run's tree).
     */
    public record Config(int sessions, int outstanding, int payload, double writeRatio, long warmupMs, long measureMs,
                         double fixedRate, boolean paddockClient, LoadOp op, int deletePool, long warmupOps,
                         long measureOps) {
        public Config(int sessions, int outstanding, int payload, double writeRatio, long warmupMs, long measureMs,
                      double fixedRate, boolean paddockClient, LoadOp op, int deletePool) {
            this(sessions, outstanding, payload, writeRatio, warmupMs, measureMs, fixedRate, paddockClient, op,
                    deletePool, 0, 0);
        }

        public Config(int sessions, int outstanding, int payload, double writeRatio, long warmupMs, long measureMs,
                      double fixedRate) {
            this(sessions, outstanding, payload, writeRatio, warmupMs, measureMs, fixedRate, false);
        }

        public Config(int sessions, int outstanding, int payload, double writeRatio, long warmupMs, long measureMs,
                      double fixedRate, boolean paddockClient) {
            this(sessions, outstanding, payload, writeRatio, warmupMs, measureMs, fixedRate, paddockClient, null, 0);
        }
    }

    /**
     * What came out; latencies in microseconds. {@code loadCpuSeconds}: the benchmark JVM's own CPU (the load
     * generator) over the measured window; {@code substituted}: deletes that found no node left to delete and
     * created one instead; {@code serverJitCpuSeconds}: of {@code serverCpuSeconds}, what the server's JIT compiler
     * threads used (NaN where not known); {@code writes} and {@code reads}: the latency of each kind of request on
     * its own (a mixed load's p99 is mostly that of its slowest kind); {@code serverThreadCpuSeconds}: the server's
     * CPU over the window by thread group (see {@link LoadTarget#threadCpuSeconds()}; empty where not known).
     */
    public record Result(double writeRatio, int sessions, int outstanding, int payload, double offeredRate,
                         long ops, long errors, double seconds, double opsPerSec,
                         double p50Us, double p99Us, double p999Us, double maxUs, double meanUs,
                         double serverCpuSeconds, double cpuSecondsPer1000Ops, long serverRssBytes,
                         double loadCpuSeconds, long substituted, double serverJitCpuSeconds,
                         Kind writes, Kind reads, Map<String, Double> serverThreadCpuSeconds) {
    }

    /** The latency of one kind of request (writes or reads) in a run: how many, p50 and p99 (NaN when none). */
    public record Kind(long ops, double p50Us, double p99Us) {
        static Kind of(Histogram h) {
            long n = h.getTotalCount();
            return n == 0 ? new Kind(0, Double.NaN, Double.NaN)
                    : new Kind(n, h.getValueAtPercentile(50), h.getValueAtPercentile(99));
        }
    }

    private final LoadTarget server;
    private final Config cfg;
    private final byte[] payload;
    private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final Recorder writeRecorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final Recorder readRecorder = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final LongAdder completed = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder substituted = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> created = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private final List<BenchClient> sessions = new ArrayList<>();

    private Load(LoadTarget server, Config cfg) {
        this.server = server;
        this.cfg = cfg;
        this.payload = new byte[cfg.payload()];
        new Random(42).nextBytes(payload);
    }

    /** Creates /bench/data/n0..n99 with the payload (idempotent). */
    public static void prepare(LoadTarget server, int payloadSize) throws Exception {
        byte[] data = new byte[payloadSize];
        new Random(7).nextBytes(data);
        ZooKeeper zk = Sessions.open(server.connectString(0), 30_000, server.clientConfig());
        try {
            Sessions.ensure(zk, DATA, new byte[0]);
            Sessions.ensure(zk, SEQ, new byte[0]);
            for (int i = 0; i < DATA_NODES; i++) {
                Sessions.ensure(zk, DATA + "/n" + i, data);
            }
        } finally {
            Sessions.closeQuietly(zk);
        }
    }

    public static Result run(LoadTarget server, Config cfg) throws Exception {
        prepare(server, cfg.payload());
        Load load = new Load(server, cfg);
        try {
            return load.execute();
        } finally {
            load.running = false;
            load.drain(10_000);
            load.closeSessions();
            load.cleanup();
        }
    }

    private Result execute() throws Exception {
        if (cfg.paddockClient()) {
            for (int i = 0; i < cfg.sessions(); i++) {
                sessions.add(PaddockBenchClient.open(server.connectString(i), 60_000));
            }
        } else {
            Sessions.openAll(server::connectString, cfg.sessions(), 60_000, server.clientConfig()).forEach(zk -> sessions.add(BenchClient.of(zk)));
        }
        if (cfg.op() == LoadOp.DELETE) {
            fillDeletePool(cfg.deletePool());
        }
        long start = System.nanoTime();
        Thread pacer = null;
        if (cfg.fixedRate() > 0) {
            pacer = new Thread(() -> pace(start), "bench-pacer");
            pacer.setDaemon(true);
            pacer.start();
        } else {
            for (BenchClient zk : sessions) {
                for (int w = 0; w < cfg.outstanding(); w++) {
                    issue(zk, System.nanoTime());
                }
            }
        }
        sleepUntil(start + TimeUnit.MILLISECONDS.toNanos(cfg.warmupMs()));
        if (cfg.warmupOps() > 0) {
            awaitCompleted(cfg.warmupOps(), start + TimeUnit.MILLISECONDS.toNanos(COUNTED_WARMUP_MAX_MS));
        }
        recorder.getIntervalHistogram(); // discard the warm-up
        writeRecorder.getIntervalHistogram();
        readRecorder.getIntervalHistogram();
        long ops0 = completed.sum();
        long err0 = errors.sum();
        double cpu0 = server.cpuSeconds();
        Map<String, Double> threads0 = server.threadCpuSeconds();
        double own0 = ServerProcess.ownCpuSeconds();
        long sub0 = substituted.sum();
        long t0 = System.nanoTime();
        if (cfg.measureOps() > 0) {
            awaitCompleted(ops0 + cfg.measureOps(), t0 + TimeUnit.MILLISECONDS.toNanos(COUNTED_MEASURE_MAX_MS));
        } else {
            sleepUntil(t0 + TimeUnit.MILLISECONDS.toNanos(cfg.measureMs()));
        }
        long t1 = System.nanoTime();
        long ops = completed.sum() - ops0;
        long errs = errors.sum() - err0;
        double cpu = server.cpuSeconds() - cpu0;
        Map<String, Double> threads = difference(server.threadCpuSeconds(), threads0);
        double jit = LoadTarget.jitCpuSeconds(threads);
        double own = ServerProcess.ownCpuSeconds() - own0;
        long subs = substituted.sum() - sub0;
        Histogram h = recorder.getIntervalHistogram();
        Kind writes = Kind.of(writeRecorder.getIntervalHistogram());
        Kind reads = Kind.of(readRecorder.getIntervalHistogram());
        long rss = server.rssBytes();
        running = false;
        if (pacer != null) {
            pacer.join(5_000);
        }
        double secs = (t1 - t0) / 1e9;
        return new Result(cfg.writeRatio(), cfg.sessions(), cfg.outstanding(), cfg.payload(), cfg.fixedRate(),
                ops, errs, secs, ops / secs,
                h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9),
                h.getMaxValue(), h.getMean(), cpu, ops == 0 ? Double.NaN : cpu / ops * 1000.0, rss, own, subs, jit,
                writes, reads, threads);
    }

    /** What each thread group used between two readings (groups whose threads all ended before the second: none). */
    static Map<String, Double> difference(Map<String, Double> after, Map<String, Double> before) {
        Map<String, Double> d = new TreeMap<>();
        after.forEach((group, secs) -> d.put(group, Math.max(0, secs - before.getOrDefault(group, 0.0))));
        return d;
    }

    /** Fixed-rate sender: request i is due at start + i/rate; its latency counts from then. */
    private void pace(long start) {
        double intervalNs = 1e9 / cfg.fixedRate();
        long i = 0;
        int n = sessions.size();
        while (running) {
            long due = start + (long) (i * intervalNs);
            long now = System.nanoTime();
            if (due > now) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            issue(sessions.get((int) (i % n)), due);
            i++;
        }
    }

    private void issue(BenchClient c, long intendedNs) {
        inFlight.incrementAndGet();
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean write = rnd.nextDouble() < cfg.writeRatio();
        String dataPath = DATA + "/n" + rnd.nextInt(DATA_NODES);
        int pick = rnd.nextInt(100);
        Recorder kind = (cfg.op() != null ? cfg.op().isWrite() : write) ? writeRecorder : readRecorder;
        IntConsumer done = rc -> done(c, intendedNs, rc, kind);
        try {
            if (cfg.op() != null) {
                issueOnly(cfg.op(), c, dataPath, done);
            } else if (write) {
                if (pick < 40) {
                    c.setData(dataPath, payload, done);
                } else if (pick < 65) {
                    create(c, done);
                } else if (pick < 90) {
                    String victim = created.poll();
                    if (victim == null) {
                        create(c, done);
                    } else {
                        c.delete(victim, done);
                    }
                } else {
                    c.multiSetData(dataPath, DATA + "/n" + rnd.nextInt(DATA_NODES), payload, done);
                }
            } else {
                if (pick < 60) {
                    c.getData(dataPath, done);
                } else if (pick < 80) {
                    c.exists(dataPath, done);
                } else {
                    c.getChildren(DATA, done);
                }
            }
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            errors.increment();
        }
    }

    /** One request of the single operation {@code op} (the pinned scenario). */
    private void issueOnly(LoadOp op, BenchClient c, String dataPath, IntConsumer done) {
        switch (op) {
            case GET_DATA -> c.getData(dataPath, done);
            case EXISTS -> c.exists(dataPath, done);
            case GET_CHILDREN -> c.getChildren(DATA, done);
            case SET_DATA -> c.setData(dataPath, payload, done);
            case CREATE -> create(c, done);
            case DELETE -> {
                String victim = created.poll();
                if (victim == null) {
                    substituted.increment();
                    create(c, done);
                } else {
                    c.delete(victim, done);
                }
            }
            case MULTI -> c.multiSetData(dataPath, DATA + "/n" + ThreadLocalRandom.current().nextInt(DATA_NODES),
                    payload, done);
            default -> throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    /** Nodes a delete-only run's pool is created with per multi request. */
    static final int POOL_BATCH = 100;

    /**
     * Creates {@code n} empty nodes /bench/seq/p-&lt;run&gt;-&lt;i&gt; for a delete-only run, {@link #POOL_BATCH} per multi
     * request, 20 multis in flight over the sessions.
     */
    private void fillDeletePool(int n) throws InterruptedException {
        InFlight window = new InFlight(20);
        byte[] empty = new byte[0];
        String prefix = SEQ + "/p-" + Long.toHexString(System.nanoTime()) + "-";
        for (int i = 0, m = 0; i < n; i += POOL_BATCH, m++) {
            List<String> paths = new ArrayList<>(POOL_BATCH);
            for (int j = i; j < Math.min(n, i + POOL_BATCH); j++) {
                paths.add(prefix + j);
            }
            window.acquire("creating the nodes to delete");
            sessions.get(m % sessions.size()).multiCreate(paths, empty, rc -> {
                if (rc == 0) {
                    created.addAll(paths);
                }
                window.done(rc, paths.get(0));
            });
        }
        window.awaitAll("creating the " + n + " nodes to delete", 300);
    }

    private void create(BenchClient c, IntConsumer done) {
        c.createSequential(SEQ + "/s-", payload, (rc, name) -> {
            if (rc == 0 && name != null) {
                created.add(name);
            }
            done.accept(rc);
        });
    }

    private void done(BenchClient c, long intendedNs, int rc, Recorder kind) {
        long now = System.nanoTime();
        long us = Math.max(0, (now - intendedNs) / 1000);
        recorder.recordValue(us);
        kind.recordValue(us);
        completed.increment();
        if (rc != KeeperException.Code.OK.intValue()) {
            errors.increment();
        }
        inFlight.decrementAndGet();
        if (running && cfg.fixedRate() <= 0) {
            issue(c, System.nanoTime());
        }
    }

    private void closeSessions() {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(
                Math.max(1, Math.min(32, sessions.size())));
        for (BenchClient c : sessions) {
            pool.execute(c::close);
        }
        pool.shutdown();
        try {
            pool.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /** Deletes the sequential nodes this run left behind so runs do not grow the tree. */
    private void cleanup() {
        if (created.isEmpty()) {
            return;
        }
        try {
            ZooKeeper zk = Sessions.open(server.connectString(0), 30_000, server.clientConfig());
            try {
                List<String> left = new ArrayList<>(created);
                AtomicInteger pending = new AtomicInteger(left.size());
                for (String p : left) {
                    zk.delete(p, -1, (rc, path, c) -> pending.decrementAndGet(), null);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (pending.get() > 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            } finally {
                Sessions.closeQuietly(zk);
            }
        } catch (Exception e) {
            // leftovers only cost memory
        }
    }

    /**
     * Returns once {@code target} requests have completed, or at {@code deadlineNs} (a window's edge then falls where
     * time, not the count, put it; the result's ops and seconds say so). Polled every 100 us: a window's edge is
     * off by at most that, against windows of seconds.
     */
    private void awaitCompleted(long target, long deadlineNs) {
        while (completed.sum() < target && System.nanoTime() < deadlineNs) {
            LockSupport.parkNanos(100_000);
        }
    }

    private static void sleepUntil(long deadlineNs) throws InterruptedException {
        long now;
        while ((now = System.nanoTime()) < deadlineNs) {
            TimeUnit.NANOSECONDS.sleep(Math.min(deadlineNs - now, 50_000_000));
        }
    }
}
