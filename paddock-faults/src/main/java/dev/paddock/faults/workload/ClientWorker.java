package dev.paddock.faults.workload;

import dev.paddock.client.PaddockClient;
import dev.paddock.client.Watcher;
import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that runs one operation at a time over one session, until the run stops. It invokes nothing
 * while its client is disconnected (an operation queued on a dead connection would only add unknown outcomes),
 * and replaces its session when the old one is gone (expired, or refused).
 *
 * <p>The operation in flight is kept in a slot: whoever empties the slot first records it, the worker with the
 * reply or {@link #giveUp()} (from {@code stop()}, for a worker still stuck after the grace period) as unknown.
 */
abstract class ClientWorker {
    private static final Logger LOG = LoggerFactory.getLogger(ClientWorker.class);

    protected final RunContext ctx;
    protected final int worker;
    protected final Random rnd;
    protected PaddockClient client;
    private final WorkerThread thread;
    private final AtomicReference<Runnable> inFlight = new AtomicReference<>();
    /** Set by {@link #halt()}: this worker alone stops, before the run does. */
    private volatile boolean halted;

    ClientWorker(RunContext ctx, int worker, String name) {
        this.ctx = ctx;
        this.worker = worker;
        this.rnd = ctx.random(worker);
        this.thread = new WorkerThread(this::run, name + "-" + worker);
    }

    void start() {
        thread.start();
    }

    /** Makes this worker stop after its current operation, while the others go on. */
    void halt() {
        halted = true;
    }

    /** Waits for the worker to finish its current operation; false if it is still running. */
    boolean join(long ms) throws InterruptedException {
        return thread.join(ms);
    }

    /** Records the operation in flight, if any, as given up (for a worker that did not stop in time). */
    void giveUp() {
        Runnable r = inFlight.getAndSet(null);
        if (r != null) {
            r.run();
        }
        thread.interrupt();
    }

    /** One operation; the client is connected when it is called. */
    protected abstract void step() throws InterruptedException;

    /** The default watcher of a new session (connection states); each session gets its own. */
    protected Watcher newWatcher() {
        return e -> { };
    }

    /** Called on the worker thread after a new session was asked for. */
    protected void onNewClient() {
    }

    /** Whether the worker keeps its client open when it stops (to be closed by {@link #closeClient()} later). */
    protected boolean keepClientAtStop() {
        return false;
    }

    private void run() {
        try {
            while (!ctx.stopping() && !halted) {
                if (client == null || !client.getState().isAlive()) {
                    renew();
                }
                if (!client.awaitConnected(Duration.ofMillis(250))) {
                    continue;
                }
                step();
                pause(ctx.opts.maxPauseMs());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("{} stopped on {}", thread.name(), e.toString());
        } finally {
            if (!keepClientAtStop()) {
                closeClient();
            }
        }
    }

    private void renew() throws IOException {
        closeClient();
        client = ctx.newClient(newWatcher());
        onNewClient();
    }

    /** Closes the session (closeSession, waited for), quietly. */
    void closeClient() {
        PaddockClient c = client;
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.debug("closing session 0x{}: {}", Long.toHexString(c.getSessionId()), e.toString());
        }
    }

    protected void pause(int maxMs) throws InterruptedException {
        if (maxMs > 0) {
            Thread.sleep(rnd.nextInt(maxMs + 1));
        }
    }

    /** Puts {@code onGiveUp} in the in-flight slot. */
    protected void begin(Runnable onGiveUp) {
        inFlight.set(onGiveUp);
    }

    /** Empties the slot; false if {@link #giveUp()} already recorded the operation. */
    protected boolean end(Runnable onGiveUp) {
        return inFlight.compareAndSet(onGiveUp, null);
    }

    /** The reply, or the failure (unwrapped from ExecutionException); {@link TimeoutException} after the op timeout. */
    protected <T> T await(CompletableFuture<T> f) throws Throwable {
        try {
            return f.get(ctx.opts.opTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw Outcomes.unwrap(e);
        }
    }

    protected static boolean isTimeout(Throwable t) {
        return t instanceof TimeoutException;
    }
}
