package dev.paddock.faults.workload;

import dev.paddock.client.PaddockClient;
import dev.paddock.client.Results.NodeData;
import dev.paddock.client.WatchedEvent;
import dev.paddock.client.Watcher;
import dev.paddock.client.ZkNames;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.WatchRecord;
import dev.paddock.faults.history.WatchRecord.Type;
import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One session setting one-shot data watches on random watch nodes (60%, a REGISTER record with the version the
 * reply showed, each registration its own Watcher object and id) and reading them plainly (40%, READ records).
 *
 * <p>Every record is written on the client's event thread, where replies and watch events are delivered in the
 * order the client saw them, so the per-session {@code seq} is that order. A callback attached to a future that
 * has already completed would run on the attaching thread instead, out of that order; so each operation is issued
 * from inside the completion of a harmless exists() (on the event thread, which then cannot complete the real
 * operation before its callback is attached), and skipped when that exists() completed before the worker could
 * attach to it.
 */
final class WatchWorker extends ClientWorker {
    private final Queue<WatchRecord> out;
    private final AtomicLong registrations;
    private volatile Session session;

    WatchWorker(RunContext ctx, int worker, Queue<WatchRecord> out, AtomicLong registrations) {
        super(ctx, worker, "watch");
        this.out = out;
        this.registrations = registrations;
    }

    /** One session's event-thread sequence; records of an expired session stop after its EXPIRED record. */
    private final class Session implements Watcher {
        final AtomicLong seq = new AtomicLong();
        final AtomicBoolean expired = new AtomicBoolean();
        volatile PaddockClient client;

        @Override
        public void process(WatchedEvent e) {
            PaddockClient c = client;
            if (e.type() == EventType.NONE && e.state() == KeeperState.EXPIRED && c != null
                    && expired.compareAndSet(false, true)) {
                add(c, Type.EXPIRED, -1, null, -1, -1, null);
            }
        }

        void add(PaddockClient c, Type type, long registration, String path, int version, long zxid,
                 String event) {
            out.add(new WatchRecord(worker, c.getSessionId(), seq.incrementAndGet(), type, registration, path,
                    version, zxid, event, ctx.clock.now()));
        }
    }

    @Override
    protected Watcher newWatcher() {
        Session s = new Session();
        session = s;
        return s;
    }

    @Override
    protected void onNewClient() {
        session.client = client;
    }

    @Override
    protected void step() throws InterruptedException {
        Session s = session;
        PaddockClient c = client;
        String path = ctx.opts.watchNode(rnd.nextInt(ctx.opts.watchNodes()));
        boolean register = rnd.nextInt(100) < 60;
        Thread me = Thread.currentThread();
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.existsAsync(ctx.opts.root(), false).whenComplete((x, e) -> {
            if (Thread.currentThread() == me || e != null) {
                done.complete(null);
            } else {
                issue(s, c, path, register, done);
            }
        });
        try {
            done.get(ctx.opts.opTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // a read that did not return changed nothing; its record, if it ever returns, is still in order
        }
    }

    /** Runs on the event thread: the operation's callback is attached before its reply can be delivered. */
    private void issue(Session s, PaddockClient c, String path, boolean register, CompletableFuture<Void> done) {
        long t0 = ctx.clock.now();
        if (register) {
            long reg = registrations.incrementAndGet();
            Watcher w = e -> {
                if (e.type() != EventType.NONE && !s.expired.get()) {
                    s.add(c, Type.FIRED, reg, path, -1, e.zxid(), ZkNames.eventType(e.type()));
                }
            };
            c.getDataAsync(path, w).whenComplete((d, e) -> {
                finish(t0, e);
                if (d != null && !s.expired.get()) {
                    s.add(c, Type.REGISTER, reg, path, d.stat().version(), -1, null);
                }
                done.complete(null);
            });
        } else {
            c.getDataAsync(path, false).whenComplete((NodeData d, Throwable e) -> {
                finish(t0, e);
                if (d != null && !s.expired.get()) {
                    s.add(c, Type.READ, -1, path, d.stat().version(), d.stat().mzxid(), null);
                }
                done.complete(null);
            });
        }
    }

    private void finish(long t0, Throwable e) {
        long now = ctx.clock.now();
        ctx.stats.record(e == null ? Outcome.OK : Outcome.FAIL, now, now - t0);
    }
}
