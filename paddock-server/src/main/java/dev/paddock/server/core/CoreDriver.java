package dev.paddock.server.core;

import dev.paddock.core.CoreFigures;
import dev.paddock.core.CoreNode;
import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.server.net.CoreGateway;
import dev.paddock.server.net.NettyConnection;
import dev.paddock.server.net.NettyLoops;
import dev.paddock.server.net.OverloadCounters;
import dev.paddock.server.OverloadSettings;
import dev.paddock.server.limits.FatalErrors;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the single-threaded core on its own thread ("paddock-core"), the one thread of a Netty event loop
 * ({@link #loop()}) so that the client port may serve its connections' I/O on the same thread: then a request is
 * read, handled and answered without a hand-off between threads. Every network event becomes a task on that
 * thread, calling the core with the time at which the task runs: monotonic elapsed milliseconds
 * ({@link ServerClock#elapsedMs()}), never the wall clock, so that a wall-clock jump fires no timer (the core
 * stamps transactions with its config's wall clock). After every task the driver takes the core's
 * proposals, appends them to the {@link TxnLog}, syncs it, and reports them committed; then the connections
 * that received replies during the task are flushed, each with one write. A second thread posts a tick task
 * every {@code tickPeriodMs}.
 */
public final class CoreDriver implements CoreGateway, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoreDriver.class);

    /** How long a four-letter word waits for the core thread. */
    public static final long QUERY_TIMEOUT_MS = 5_000;

    private final EventLoopGroup loop;
    private final ScheduledExecutorService ticker;
    private final TxnLog txnLog;
    private final Consumer<Throwable> onFatal;
    private final OverloadSettings limits;
    private final OverloadCounters counters;
    private final RequestScheduler scheduler;
    private final AtomicBoolean tickQueued = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean running;
    private volatile Thread coreThread;

    // core thread only
    private CoreNode core;
    private boolean inTask;
    /**
     * Connections with replies queued in this task, flushed when it ends. A connection asks at most once per flush
     * (it asks when its queue starts), so this is a list; a repeat would find nothing left to write. Two lists
     * take turns so that a flush allocates nothing.
     */
    private ArrayList<NettyConnection> toFlush = new ArrayList<>();
    private ArrayList<NettyConnection> flushing = new ArrayList<>();

    /**
     * Starts the core thread, builds the core on it with {@code coreFactory} (given the current elapsed time) and
     * starts ticking.
     *
     * @param onFatal called (once, on the core thread) if the transaction log fails: the server cannot go on
     * @throws IOException if the core cannot be built
     */
    public static CoreDriver start(LongFunction<CoreNode> coreFactory, TxnLog txnLog, long tickPeriodMs,
            Consumer<Throwable> onFatal) throws IOException {
        return start(coreFactory, txnLog, tickPeriodMs, onFatal, OverloadSettings.defaults(), new OverloadCounters());
    }

    /**
     * As {@link #start(LongFunction, TxnLog, long, Consumer)}, with the overload limits to apply and the counters
     * to report what they did in.
     */
    public static CoreDriver start(LongFunction<CoreNode> coreFactory, TxnLog txnLog, long tickPeriodMs,
            Consumer<Throwable> onFatal, OverloadSettings limits, OverloadCounters counters) throws IOException {
        CoreDriver d = new CoreDriver(txnLog, tickPeriodMs, onFatal, limits, counters);
        try {
            d.loop.submit(() -> {
                d.coreThread = Thread.currentThread();
                d.core = coreFactory.apply(ServerClock.elapsedMs());
                return null;
            }).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            d.close();
            Throwable cause = e.getCause();
            throw new IOException("the core did not start: " + cause, cause);
        } catch (InterruptedException | TimeoutException e) {
            d.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("the core did not start: " + e, e);
        }
        if (txnLog.asynchronous()) {
            txnLog.onDurable(zxid -> {
                CommitUpTo commit = new CommitUpTo(zxid);
                d.submit(commit, null, commit);
            });
            txnLog.onFailure(t -> d.submit("log failure", null, (c, now) -> d.logFailed(t)));
        }
        d.running = true;
        d.ticker.scheduleAtFixedRate(d::postTick, tickPeriodMs, tickPeriodMs, TimeUnit.MILLISECONDS);
        return d;
    }

    private CoreDriver(TxnLog txnLog, long tickPeriodMs, Consumer<Throwable> onFatal, OverloadSettings limits,
            OverloadCounters counters) {
        this.limits = limits;
        this.counters = counters;
        this.scheduler = new RequestScheduler(this, limits, counters);
        if (tickPeriodMs <= 0) {
            throw new IllegalArgumentException("tick period must be positive: " + tickPeriodMs);
        }
        this.txnLog = txnLog;
        this.onFatal = onFatal;
        this.loop = NettyLoops.single("paddock-core");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paddock-tick");
            t.setDaemon(true);
            return t;
        });
    }

    /** The core thread's event loop: channels registered on it have their I/O on the core thread. */
    public EventLoopGroup loop() {
        return loop;
    }

    // ---- CoreGateway ----

    @Override
    public void connect(NettyConnection conn, ConnectRequest request) {
        scheduler.connect(conn, request);
    }

    @Override
    public void request(NettyConnection conn, RequestHeader header, JuteRecord body, int frameBytes) {
        scheduler.request(conn, header, body, frameBytes);
    }

    @Override
    public void outputDrained(NettyConnection conn) {
        scheduler.outputDrained(conn);
    }

    @Override
    public void connectionClosed(NettyConnection conn) {
        submit("close of " + conn, null, (c, now) -> {
            try {
                if (scheduler.closed(c, conn, now)) {
                    c.connectionClosed(conn, now);
                }
            } finally {
                scheduler.forget(conn);
            }
        });
    }

    /** Requests waiting for a reply, server-wide (in connections' inboxes or in the core). */
    public long outstandingRequests() {
        return scheduler.outstanding();
    }

    /** Runs {@code task} (any thread) after {@code delayMs}, unless the driver has closed. */
    void schedule(long delayMs, Runnable task) {
        try {
            ticker.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Driver is closed; not scheduling");
        }
    }

    @Override
    public <T> CompletableFuture<T> query(Function<CoreFigures, T> query) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IllegalStateException("the core is not running"));
            return f;
        }
        try {
            loop.execute(() -> {
                try {
                    f.complete(query.apply(core));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            f.completeExceptionally(e);
        }
        return f.orTimeout(QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Core thread only, inside a task: from now on the driver runs {@code next} instead of the current core (the
     * admin server's restore). Proposals of the old core already handed to the log stay there; their commits reach
     * {@code next}, which has none pending and ignores them.
     */
    public void replaceCore(CoreNode next) {
        if (Thread.currentThread() != coreThread) {
            throw new IllegalStateException("the core can only be replaced on the core thread");
        }
        core = next;
    }

    /** The last zxid handed to the transaction log (core thread). */
    public long lastLoggedZxid() {
        return txnLog.lastZxid();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public boolean deferFlush(NettyConnection conn) {
        if (inTask && Thread.currentThread() == coreThread) {
            toFlush.add(conn);
            return true;
        }
        return false;
    }

    // ---- the task loop ----

    /** A call into the core, given the time the task runs at. */
    @FunctionalInterface
    public interface CoreTask {
        void run(CoreNode core, long nowMs) throws Exception;
    }

    /** The log made everything up to {@code zxid} durable; named in the log (lazily) only if it fails. */
    private record CommitUpTo(long zxid) implements CoreTask {
        @Override
        public void run(CoreNode core, long nowMs) {
            core.committed(zxid, nowMs);
        }

        @Override
        public String toString() {
            return "commit up to 0x" + Long.toHexString(zxid);
        }
    }

    /**
     * Queues {@code task} for the core thread. If it throws, the error is logged (naming {@code what}, a label
     * made into a string only then) and {@code conn} (if any) is closed; the server carries on.
     */
    public void submit(Object what, NettyConnection conn, CoreTask task) {
        try {
            loop.execute(() -> runTask(what, conn, task));
        } catch (RejectedExecutionException e) {
            LOG.debug("Core is shut down; dropping {}", what);
            if (conn != null) {
                conn.close();
            }
        }
    }

    /**
     * As {@link #submit}, but from the core thread and behind the loop's next pass over its connections' I/O: a task
     * queued with {@link #submit} from a task runs in the same round of tasks (Netty runs the queue until it is
     * empty), so connections served on this loop would not be read until the chain ended. A task scheduled with no
     * delay waits for the next round.
     */
    void submitAfterIo(String what, CoreTask task) {
        try {
            loop.schedule(() -> runTask(what, null, task), 0, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Core is shut down; dropping {}", what);
        }
    }

    @Override
    public void run(String what, java.util.function.ObjLongConsumer<CoreNode> work) {
        submit(what, null, work::accept);
    }

    private void postTick() {
        if (!tickQueued.compareAndSet(false, true)) {
            return; // the previous tick has not run yet
        }
        submit("tick", null, (c, now) -> {
            tickQueued.set(false);
            c.tick(now);
        });
    }

    private void runTask(Object what, NettyConnection conn, CoreTask task) {
        if (core == null) {
            return;
        }
        inTask = true;
        try {
            try {
                task.run(core, ServerClock.elapsedMs());
            } catch (Throwable t) {
                FatalErrors.haltOnFatal(t, "the core thread (" + what + ")");
                LOG.error("Core failed on {}{}: {}", what, conn == null ? "" : " (" + conn + "); closing it", t.toString(), t);
                if (conn != null) {
                    conn.close();
                }
            }
            commitProposals();
        } finally {
            try {
                scheduler.afterTask();
            } catch (Throwable t) {
                LOG.error("Request scheduling failed after {}: {}", what, t.toString(), t);
            }
            inTask = false;
            flushConnections();
        }
    }

    private void commitProposals() {
        List<LoggedTxn> proposals;
        try {
            proposals = core.takeProposals();
        } catch (Throwable t) {
            LOG.error("Core failed to hand over its proposals: {}", t.toString(), t);
            return;
        }
        if (proposals == null || proposals.isEmpty()) {
            return;
        }
        long lastZxid = proposals.get(proposals.size() - 1).zxid();
        if (!running) {
            return; // the log has failed: nothing more may be acknowledged
        }
        try {
            txnLog.append(proposals);
            txnLog.sync();
        } catch (Throwable t) {
            LOG.error("Transaction log failed at zxid 0x{}; the server cannot continue: {}",
                    Long.toHexString(lastZxid), t.toString(), t);
            logFailed(t);
            return;
        }
        if (txnLog.asynchronous()) {
            return; // committed when the log reports the batch durable
        }
        try {
            core.committed(lastZxid, ServerClock.elapsedMs());
        } catch (Throwable t) {
            LOG.error("Core failed applying committed transactions up to 0x{}: {}", Long.toHexString(lastZxid),
                    t.toString(), t);
        }
    }

    /** The log cannot make anything durable any more: stop acknowledging writes and shut the server down. */
    private void logFailed(Throwable t) {
        if (!running) {
            return;
        }
        running = false;
        try {
            onFatal.accept(t);
        } catch (Throwable t2) {
            LOG.error("Shutdown after a log failure failed", t2);
        }
    }

    private void flushConnections() {
        if (toFlush.isEmpty()) {
            return;
        }
        ArrayList<NettyConnection> batch = toFlush;
        toFlush = flushing;
        flushing = batch;
        try {
            for (int i = 0; i < batch.size(); i++) {
                NettyConnection c = batch.get(i);
                try {
                    c.flushQueued();
                } catch (Throwable t) {
                    LOG.warn("Could not flush {}: {}", c, t.toString());
                }
            }
        } finally {
            batch.clear();
        }
    }

    /** Stops ticking and the core thread (queued work still runs, for up to 5 s). Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        ticker.shutdownNow();
        // runs what is queued, then stops; tasks submitted from now on are refused
        if (!loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(6, TimeUnit.SECONDS)) {
            LOG.warn("Core thread did not finish its queue within 5 s");
        }
        try {
            txnLog.close();
        } catch (IOException e) {
            LOG.warn("Closing the transaction log failed: {}", e.toString());
        }
    }
}
