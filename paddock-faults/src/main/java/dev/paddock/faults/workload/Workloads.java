package dev.paddock.faults.workload;

import dev.paddock.client.Acls;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.SessionRecord;
import dev.paddock.faults.history.SetOp;
import dev.paddock.faults.history.WatchRecord;
import dev.paddock.faults.run.RunClock;
import dev.paddock.faults.run.Sample;
import dev.paddock.jute.CreateMode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All client load of one run: the register, set, ephemerals and watch workloads under one root znode, and what
 * they recorded. Use: {@link #setUp} once, {@link #start}, let the nemesis work, {@link #stop}, wait a session
 * timeout with the ensemble healed, {@link #collectFinal}, read the records, {@link #close}.
 */
public final class Workloads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Workloads.class);

    private final WorkloadOptions opts;
    private final RunClock clock;
    private final Queue<RegisterOp> registerOps = new ConcurrentLinkedQueue<>();
    private final Queue<SetOp> setOps = new ConcurrentLinkedQueue<>();
    private final Queue<SessionRecord> endedSessions = new ConcurrentLinkedQueue<>();
    private final Queue<WatchRecord> watchRecords = new ConcurrentLinkedQueue<>();
    private final List<ClientWorker> workers = new ArrayList<>();
    private final List<EphemeralSlot> slots = new ArrayList<>();
    private RunContext ctx;

    public Workloads(WorkloadOptions opts, RunClock clock) {
        this.opts = opts;
        this.clock = clock;
    }

    public WorkloadOptions options() {
        return opts;
    }

    /**
     * Creates the root, the register keys (data "0", so version 0 holds value 0), the set and ephemerals parents
     * and the watch nodes, through a session to {@code connect}; nodes that exist are left as they are.
     */
    public void setUp(String connect) throws IOException, InterruptedException, KeeperException {
        try (PaddockClient c = PaddockClient.builder(connect).sessionTimeout(Math.max(4000, opts.sessionTimeoutMs()))
                .build()) {
            if (!c.awaitConnected(Duration.ofSeconds(30))) {
                throw new IOException("no session with " + connect + " to set the workloads up");
            }
            create(c, opts.root(), "");
            create(c, opts.regPath(), "");
            for (int i = 0; i < opts.keys(); i++) {
                create(c, opts.key(i), "0");
            }
            create(c, opts.setPath(), "");
            create(c, opts.ephPath(), "");
            create(c, opts.watchPath(), "");
            for (int i = 0; i < opts.watchNodes(); i++) {
                create(c, opts.watchNode(i), "0");
            }
        }
    }

    private static void create(PaddockClient c, String path, String data) throws KeeperException,
            InterruptedException {
        try {
            c.create(path, data.getBytes(java.nio.charset.StandardCharsets.UTF_8), Acls.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // set up by an earlier attempt
        }
    }

    /** Starts every worker (daemon threads) with sessions to {@code connect} (all servers). */
    public synchronized void start(String connect) {
        if (ctx != null) {
            throw new IllegalStateException("already started");
        }
        ctx = new RunContext(opts, clock, connect);
        int n = 0;
        for (int i = 0; i < opts.registerWorkers(); i++) {
            workers.add(new RegisterWorker(ctx, n++, registerOps));
        }
        for (int i = 0; i < opts.setWorkers(); i++) {
            workers.add(new SetWorker(ctx, n++, setOps));
        }
        AtomicLong registrations = new AtomicLong();
        for (int i = 0; i < opts.watchWorkers(); i++) {
            workers.add(new WatchWorker(ctx, n++, watchRecords, registrations));
        }
        if (opts.watchWorkers() > 0) {
            workers.add(new WatchWriter(ctx, n++));
        }
        AtomicInteger sessionNumbers = new AtomicInteger();
        int keepers = Math.max(1, opts.ephemeralSessions() / 4);
        for (int i = 0; i < opts.ephemeralSessions(); i++) {
            slots.add(new EphemeralSlot(ctx, n++, i < keepers, sessionNumbers, endedSessions));
        }
        workers.forEach(ClientWorker::start);
        slots.forEach(EphemeralSlot::start);
        LOG.info("workloads started: {} register, {} set, {} watch workers, {} ephemeral sessions, seed {}",
                opts.registerWorkers(), opts.setWorkers(), opts.watchWorkers(), opts.ephemeralSessions(), opts.seed());
    }

    /**
     * Stops issuing operations and waits up to the op timeout plus 2 s for those in flight; any still in flight
     * then are recorded as given up (writes UNKNOWN, completedAt NEVER). The worker sessions are closed; the
     * ephemerals workload's kept sessions stay open until {@link #close()}.
     */
    public synchronized void stop() throws InterruptedException {
        if (ctx == null || ctx.stopping()) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofMillis(opts.opTimeoutMs() + 2000L).toNanos();
        // The watch nodes' writer stops first, so its last write is done while the watching sessions are still
        // open: the watch check expects every change to reach each session that did not expire, and a write
        // committed after a watcher's closeSession could not.
        for (ClientWorker w : workers) {
            if (w instanceof WatchWriter) {
                w.halt();
                finish(w, deadline);
            }
        }
        ctx.stop();
        for (ClientWorker w : workers) {
            finish(w, deadline);
        }
        for (EphemeralSlot s : slots) {
            if (!s.join(msUntil(deadline) + opts.opTimeoutMs())) {
                s.interrupt();
            }
        }
        LOG.info("workloads stopped: {} operations, {} unknown", operations(), unknown());
    }

    /** Waits for the worker's operation in flight until {@code deadline}; an operation still running is given up. */
    private static void finish(ClientWorker w, long deadline) throws InterruptedException {
        if (!w.join(msUntil(deadline))) {
            w.giveUp();
        }
    }

    private static long msUntil(long deadlineNanos) {
        return Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    /** What each server holds, read from each in turn through a session to it alone (see {@link FinalReader}). */
    public FinalState collectFinal(Map<Integer, String> perServerConnect, Duration timeout)
            throws InterruptedException {
        return new FinalReader(opts).read(perServerConnect, timeout);
    }

    /** Closes the ephemerals workload's kept sessions. */
    @Override
    public synchronized void close() throws InterruptedException {
        stop();
        slots.forEach(EphemeralSlot::closeKeeper);
    }

    public List<RegisterOp> registerOps() {
        List<RegisterOp> out = new ArrayList<>(registerOps);
        out.sort(Comparator.comparingLong(RegisterOp::id));
        return out;
    }

    public List<SetOp> setOps() {
        List<SetOp> out = new ArrayList<>(setOps);
        out.sort(Comparator.comparingLong(SetOp::id));
        return out;
    }

    /**
     * Every ephemerals-workload session that had a session id: the ended ones, and the kept ones as their clients
     * see them now (read this after {@link #collectFinal}, so a kept session told late that it expired counts as
     * EXPIRED).
     */
    public List<SessionRecord> sessions() {
        List<SessionRecord> out = new ArrayList<>(endedSessions);
        for (EphemeralSlot s : slots) {
            out.addAll(s.records());
        }
        return out;
    }

    /** Watch records; within one session in {@code seq} order. */
    public List<WatchRecord> watchRecords() {
        return new ArrayList<>(watchRecords);
    }

    public List<Sample> samples() {
        return ctx == null ? List.of() : ctx.stats.samples();
    }

    /** All operations the workloads completed or gave up (register, set, ephemeral creates and closes, watches). */
    public long operations() {
        return ctx == null ? 0 : ctx.stats.operations();
    }

    /** Of those, the ones with an unknown outcome. */
    public long unknown() {
        return ctx == null ? 0 : ctx.stats.unknown();
    }
}
