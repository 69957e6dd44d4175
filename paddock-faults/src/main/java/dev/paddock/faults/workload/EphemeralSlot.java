package dev.paddock.faults.workload;

import dev.paddock.client.Acls;
import dev.paddock.client.ConnectString;
import dev.paddock.client.PaddockClient;
import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import dev.paddock.faults.history.SessionRecord;
import dev.paddock.faults.history.SessionRecord.Fate;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.KeeperState;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One place in the pool of ephemeral-owning sessions, run by a daemon thread; each session creates
 * {@code ephemeralsPerSession} nodes {@code root/eph/s<n>-<i>} ({@code n} unique in the run).
 *
 * <p>A <em>keeper</em> slot holds one Paddock client session for the whole run (a new one only if it expires): it
 * reconnects through faults like any application, and is {@link Fate#LIVE} at the end, its client left open
 * until {@link #closeKeeper()} so its ephemerals are still there when the final state is read. Its fate is
 * decided when {@link #records} is read, so an expiry seen after {@code stop()} still counts.
 *
 * <p>Other slots churn {@link RawSession}s living about {@code sessionLifeMs} each, ended at random by an
 * acknowledged closeSession ({@link Fate#CLOSED}; {@link Fate#UNKNOWN} if the acknowledgement did not come) or by
 * dropping the connection ({@link Fate#ABANDONED}). A raw session that could not reach any server by its end is
 * abandoned too; one that learns on reconnecting that it is gone is {@link Fate#EXPIRED}.
 */
final class EphemeralSlot {
    private static final Logger LOG = LoggerFactory.getLogger(EphemeralSlot.class);

    private final RunContext ctx;
    private final int slot;
    private final boolean keeper;
    private final AtomicInteger sessionNumbers;
    private final Queue<SessionRecord> ended;
    private final Random rnd;
    private final WorkerThread thread;
    private final List<InetSocketAddress> servers;
    private volatile Keeper live;

    EphemeralSlot(RunContext ctx, int slot, boolean keeper, AtomicInteger sessionNumbers, Queue<SessionRecord> ended) {
        this.ctx = ctx;
        this.slot = slot;
        this.keeper = keeper;
        this.sessionNumbers = sessionNumbers;
        this.ended = ended;
        this.rnd = ctx.random(10_000 + slot);
        this.servers = new ArrayList<>(ConnectString.parse(ctx.connect).servers());
        this.thread = new WorkerThread(this::run, "ephemerals-" + slot);
    }

    void start() {
        thread.start();
    }

    boolean join(long ms) throws InterruptedException {
        return thread.join(ms);
    }

    void interrupt() {
        thread.interrupt();
    }

    /** The keeper's session, as its client sees it now (LIVE, or EXPIRED if it was told so). */
    List<SessionRecord> records() {
        Keeper k = live;
        return k == null || k.session == 0 ? List.of() : List.of(k.record());
    }

    /** Closes the keeper's session once the final state has been read. */
    void closeKeeper() {
        Keeper k = live;
        if (k != null) {
            try {
                k.client.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (!ctx.stopping()) {
                if (keeper) {
                    runKeeper();
                } else {
                    runChurn();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("ephemerals slot {} stopped on {}", slot, e.toString());
        }
    }

    // ------------------------------------------------------------------------------------------------ keeper

    /** A kept session: its client, what it created, and when it was told it expired. */
    private final class Keeper {
        final List<String> created = Collections.synchronizedList(new ArrayList<>());
        final List<String> unknown = Collections.synchronizedList(new ArrayList<>());
        volatile PaddockClient client;
        volatile long session;
        volatile long expiredAt = -1;

        SessionRecord record() {
            boolean exp = expiredAt >= 0;
            List<String> ok;
            List<String> maybe;
            synchronized (created) {
                ok = List.copyOf(created);
            }
            synchronized (unknown) {
                maybe = List.copyOf(unknown);
            }
            return new SessionRecord(slot, session, timeout(client), ok, maybe, exp ? Fate.EXPIRED : Fate.LIVE,
                    exp ? expiredAt : RegisterOp.NEVER);
        }
    }

    private void runKeeper() throws IOException, InterruptedException {
        Keeper k = new Keeper();
        k.client = ctx.newClient(e -> {
            if (e.state() == KeeperState.EXPIRED && k.expiredAt < 0) {
                k.expiredAt = ctx.clock.now();
            }
        });
        while (!ctx.stopping() && !k.client.awaitConnected(Duration.ofMillis(250))) {
            if (!k.client.getState().isAlive()) {
                return;
            }
        }
        if (ctx.stopping()) {
            k.client.close();
            return;
        }
        k.session = k.client.getSessionId();
        live = k;
        int n = sessionNumbers.incrementAndGet();
        for (int i = 0; i < ctx.opts.ephemeralsPerSession() && !ctx.stopping() && k.expiredAt < 0; i++) {
            String path = ctx.opts.ephPath() + "/s" + n + "-" + i;
            if (!k.client.awaitConnected(Duration.ofMillis(ctx.opts.opTimeoutMs()))) {
                break;
            }
            long t0 = ctx.clock.now();
            Outcome o;
            try {
                k.client.createAsync(path, RunContext.bytes(n), Acls.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)
                        .get(ctx.opts.opTimeoutMs(), TimeUnit.MILLISECONDS);
                k.created.add(path);
                o = Outcome.OK;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                o = Outcomes.ofWrite(e);
                if (o == Outcome.UNKNOWN) {
                    k.unknown.add(path);
                }
            }
            long now = ctx.clock.now();
            ctx.stats.record(o, now, now - t0);
        }
        while (!ctx.stopping() && k.expiredAt < 0) {
            Thread.sleep(50);
        }
        if (k.expiredAt >= 0) {
            live = null;
            ended.add(k.record());
            k.client.close();
        }
    }

    private static int timeout(PaddockClient c) {
        int t = c.getSessionTimeout();
        return t > 0 ? t : c.getRequestedSessionTimeout();
    }

    // ------------------------------------------------------------------------------------------------ churn

    private void runChurn() throws InterruptedException {
        boolean close = rnd.nextBoolean();
        long end = ctx.clock.now() + TimeUnit.MILLISECONDS.toNanos(
                (long) (ctx.opts.sessionLifeMs() * (0.5 + rnd.nextDouble())));
        List<InetSocketAddress> order = new ArrayList<>(servers);
        Collections.shuffle(order, rnd);
        RawSession s = new RawSession(order, ctx.opts.sessionTimeoutMs(), ctx.opts.opTimeoutMs());
        if (!s.connect()) {
            Thread.sleep(200);
            return;
        }
        int n = sessionNumbers.incrementAndGet();
        List<String> created = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < ctx.opts.ephemeralsPerSession() && !ctx.stopping(); i++) {
            if (!s.connected() && !s.connect()) {
                break;
            }
            String path = ctx.opts.ephPath() + "/s" + n + "-" + i;
            long t0 = ctx.clock.now();
            Outcome o;
            try {
                s.createEphemeral(path, RunContext.bytes(n));
                created.add(path);
                o = Outcome.OK;
            } catch (RawSession.ErrorReply e) {
                o = Outcomes.ofWrite(dev.paddock.client.KeeperException.create(e.code, path));
                if (o == Outcome.UNKNOWN) {
                    unknown.add(path);
                }
            } catch (IOException e) {
                unknown.add(path);
                o = Outcome.UNKNOWN;
                s.abandon();
            }
            long now = ctx.clock.now();
            ctx.stats.record(o, now, now - t0);
        }
        long pingEvery = TimeUnit.MILLISECONDS.toNanos(Math.max(50, s.negotiatedTimeout() / 3));
        long lastPing = ctx.clock.now();
        while (!ctx.stopping() && ctx.clock.now() < end && !s.expired()) {
            Thread.sleep(Math.min(50, TimeUnit.NANOSECONDS.toMillis(pingEvery)));
            if (!s.connected()) {
                s.connect();
            } else if (ctx.clock.now() - lastPing >= pingEvery) {
                try {
                    s.ping();
                    lastPing = ctx.clock.now();
                } catch (IOException e) {
                    s.abandon();
                }
            }
        }
        Fate fate;
        if (s.expired()) {
            fate = Fate.EXPIRED;
        } else if (close && (s.connected() || s.connect())) {
            long t0 = ctx.clock.now();
            boolean acked = s.closeSession();
            long now = ctx.clock.now();
            ctx.stats.record(acked ? Outcome.OK : Outcome.UNKNOWN, now, now - t0);
            fate = acked ? Fate.CLOSED : Fate.UNKNOWN;
        } else {
            fate = s.expired() ? Fate.EXPIRED : Fate.ABANDONED;
            s.abandon();
        }
        int timeout = s.negotiatedTimeout() > 0 ? s.negotiatedTimeout() : ctx.opts.sessionTimeoutMs();
        ended.add(new SessionRecord(slot, s.sessionId(), timeout, created, unknown, fate, ctx.clock.now()));
    }
}
