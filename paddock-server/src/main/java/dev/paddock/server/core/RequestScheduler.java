package dev.paddock.server.core;

import dev.paddock.core.CoreNode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.server.OverloadSettings;
import dev.paddock.server.limits.FatalErrors;
import dev.paddock.server.net.NettyConnection;
import dev.paddock.server.net.OverloadCounters;
import dev.paddock.server.net.RequestInbox;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides which client requests the core takes next, so that one client cannot hurt the others.
 * <ul>
 *   <li>Each connection's requests wait in its {@link RequestInbox}; the core serves the connections that have
 *       requests in turn, at most {@link #BATCH} from one before the next, at most {@link #PER_TASK} or
 *       {@link #TASK_NANOS} worth per core task (so ticks, commits and quorum traffic interleave, also while a
 *       flood runs through code the JIT has not compiled yet).</li>
 *   <li>A connection whose client is not reading its replies (more than {@code connectionMaxQueuedReplyBytes}
 *       waiting) is parked: the core takes none of its requests until the client has read enough.</li>
 *   <li>A connection's socket stops being read while its inbox is full ({@code connectionMaxQueuedRequests}), while
 *       it is parked, or — as ZooKeeper's {@code globalOutstandingLimit} — while more requests than the limit are
 *       waiting for replies server-wide and it has some of them. Its client's sends then back up in TCP.</li>
 *   <li>ZooKeeper's request throttler: with {@code request_throttle_max_requests} set, the core takes no request
 *       while that many are in process, stalling up to {@code request_throttle_stall_time} at a time; when it is
 *       off, Paddock's {@code paddock.core.maxInProcess} caps the requests in process the same way, so a flood's
 *       requests queue in their own inboxes, where turns are fair, rather than in the core.</li>
 *   <li>ZooKeeper's large-request limit: requests above {@code largeRequestThreshold} may together hold at most
 *       {@code largeRequestMaxBytes} until the core takes them; a request that does not fit closes its
 *       connection.</li>
 * </ul>
 * Entry points marked "any thread" are called from I/O threads; the others run on the core thread.
 */
final class RequestScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(RequestScheduler.class);

    /** Requests taken from one connection before the next connection's turn. */
    static final int BATCH = 4;
    /** Requests taken in one core task. */
    static final int PER_TASK = 256;
    /** How long one core task may take requests (cold code or costly requests end a task before PER_TASK). */
    static final long TASK_NANOS = 1_000_000;
    /** How long a stall on Paddock's own in-process cap lasts at most (commits usually end it sooner). */
    static final long IMPLICIT_STALL_MS = 10;

    private final CoreDriver driver;
    private final OverloadSettings limits;
    private final OverloadCounters counters;
    private final Queue<NettyConnection> ready = new ConcurrentLinkedQueue<>();
    private final Set<NettyConnection> paused = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean drainQueued = new AtomicBoolean();
    /** Requests (xid &gt; 0) waiting for a reply, server-wide: in inboxes or in the core. */
    private final AtomicLong outstanding = new AtomicLong();
    /** Of those, the ones still in inboxes. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong largeBytes = new AtomicLong();
    private final int resumeBelow;
    private boolean stalled; // core thread
    private boolean coreBelowCapThisTask; // core thread

    RequestScheduler(CoreDriver driver, OverloadSettings limits, OverloadCounters counters) {
        this.driver = driver;
        this.limits = limits;
        this.counters = counters;
        this.resumeBelow = Math.max(1, limits.connectionMaxQueuedRequests() / 2);
    }

    // ---- any thread ----

    /** A connection's handshake arrived: it joins the server-wide request count and waits its turn. */
    void connect(NettyConnection conn, ConnectRequest request) {
        conn.stats().countInto(outstanding);
        enqueue(conn, new RequestInbox.Pending(null, request, 0, ServerClock.elapsedMs()));
    }

    /** A request arrived; refused (and its connection closed) if it does not fit the large-request budget. */
    void request(NettyConnection conn, RequestHeader header, JuteRecord body, int frameBytes) {
        int large = 0;
        int threshold = limits.largeRequestThreshold();
        if (threshold != -1 && frameBytes > threshold) {
            long now = largeBytes.addAndGet(frameBytes);
            if (now > limits.largeRequestMaxBytes()) {
                largeBytes.addAndGet(-frameBytes);
                counters.largeRequestsRejected.increment();
                LOG.warn("Rejecting large request of {} bytes from {}: {} bytes of large requests are in process"
                        + " (largeRequestMaxBytes {}); closing the connection", frameBytes, conn,
                        now - frameBytes, limits.largeRequestMaxBytes());
                conn.close();
                return;
            }
            large = frameBytes;
        }
        if (header.xid() > 0) {
            queued.incrementAndGet();
        }
        enqueue(conn, new RequestInbox.Pending(header, body, large, ServerClock.elapsedMs()));
    }

    private void enqueue(NettyConnection conn, RequestInbox.Pending p) {
        RequestInbox inbox = conn.inbox();
        int waiting = inbox.add(p);
        if (waiting >= limits.connectionMaxQueuedRequests() || inbox.parked() || overGlobalLimit()) {
            conn.pauseReads();
            paused.add(conn);
        }
        if (inbox.schedule()) {
            ready.add(conn);
            ensureDrain();
        }
    }

    /** A parked connection moved replies on: serve it again if little enough output waits. */
    void outputDrained(NettyConnection conn) {
        driver.submit("output drained on " + conn, null, (c, now) -> unpark(conn));
    }

    private boolean overGlobalLimit() {
        return outstanding.get() > limits.globalOutstandingLimit();
    }

    private void ensureDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            driver.submit("requests", null, this::drain);
        }
    }

    /**
     * From a drain that left requests waiting: the next one runs after the core's loop has read its connections
     * again, so that sessions served on the core thread get their turn.
     */
    private void continueDrain() {
        if (drainQueued.compareAndSet(false, true)) {
            driver.submitAfterIo("requests", this::drain);
        }
    }

    // ---- core thread ----

    private void drain(CoreNode core, long now) {
        drainQueued.set(false);
        coreBelowCapThisTask = false;
        int budget = PER_TASK;
        long deadline = System.nanoTime() + TASK_NANOS;
        NettyConnection conn;
        while (budget > 0 && !stall(core) && (conn = ready.poll()) != null) {
            RequestInbox inbox = conn.inbox();
            int taken = 0;
            while (taken < BATCH && budget > 0) {
                if (conn.outputBytes() > limits.connectionMaxQueuedReplyBytes()) {
                    park(conn);
                    break;
                }
                if (taken > 0 && stall(core)) {
                    break;
                }
                RequestInbox.Pending p = inbox.poll();
                if (p == null) {
                    break;
                }
                taken++;
                budget--;
                counters.requestQueueTimes.accept(Math.max(0, ServerClock.elapsedMs() - p.arrivedMs()));
                run(core, conn, p, now);
                if (System.nanoTime() - deadline > 0) {
                    budget = 0; // the task has had its time: this connection is requeued, the rest wait for the next
                }
            }
            if (!inbox.parked()) {
                requeue(conn);
            }
        }
        if (!ready.isEmpty() && !stalled) {
            continueDrain();
        }
    }

    /** Takes one request off the books and hands it to the core; a failure closes only its connection. */
    private void run(CoreNode core, NettyConnection conn, RequestInbox.Pending p, long now) {
        release(p);
        try {
            if (p.header() == null) {
                core.connect(conn, (ConnectRequest) p.body(), now);
            } else {
                core.request(conn, p.header(), p.body(), now);
            }
        } catch (Throwable t) {
            FatalErrors.haltOnFatal(t, "the core thread (a request from " + conn + ")");
            LOG.error("Core failed on a request from {}; closing it: {}", conn, t.toString(), t);
            conn.close();
        }
    }

    private void release(RequestInbox.Pending p) {
        if (p.header() != null && p.header().xid() > 0) {
            queued.decrementAndGet();
        }
        if (p.largeBytes() > 0) {
            largeBytes.addAndGet(-p.largeBytes());
        }
    }

    /**
     * True while the request throttler holds requests back: the first time, counts a stall and asks to be run
     * again after the stall time (or sooner, when a task finds the core below the limit).
     */
    private boolean stall(CoreNode core) {
        int max = inProcessCap();
        if (max <= 0 || outstanding.get() - queued.get() < max) {
            return false;
        }
        // the counts say the cap is reached; the core's own count is the truth (a count that drifted must never
        // stop the server): ask it once per task, as it walks every connection
        if (coreBelowCapThisTask || core.outstandingRequests() < max) {
            coreBelowCapThisTask = true;
            return false;
        }
        if (!stalled) {
            stalled = true;
            boolean throttler = limits.requestThrottleMaxRequests() > 0;
            if (throttler) {
                counters.requestThrottleWaits.increment();
            }
            // a task that finds the core below the cap ends the stall sooner (afterTask)
            long wait = throttler ? limits.requestThrottleStallTimeMs() : IMPLICIT_STALL_MS;
            driver.schedule(wait, () -> driver.submit("stall over", null, (c, now) -> endStall()));
        }
        return true;
    }

    /** ZooKeeper's request throttler when it is on, otherwise Paddock's own in-process cap (0: none). */
    private int inProcessCap() {
        int throttler = limits.requestThrottleMaxRequests();
        return throttler > 0 ? throttler : limits.coreMaxInProcess();
    }

    private void endStall() {
        if (stalled) {
            stalled = false;
            if (!ready.isEmpty()) {
                ensureDrain();
            }
        }
    }

    private void park(NettyConnection conn) {
        conn.inbox().park(true);
        conn.pauseReads();
        paused.add(conn);
        // the output may have drained before the flag was visible to the I/O thread: look once more
        if (conn.outputBytes() <= limits.connectionMaxQueuedReplyBytes()) {
            conn.inbox().park(false);
        }
    }

    private void unpark(NettyConnection conn) {
        RequestInbox inbox = conn.inbox();
        if (inbox.parked() && conn.outputBytes() <= limits.connectionMaxQueuedReplyBytes()) {
            inbox.park(false);
            ready.add(conn);
            ensureDrain();
        }
    }

    /** Back in the ready queue if it has more; otherwise unscheduled (unless a request raced in). */
    private void requeue(NettyConnection conn) {
        RequestInbox inbox = conn.inbox();
        if (!inbox.isEmpty()) {
            ready.add(conn);
            return;
        }
        inbox.unschedule();
        if (!inbox.isEmpty() && inbox.schedule()) {
            ready.add(conn);
        }
    }

    /**
     * The connection has closed: its waiting requests are dropped (counted as stale_requests_dropped), except a
     * closeSession — and all of them when {@code request_throttle_drop_stale} is false — which the core still
     * processes (counted as stale_requests). Returns whether the core had seen the connection's handshake.
     */
    boolean closed(CoreNode core, NettyConnection conn, long now) {
        paused.remove(conn);
        RequestInbox inbox = conn.inbox();
        inbox.park(false);
        boolean connectDropped = false;
        RequestInbox.Pending p;
        while ((p = inbox.poll()) != null) {
            boolean closeSession = p.header() != null && p.header().type() == OpCode.CLOSE_SESSION.code;
            if (p.header() != null && (closeSession || !limits.requestThrottleDropStale())) {
                counters.staleRequests.increment();
                run(core, conn, p, now);
            } else {
                release(p);
                if (p.header() == null) {
                    connectDropped = true;
                } else {
                    counters.staleRequestsDropped.increment();
                }
            }
        }
        return !connectDropped;
    }

    /** After the connection's close has reached the core: its requests leave the server-wide count. */
    void forget(NettyConnection conn) {
        conn.stats().stopCounting();
    }

    /** End of every core task: reads resume on connections that no longer need to wait; a stall may end. */
    void afterTask() {
        int cap = inProcessCap();
        if (stalled && cap > 0 && outstanding.get() - queued.get() < cap) {
            endStall();
        }
        if (paused.isEmpty()) {
            return;
        }
        boolean overGlobal = overGlobalLimit();
        for (NettyConnection conn : paused) {
            if (!conn.isOpen()) {
                paused.remove(conn);
                continue;
            }
            RequestInbox inbox = conn.inbox();
            if (inbox.parked() || inbox.size() >= resumeBelow
                    || (overGlobal && conn.stats().outstanding() > 0)) {
                continue;
            }
            paused.remove(conn);
            conn.resumeReads();
        }
    }

    /** Requests waiting for replies server-wide (for tests and metrics). */
    long outstanding() {
        return outstanding.get();
    }
}
