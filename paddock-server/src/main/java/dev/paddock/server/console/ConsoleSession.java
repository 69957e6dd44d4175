package dev.paddock.server.console;

import dev.paddock.core.ClientConnection;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Xids;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.WatcherEvent;
import dev.paddock.server.net.CoreGateway;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One console login as a client of the core: a {@link ClientConnection} that lives in the server process. It
 * sends real requests (connect, the auth packet, op codes with jute records) through the core gateway, so ACLs,
 * watches and forwarding to an ensemble's leader apply exactly as to a network client. Replies and watch events
 * arrive on the core thread through {@link #send}; they are handed to {@code completer} at once, so nothing the
 * console does afterwards runs on the core thread.
 */
final class ConsoleSession implements ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSession.class);

    /** Far above any id a network connection gets, so the two never meet. */
    private static final AtomicLong IDS = new AtomicLong(1L << 48);
    /** The session timeout asked for; the server bounds it by its min/max session timeout. */
    static final int REQUESTED_TIMEOUT_MS = 30_000;
    /** A request with no answer after this long fails (the core is gone or not serving). */
    static final long REQUEST_TIMEOUT_MS = 10_000;
    /** Watch events kept for the page to poll. */
    static final int EVENTS_KEPT = 256;

    /** A reply: ZooKeeper's error code (0 = ok), the zxid it carries, its body (null on error). */
    record Reply(int err, long zxid, JuteRecord body) {
    }

    /** A watch event as the page sees it, numbered from 1 in arrival order. */
    record Event(long seq, int type, String path, long zxid) {
    }

    private final long id = IDS.incrementAndGet();
    private final CoreGateway core;
    private final String remoteIp;
    private final String user;
    private final Executor completer;

    // guarded by this
    private final Map<Integer, CompletableFuture<Reply>> pending = new HashMap<>();
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long eventSeq;
    private int nextXid = 1;
    private long sessionId;
    private int timeoutMs;
    private boolean closed;
    private long lastSentMs;
    private long lastUsedMs;
    private CompletableFuture<ConsoleSession> opened;

    /**
     * @param remoteIp  the HTTP caller's address: the core's ip ACLs see it as this client's address
     * @param user      the digest user, or null for an anonymous (world) session
     * @param completer where replies complete (never the core thread)
     */
    ConsoleSession(CoreGateway core, String remoteIp, String user, Executor completer, long nowMs) {
        this.core = core;
        this.remoteIp = remoteIp;
        this.user = user;
        this.completer = completer;
        this.lastUsedMs = nowMs;
        this.lastSentMs = nowMs;
    }

    /**
     * Opens the session: the connect handshake, then (with a password) the digest auth packet. Completes when
     * both are answered; fails if the core refuses either or does not answer.
     */
    synchronized CompletableFuture<ConsoleSession> open(String password, long nowMs) {
        if (opened != null) {
            return opened;
        }
        opened = new CompletableFuture<>();
        CompletableFuture<ConsoleSession> result = opened;
        ConnectRequest req = new ConnectRequest(0, 0, REQUESTED_TIMEOUT_MS, 0, new byte[16]);
        lastSentMs = nowMs;
        core.run("console connect", (c, now) -> c.connect(this, req, now));
        CompletableFuture<ConsoleSession> done = result;
        if (user != null) {
            byte[] auth = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            done = result.thenCompose(s -> call(Xids.AUTH, OpCode.AUTH, new AuthPacket(0, "digest", auth), nowMs))
                    .thenApply(r -> {
                        if (r.err() != 0) {
                            throw new IllegalStateException("the server refused the digest login (error " + r.err() + ")");
                        }
                        return this;
                    });
        }
        return done.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    /** Sends one request with the next xid; the future completes with its reply (any thread but the core's). */
    CompletableFuture<Reply> call(OpCode op, JuteRecord body, long nowMs) {
        int xid;
        synchronized (this) {
            xid = nextXid++;
        }
        return call(xid, op, body, nowMs);
    }

    private CompletableFuture<Reply> call(int xid, OpCode op, JuteRecord body, long nowMs) {
        CompletableFuture<Reply> f = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                f.completeExceptionally(new SessionLostException("the console's session has ended"));
                return f;
            }
            pending.put(xid, f);
            lastSentMs = nowMs;
            lastUsedMs = nowMs;
        }
        RequestHeader header = new RequestHeader(xid, op.code);
        core.run("console " + op, (c, now) -> c.request(this, header, body, now));
        return f.orTimeout(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e != null) {
                synchronized (this) {
                    pending.remove(xid);
                }
            }
        });
    }

    /** Keeps the session alive: a ping when nothing was sent for a third of the timeout. */
    void pingIfQuiet(long nowMs) {
        synchronized (this) {
            if (closed || sessionId == 0 || nowMs - lastSentMs < timeoutMs / 3) {
                return;
            }
            lastSentMs = nowMs;
        }
        RequestHeader header = new RequestHeader(Xids.PING, OpCode.PING.code);
        core.run("console ping", (c, now) -> c.request(this, header, null, now));
    }

    /** Ends the session on the server (closeSession), as a client's close does. */
    void logout(long nowMs) {
        synchronized (this) {
            if (closed || sessionId == 0) {
                closeLocally();
                return;
            }
        }
        call(OpCode.CLOSE_SESSION, null, nowMs).whenComplete((r, e) -> closeLocally());
    }

    /** Marks the HTTP use of the session (for the idle logout). */
    synchronized void touch(long nowMs) {
        lastUsedMs = nowMs;
    }

    synchronized long idleMs(long nowMs) {
        return nowMs - lastUsedMs;
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized long sessionId() {
        return sessionId;
    }

    synchronized int timeoutMs() {
        return timeoutMs;
    }

    /** The digest user, or null when anonymous. */
    String user() {
        return user;
    }

    /** Events after {@code since}, oldest first; the first sequence number still kept is {@link #firstKept()}. */
    synchronized List<Event> eventsAfter(long since) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.seq() > since) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized long firstKept() {
        return events.isEmpty() ? eventSeq + 1 : events.peekFirst().seq();
    }

    synchronized long lastEvent() {
        return eventSeq;
    }

    // ---------------------------------------------------------------- ClientConnection (core thread)

    @Override
    public long connectionId() {
        return id;
    }

    @Override
    public String remoteAddress() {
        return remoteIp;
    }

    @Override
    public void sendConnectResponse(ConnectResponse response) {
        CompletableFuture<ConsoleSession> f;
        synchronized (this) {
            f = opened;
            if (response.sessionId() != 0) {
                sessionId = response.sessionId();
                timeoutMs = response.timeOut();
            }
        }
        if (f == null) {
            return;
        }
        if (response.sessionId() == 0) {
            completer.execute(() -> f.completeExceptionally(new SessionLostException("the server refused the session")));
        } else {
            LOG.info("Console session 0x{} opened for {} from {}", Long.toHexString(response.sessionId()),
                    user == null ? "an anonymous user" : "digest user " + user, remoteIp);
            completer.execute(() -> f.complete(this));
        }
    }

    @Override
    public void send(ReplyHeader header, JuteRecord body) {
        if (header.xid() == Xids.NOTIFICATION) {
            if (body instanceof WatcherEvent w) {
                synchronized (this) {
                    events.addLast(new Event(++eventSeq, w.type(), w.path(), header.zxid()));
                    while (events.size() > EVENTS_KEPT) {
                        events.pollFirst();
                    }
                }
            }
            return;
        }
        CompletableFuture<Reply> f;
        synchronized (this) {
            f = pending.remove(header.xid());
        }
        if (f != null) {
            Reply r = new Reply(header.err(), header.zxid(), body);
            completer.execute(() -> f.complete(r));
        }
    }

    /** The core closed this connection (session closed or expired, the server left its role): fail what waits. */
    @Override
    public void close() {
        boolean first;
        synchronized (this) {
            first = !closed;
        }
        closeLocally();
        if (first) {
            // as the network layer reports a closed socket, in a later task
            core.run("console connection closed", (c, now) -> c.connectionClosed(this, now));
        }
    }

    private void closeLocally() {
        List<CompletableFuture<?>> failed = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            failed.addAll(pending.values());
            pending.clear();
            if (opened != null && !opened.isDone()) {
                failed.add(opened);
            }
        }
        LOG.info("Console session 0x{} ({}) ended", Long.toHexString(sessionId()), user == null ? "anonymous" : user);
        for (CompletableFuture<?> f : failed) {
            completer.execute(() -> f.completeExceptionally(new SessionLostException("the console's session has ended")));
        }
    }

    @Override
    public String toString() {
        return "console session 0x" + Long.toHexString(sessionId()) + " (" + (user == null ? "anonymous" : user) + ")";
    }

    /** The session is gone (closed, expired, or never opened). */
    static final class SessionLostException extends RuntimeException {
        SessionLostException(String message) {
            super(message);
        }
    }
}
