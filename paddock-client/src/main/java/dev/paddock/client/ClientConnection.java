package dev.paddock.client;

import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Xids;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.GetSASLRequest;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetSASLResponse;
import dev.paddock.jute.proto.SetWatches2;
import dev.paddock.jute.proto.WatcherEvent;
import dev.paddock.security.sasl.SaslClientExchange;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session machinery of one client: a send thread that connects, performs the handshake, writes requests and
 * pings; a reader thread per TCP connection that matches replies to the pending queue and turns notifications into
 * events; and one event thread that runs watchers and async completions in order.
 *
 * <p>Requests are pipelined: a request gets its xid and joins the pending queue when it is written, and every reply
 * must answer the head of that queue. Losing the connection fails every written and queued request with
 * ConnectionLoss and the client reconnects (next host in the shuffled list) with its session id and password,
 * then re-sends its auth data (xid -4) and its watches (setWatches2, xid -8, carrying the last zxid seen). A
 * server that answers the handshake with a non-positive timeout has expired the session: the client reports
 * Expired and closes for good.
 */
final class ClientConnection {
    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    private static final int MAX_SEND_PING_INTERVAL_MS = 10_000;
    private static final int SET_WATCHES_MAX_BYTES = 128 * 1024;
    /** The node holding the ensemble's configuration, outside any chroot. */
    static final String CONFIG_NODE = "/zookeeper/config";
    private static final int MAX_PACKET = Integer.getInteger("jute.maxbuffer", 0xfffff) + 1024 * 1024;

    /** Reads a reply body; may throw a KeeperException (e.g. a failed multi). */
    interface ReplyReader {
        Object read(JuteInput in) throws KeeperException;
    }

    /** Runs when a reply (or failure) arrives, before completion; returns the error code to report. */
    interface ReplyHook {
        int onReply(int err);
    }

    static final class Packet {
        final OpCode op;
        final int fixedXid;
        final JuteRecord request;
        final ReplyReader reader;
        final String clientPath;
        final ReplyHook hook;
        final boolean async;
        final CompletableFuture<Object> future = new CompletableFuture<>();
        int xid;

        Packet(OpCode op, int fixedXid, JuteRecord request, ReplyReader reader, String clientPath, ReplyHook hook,
               boolean async) {
            this.op = op;
            this.fixedXid = fixedXid;
            this.request = request;
            this.reader = reader;
            this.clientPath = clientPath;
            this.hook = hook;
            this.async = async;
        }
    }

    record AuthData(String scheme, byte[] data) {
    }

    /** One TCP connection to a server. */
    private static final class Conn {
        final Socket socket;
        final InetSocketAddress address;
        final DataInputStream in;
        final OutputStream out;
        volatile boolean dead;
        boolean established;

        Conn(Socket socket, InetSocketAddress address) throws IOException {
            this.socket = socket;
            this.address = address;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }
    }

    private static final class ExpiredException extends IOException {
        private static final long serialVersionUID = 1L;

        ExpiredException(String msg) {
            super(msg);
        }
    }

    private static final Packet WAKEUP = new Packet(OpCode.PING, Xids.PING, null, null, null, null, false);

    private final HostList hosts;
    private final String chroot;
    private final int requestedTimeout;
    private final boolean canBeReadOnly;
    private final WatchManager watches;
    private final EventThread events;
    private final List<AuthData> auths = new CopyOnWriteArrayList<>();
    private final LinkedBlockingDeque<Packet> outgoing = new LinkedBlockingDeque<>();
    private final Object lock = new Object();
    private final ArrayDeque<Packet> pending = new ArrayDeque<>();
    private final Thread sendThread;

    private volatile int negotiatedTimeout;
    private volatile int readTimeout;
    private volatile int connectTimeout;
    private volatile long sessionId;
    private volatile byte[] passwd;
    private volatile long lastZxid;
    private volatile ClientState state = ClientState.CONNECTING;
    private volatile boolean closing;
    private volatile InetSocketAddress currentServer;
    private boolean seenRwServerBefore;
    private Conn conn;
    private volatile Socket connecting;
    private int nextXid = 1;
    /** Send thread only: the search for a read-write server while connected read-only. */
    private final RwServerSeeker rwSeeker = new RwServerSeeker();
    /** Send thread only: a read-write server found by {@link #rwSeeker}, connected to next. */
    private InetSocketAddress rwServer;
    private final long spinDelayMs;
    /** SASL with every new connection, before anything else is sent; null when the client has none. */
    private volatile SaslSetup sasl;

    ClientConnection(HostList hosts, String chroot, int sessionTimeout, boolean canBeReadOnly,
                     long sessionId, byte[] passwd, WatchManager watches, long spinDelayMs) {
        this.hosts = hosts;
        this.chroot = chroot;
        this.requestedTimeout = sessionTimeout;
        this.canBeReadOnly = canBeReadOnly;
        this.sessionId = sessionId;
        this.passwd = passwd == null ? new byte[16] : passwd.clone();
        this.seenRwServerBefore = sessionId != 0;
        this.watches = watches;
        this.spinDelayMs = spinDelayMs;
        this.connectTimeout = sessionTimeout / hosts.size();
        this.readTimeout = sessionTimeout * 2 / 3;
        this.events = new EventThread("paddock-event");
        this.sendThread = new Thread(this::sendLoop, "paddock-send");
        this.sendThread.setDaemon(true);
    }

    /** Authenticate every connection with SASL first (set before {@link #start()}). */
    void sasl(SaslSetup setup) {
        this.sasl = setup;
    }

    void start() {
        events.start();
        sendThread.start();
    }

    // ----------------------------------------------------------------------------------------------- accessors

    ClientState state() {
        return state;
    }

    long sessionId() {
        return sessionId;
    }

    byte[] sessionPasswd() {
        return passwd.clone();
    }

    int negotiatedTimeout() {
        return negotiatedTimeout;
    }

    long lastZxid() {
        return lastZxid;
    }

    InetSocketAddress currentServer() {
        return state.isConnected() ? currentServer : null;
    }

    /** Waits until connected; false on timeout or when the client is closed, expired or failed auth. */
    boolean awaitConnected(long ms) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (lock) {
            while (!state.isConnected()) {
                long left = end - System.nanoTime();
                if (!state.isAlive() || closing || left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Takes a new server list; when the rebalancing says this client should move, drops the connection so that
     * the send thread reconnects (with the session) to the server the list picks.
     */
    boolean updateServerList(List<InetSocketAddress> servers) {
        Conn c;
        synchronized (lock) {
            c = conn;
        }
        InetSocketAddress from = c == null || c.dead ? null : c.address;
        boolean move = hosts.update(servers, from);
        int timeout = negotiatedTimeout > 0 ? negotiatedTimeout : requestedTimeout;
        connectTimeout = timeout / hosts.size();
        if (move && c != null) {
            LOG.info("Session {} leaves {} to rebalance over the new server list {}", Xids.hex(sessionId), from,
                    servers);
            closeQuietly(c);
        } else if (move) {
            Socket s = connecting; // an attempt under way goes to a server of the old list: give it up
            if (s != null) {
                closeQuietly(s);
            }
        }
        return move;
    }

    List<InetSocketAddress> servers() {
        return hosts.servers();
    }

    boolean isEventThread() {
        return Thread.currentThread() == events;
    }

    // ----------------------------------------------------------------------------------------------- path helpers

    String serverPath(String clientPath) {
        if (chroot == null) {
            return clientPath;
        }
        return clientPath.equals("/") ? chroot : chroot + clientPath;
    }

    /**
     * The server path of a watch to re-register: as {@link #serverPath}, except that the configuration node, which
     * {@code getConfig} watches without the chroot, stays unprefixed.
     */
    private String watchServerPath(WatchManager.Kind kind, String clientPath) {
        return kind == WatchManager.Kind.DATA && clientPath.equals(CONFIG_NODE) ? clientPath : serverPath(clientPath);
    }

    String clientPath(String serverPath) {
        if (chroot == null || serverPath == null) {
            return serverPath;
        }
        if (serverPath.equals(chroot)) {
            return "/";
        }
        if (serverPath.startsWith(chroot) && serverPath.length() > chroot.length()
                && serverPath.charAt(chroot.length()) == '/') {
            return serverPath.substring(chroot.length());
        }
        return serverPath;
    }

    // ----------------------------------------------------------------------------------------------- submitting

    /** Queues a request; its future completes with the reply (on the event thread when {@code async}). */
    CompletableFuture<Object> submit(Packet p) {
        synchronized (lock) {
            if (closing || !state.isAlive()) {
                failLater(p, deadCode());
                return p.future;
            }
            outgoing.add(p);
        }
        return p.future;
    }

    void addAuth(String scheme, byte[] data) {
        AuthData a = new AuthData(scheme, data);
        auths.add(a);
        synchronized (lock) {
            if (!closing && state.isAlive()) {
                outgoing.add(new Packet(OpCode.AUTH, Xids.AUTH, new AuthPacket(0, scheme, data), null, null, null,
                        false));
            }
        }
    }

    void queueTask(Runnable r) {
        events.queue(r);
    }

    private int deadCode() {
        return switch (state) {
            case AUTH_FAILED -> ErrorCode.AUTHFAILED.code;
            case CLOSED -> ErrorCode.SESSIONEXPIRED.code;
            default -> closing ? ErrorCode.SESSIONEXPIRED.code : ErrorCode.CONNECTIONLOSS.code;
        };
    }

    // ----------------------------------------------------------------------------------------------- closing

    void close(long waitMs) throws InterruptedException {
        Packet closePacket = null;
        synchronized (lock) {
            if (closing) {
                return;
            }
            closing = true;
            lock.notifyAll();
            if (state.isAlive()) {
                closePacket = new Packet(OpCode.CLOSE_SESSION, 0, null, null, null, null, false);
                outgoing.add(closePacket);
            }
        }
        if (closePacket != null && state.isConnected()) {
            try {
                closePacket.future.get(waitMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                LOG.debug("closeSession for session {} did not complete: {}", Xids.hex(sessionId), e.toString());
            }
        }
        synchronized (lock) {
            if (state.isAlive()) {
                state = ClientState.CLOSED;
            }
            lock.notifyAll();
            if (conn != null) {
                closeQuietly(conn);
            }
        }
        Socket s = connecting;
        if (s != null) {
            closeQuietly(s);
        }
        outgoing.add(WAKEUP);
        sendThread.join(waitMs);
        if (!isEventThread()) {
            events.join(waitMs);
        }
    }

    // ----------------------------------------------------------------------------------------------- send thread

    private void sendLoop() {
        int failures = 0;
        long attempts = 0;
        while (true) {
            synchronized (lock) {
                if (closing || !state.isAlive()) {
                    break;
                }
            }
            if (failures > 0 && failures % hosts.size() == 0) {
                backoff(spinDelayMs);
                synchronized (lock) {
                    if (closing || !state.isAlive()) {
                        break;
                    }
                }
            } else if (attempts > 0) {
                // A random pause before every attempt but the first spreads the reconnects of many clients.
                backoff(java.util.concurrent.ThreadLocalRandom.current().nextLong(spinDelayMs + 1));
                synchronized (lock) {
                    if (closing || !state.isAlive()) {
                        break;
                    }
                }
            }
            attempts++;
            InetSocketAddress addr = rwServer != null ? rwServer : hosts.next();
            rwServer = null;
            Conn c = null;
            try {
                c = connect(addr);
                failures = 0;
                serve(c);
            } catch (ExpiredException e) {
                LOG.warn(e.getMessage());
                break;
            } catch (RwServerSeeker.Found e) {
                LOG.info(e.getMessage());
                rwServer = e.server;
            } catch (IOException | RuntimeException e) {
                if (!closing && state.isAlive()) {
                    LOG.info("Session {} connection to {} lost: {}", Xids.hex(sessionId), addr, e.toString());
                }
                failures++;
            } finally {
                if (c != null) {
                    connectionLost(c);
                } else {
                    failOutgoing();
                }
            }
        }
        shutdown();
    }

    private void backoff(long ms) {
        synchronized (lock) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            long left;
            while (!closing && (left = end - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Conn connect(InetSocketAddress unresolved) throws IOException {
        InetSocketAddress addr = new InetSocketAddress(unresolved.getHostString(), unresolved.getPort());
        if (addr.isUnresolved()) {
            throw new IOException("Unable to resolve address: " + unresolved);
        }
        Socket s = new Socket();
        Conn c;
        connecting = s;
        if (closing) {
            closeQuietly(s);
            throw new IOException("client is closing");
        }
        try {
            s.setTcpNoDelay(true);
            s.connect(addr, Math.max(1, connectTimeout));
            s.setSoTimeout(Math.max(1, connectTimeout));
            c = new Conn(s, addr);
        } catch (IOException e) {
            closeQuietly(s);
            throw e;
        } finally {
            connecting = null;
        }
        LOG.debug("Socket connection established to {}, initiating session", addr);
        synchronized (lock) {
            conn = c;
        }
        try {
            return handshake(c, addr);
        } catch (IOException | RuntimeException e) {
            closeQuietly(c);
            synchronized (lock) {
                if (conn == c) {
                    conn = null;
                }
            }
            throw e;
        }
    }

    private Conn handshake(Conn c, InetSocketAddress addr) throws IOException {
        JuteOutput o = new JuteOutput(64);
        o.writeInt(0);
        long sid = seenRwServerBefore ? sessionId : 0;
        new ConnectRequest(0, lastZxid, requestedTimeout, sid, passwd).write(o);
        o.writeBool(canBeReadOnly);
        o.setInt(0, o.size() - 4);
        c.out.write(o.array(), 0, o.size());
        c.out.flush();

        byte[] body = readFrame(c);
        JuteInput in = new JuteInput(body);
        ConnectResponse r = ConnectResponse.read(in);
        boolean readOnly = in.remaining() > 0 && in.readBool();
        if (r.timeOut() <= 0) {
            synchronized (lock) {
                state = ClientState.CLOSED;
                lock.notifyAll();
            }
            closeQuietly(c);
            queueEvent(new WatchedEvent(EventType.NONE, KeeperState.EXPIRED, null));
            throw new ExpiredException("Unable to reconnect to ZooKeeper service, session " + Xids.hex(sessionId)
                    + " has expired");
        }
        if (!canBeReadOnly && readOnly) {
            LOG.error("Read/write client got connected to read-only server");
        }
        synchronized (lock) {
            negotiatedTimeout = r.timeOut();
            readTimeout = r.timeOut() * 2 / 3;
            connectTimeout = r.timeOut() / hosts.size();
            sessionId = r.sessionId();
            passwd = r.passwd() == null ? new byte[16] : r.passwd();
            seenRwServerBefore |= !readOnly;
            state = readOnly ? ClientState.CONNECTED_READ_ONLY : ClientState.CONNECTED;
            currentServer = addr;
            hosts.onConnected();
            c.established = true;
            lock.notifyAll();
        }
        LOG.info("Session establishment complete on server {}, session id = {}, negotiated timeout = {}{}", addr,
                Xids.hex(sessionId), negotiatedTimeout, readOnly ? " (READ-ONLY mode)" : "");
        queueEvent(new WatchedEvent(EventType.NONE,
                readOnly ? KeeperState.CONNECTED_READ_ONLY : KeeperState.SYNC_CONNECTED, null));
        return c;
    }

    private void serve(Conn c) throws IOException {
        c.socket.setSoTimeout(Math.max(1, readTimeout));
        if (sasl != null) {
            saslExchange(c); // as ZooKeeper's client: nothing else leaves until SASL is done
        }
        // Auth first, then the watches, then whatever the application queued meanwhile.
        for (AuthData a : auths) {
            writeFrame(c, Xids.AUTH, OpCode.AUTH, new AuthPacket(0, a.scheme(), a.data()));
        }
        for (SetWatches2 sw : setWatchesBatches()) {
            writeFrame(c, Xids.SET_WATCHES, OpCode.SET_WATCHES2, sw);
        }
        c.out.flush();
        Thread reader = new Thread(() -> readLoop(c), "paddock-reader");
        reader.setDaemon(true);
        reader.start();

        long lastSend = System.nanoTime();
        while (true) {
            if (c.dead) {
                throw new IOException("connection closed");
            }
            if (!state.isAlive()) {
                throw new IOException("client is " + state);
            }
            long idleSend = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSend);
            long toPing = readTimeout / 2 - idleSend - (idleSend > 1000 ? 1000 : 0);
            if (toPing <= 0 || idleSend > MAX_SEND_PING_INTERVAL_MS) {
                writeFrame(c, Xids.PING, OpCode.PING, null);
                c.out.flush();
                lastSend = System.nanoTime();
                continue;
            }
            if (state == ClientState.CONNECTED_READ_ONLY) {
                rwSeeker.probeIfDue(hosts::next); // throws Found: leave this server for the read-write one
                toPing = Math.max(1, Math.min(toPing, rwSeeker.millisUntilProbe()));
            }
            Packet p;
            try {
                p = outgoing.pollFirst(toPing, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                throw new IOException("interrupted", e);
            }
            if (p == null || p == WAKEUP) {
                continue;
            }
            synchronized (lock) {
                if (c.dead) {
                    outgoing.addFirst(p);
                    throw new IOException("connection closed");
                }
                if (p.fixedXid == 0) {
                    p.xid = nextXid++;
                    pending.add(p);
                } else {
                    p.xid = p.fixedXid;
                }
            }
            writeFrame(c, p.xid, p.op, p.request);
            if (outgoing.isEmpty()) {
                c.out.flush();
            }
            lastSend = System.nanoTime();
        }
    }

    /**
     * Runs the SASL exchange on a fresh connection, before the reader thread starts: a token out, the server's
     * challenge back, until the mechanism completes. Success is the SaslAuthenticated event; a refusal or a
     * mechanism error is the AuthFailed state (the client stops, as ZooKeeper's does).
     */
    private void saslExchange(Conn c) throws IOException {
        try {
            SaslClientExchange exchange = sasl.exchange(c.address);
            byte[] token = exchange.initialToken();
            while (true) {
                int xid;
                synchronized (lock) {
                    xid = nextXid++;
                }
                writeFrame(c, xid, OpCode.SASL, new GetSASLRequest(token == null ? new byte[0] : token));
                c.out.flush();
                JuteInput in = new JuteInput(readFrame(c));
                ReplyHeader h = ReplyHeader.read(in);
                if (h.err() != 0) {
                    throw new javax.security.sasl.SaslException("the server refused SASL authentication ("
                            + (ErrorCode.of(h.err()) == null ? h.err() : ErrorCode.of(h.err()).name()) + ")");
                }
                byte[] challenge = in.remaining() > 0 ? SetSASLResponse.read(in).token() : null;
                if (exchange.isComplete()) {
                    break;
                }
                token = exchange.evaluate(challenge);
                if (exchange.isComplete() && token == null) {
                    break;
                }
            }
            LOG.info("Session {} SASL-authenticated ({}) with {}", Xids.hex(sessionId), exchange.mechanism(),
                    c.address);
            exchange.dispose();
            queueEvent(new WatchedEvent(EventType.NONE, KeeperState.SASL_AUTHENTICATED, null));
        } catch (javax.security.sasl.SaslException e) {
            LOG.error("SASL authentication of session {} with {} failed: {}", Xids.hex(sessionId), c.address,
                    e.getMessage());
            synchronized (lock) {
                state = ClientState.AUTH_FAILED;
                lock.notifyAll();
            }
            queueEvent(new WatchedEvent(EventType.NONE, KeeperState.AUTH_FAILED, null));
            throw new IOException("SASL authentication failed", e);
        }
    }

    private List<SetWatches2> setWatchesBatches() {
        List<SetWatches2> out = new ArrayList<>();
        if (watches.isEmpty()) {
            return out;
        }
        List<List<String>> lists = new ArrayList<>();
        for (WatchManager.Kind k : WatchManager.Kind.values()) {
            List<String> l = new ArrayList<>();
            for (String p : watches.paths(k)) {
                l.add(watchServerPath(k, p));
            }
            lists.add(l);
        }
        int[] idx = new int[lists.size()];
        while (true) {
            List<List<String>> batch = new ArrayList<>();
            for (int i = 0; i < lists.size(); i++) {
                batch.add(new ArrayList<>());
            }
            int bytes = 0;
            boolean any = false;
            for (int k = 0; k < lists.size() && bytes < SET_WATCHES_MAX_BYTES; k++) {
                while (idx[k] < lists.get(k).size() && bytes < SET_WATCHES_MAX_BYTES) {
                    String p = lists.get(k).get(idx[k]++);
                    batch.get(k).add(p);
                    bytes += p.length() + 4;
                    any = true;
                }
            }
            if (!any) {
                break;
            }
            out.add(new SetWatches2(lastZxid, batch.get(0), batch.get(1), batch.get(2), batch.get(3), batch.get(4)));
        }
        return out;
    }

    private void writeFrame(Conn c, int xid, OpCode op, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput(body == null ? 16 : 128);
        o.writeInt(0);
        new RequestHeader(xid, op.code).write(o);
        if (body != null) {
            body.write(o);
        }
        o.setInt(0, o.size() - 4);
        c.out.write(o.array(), 0, o.size());
    }

    private byte[] readFrame(Conn c) throws IOException {
        int len = c.in.readInt();
        if (len < 0 || len > MAX_PACKET) {
            throw new IOException("Packet len " + len + " is out of range!");
        }
        byte[] b = new byte[len];
        c.in.readFully(b);
        return b;
    }

    // ----------------------------------------------------------------------------------------------- reader

    private void readLoop(Conn c) {
        try {
            while (!c.dead) {
                handleReply(readFrame(c));
            }
        } catch (SocketTimeoutException e) {
            if (!c.dead) {
                LOG.warn("Client session timed out, have not heard from server in {}ms for session id {}",
                        readTimeout, Xids.hex(sessionId));
            }
        } catch (EOFException e) {
            if (!c.dead && !closing) {
                LOG.info("Server {} closed the connection of session {}", c.address, Xids.hex(sessionId));
            }
        } catch (Throwable e) {
            if (!c.dead && !closing) {
                LOG.warn("Session {}: error reading from {}: {}", Xids.hex(sessionId), c.address, e.toString());
            }
        } finally {
            connectionLost(c);
        }
    }

    private void handleReply(byte[] body) throws IOException {
        JuteInput in = new JuteInput(body);
        ReplyHeader h = ReplyHeader.read(in);
        switch (h.xid()) {
            case Xids.PING:
                return;
            case Xids.AUTH:
                if (h.err() == ErrorCode.AUTHFAILED.code) {
                    LOG.warn("Authentication failed for session {}", Xids.hex(sessionId));
                    synchronized (lock) {
                        state = ClientState.AUTH_FAILED;
                        lock.notifyAll();
                    }
                    queueEvent(new WatchedEvent(EventType.NONE, KeeperState.AUTH_FAILED, null));
                    outgoing.add(WAKEUP);
                }
                return;
            case Xids.SET_WATCHES:
                if (h.err() != 0) {
                    LOG.warn("setWatches for session {} failed with error {}", Xids.hex(sessionId), h.err());
                }
                return;
            case Xids.NOTIFICATION:
                WatcherEvent we = WatcherEvent.read(in);
                EventType t = EventType.of(we.type());
                KeeperState st = KeeperState.of(we.state());
                if (t == null || st == null) {
                    LOG.warn("Ignoring notification with unknown type {} / state {}", we.type(), we.state());
                    return;
                }
                queueEvent(new WatchedEvent(t, st, clientPath(we.path()), h.zxid()));
                return;
            default:
                break;
        }
        Packet p;
        synchronized (lock) {
            p = pending.poll();
        }
        if (p == null || p.xid != h.xid()) {
            if (p != null) {
                fail(p, ErrorCode.CONNECTIONLOSS.code);
            }
            throw new IOException("Xid out of order. Got Xid " + h.xid() + " with err " + h.err() + " expected Xid "
                    + (p == null ? "none" : p.xid) + " for a packet with details: " + (p == null ? "" : p.op));
        }
        if (h.zxid() > 0) {
            lastZxid = h.zxid();
        }
        finish(p, h.err(), in);
    }

    private void finish(Packet p, int err, JuteInput in) {
        int code = p.hook == null ? err : p.hook.onReply(err);
        if (code != 0) {
            complete(p, null, KeeperException.create(code, p.clientPath));
            return;
        }
        Object result = null;
        KeeperException ex = null;
        if (p.reader != null && err == 0) {
            try {
                result = p.reader.read(in);
            } catch (KeeperException e) {
                ex = e;
            } catch (RuntimeException e) {
                LOG.warn("Malformed reply to {} on session {}: {}", p.op, Xids.hex(sessionId), e.toString());
                ex = KeeperException.create(ErrorCode.MARSHALLINGERROR, p.clientPath);
            }
        }
        complete(p, result, ex);
    }

    private void fail(Packet p, int code) {
        finishFailed(p, code);
    }

    private void finishFailed(Packet p, int code) {
        int c = p.hook == null ? code : p.hook.onReply(code);
        complete(p, null, c == 0 ? null : KeeperException.create(c, p.clientPath));
    }

    /** Fails a packet that never got queued (client closed), from the caller's thread or the event thread. */
    private void failLater(Packet p, int code) {
        finishFailed(p, code);
    }

    private void complete(Packet p, Object result, KeeperException ex) {
        Runnable r = () -> {
            if (ex != null) {
                p.future.completeExceptionally(ex);
            } else {
                p.future.complete(result);
            }
        };
        if (p.async) {
            events.queue(r);
        } else {
            r.run();
        }
    }

    // ----------------------------------------------------------------------------------------------- failures

    private void connectionLost(Conn c) {
        List<Packet> failed = new ArrayList<>();
        boolean wasEstablished;
        synchronized (lock) {
            if (c.dead) {
                return;
            }
            c.dead = true;
            closeQuietly(c);
            wasEstablished = c.established;
            if (conn == c) {
                conn = null;
            }
            failed.addAll(pending);
            pending.clear();
            drainOutgoing(failed);
            if (state.isConnected()) {
                state = ClientState.CONNECTING;
            }
            lock.notifyAll();
        }
        int code = deadCode();
        for (Packet p : failed) {
            fail(p, code);
        }
        if (wasEstablished && state.isAlive() && !closing) {
            queueEvent(new WatchedEvent(EventType.NONE, KeeperState.DISCONNECTED, null));
        }
        outgoing.add(WAKEUP);
    }

    private void failOutgoing() {
        List<Packet> failed = new ArrayList<>();
        synchronized (lock) {
            drainOutgoing(failed);
        }
        int code = deadCode();
        for (Packet p : failed) {
            fail(p, code);
        }
    }

    private void drainOutgoing(List<Packet> into) {
        Packet p;
        while ((p = outgoing.pollFirst()) != null) {
            if (p != WAKEUP && p.fixedXid == 0) {
                into.add(p);
            }
        }
    }

    private void shutdown() {
        List<Packet> failed = new ArrayList<>();
        synchronized (lock) {
            if (conn != null) {
                closeQuietly(conn);
                conn = null;
            }
            if (state != ClientState.AUTH_FAILED) {
                state = ClientState.CLOSED;
            }
            lock.notifyAll();
            failed.addAll(pending);
            pending.clear();
            drainOutgoing(failed);
        }
        int code = deadCode();
        for (Packet p : failed) {
            fail(p, code);
        }
        if (closing) {
            queueEvent(new WatchedEvent(EventType.NONE, KeeperState.CLOSED, null));
        }
        LOG.info("Session {} closed ({})", Xids.hex(sessionId), closing ? "by client" : state);
        events.kill();
    }

    private static void closeQuietly(Conn c) {
        closeQuietly(c.socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // ----------------------------------------------------------------------------------------------- events

    void queueEvent(WatchedEvent e) {
        Set<Watcher> ws = e.type() == EventType.NONE || e.path() != null
                ? watches.materialize(e.state(), e.type(), e.path()) : Collections.emptySet();
        if (ws.isEmpty()) {
            return;
        }
        events.queue(() -> {
            for (Watcher w : ws) {
                try {
                    w.process(e);
                } catch (Throwable t) {
                    LOG.error("Watcher {} threw on {}", w, e, t);
                }
            }
        });
    }

    void queueEvent(WatchedEvent e, Set<Watcher> ws) {
        events.queue(() -> {
            for (Watcher w : ws) {
                try {
                    w.process(e);
                } catch (Throwable t) {
                    LOG.error("Watcher {} threw on {}", w, e, t);
                }
            }
        });
    }

    /** The single thread that runs watchers and async completions in order. */
    private static final class EventThread extends Thread {
        private static final Runnable DEATH = () -> { };
        private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        private boolean dead;

        EventThread(String name) {
            super(name);
            setDaemon(true);
        }

        void queue(Runnable r) {
            synchronized (this) {
                if (!dead) {
                    queue.add(r);
                    return;
                }
            }
            r.run();
        }

        void kill() {
            synchronized (this) {
                if (!dead) {
                    dead = true;
                    queue.add(DEATH);
                }
            }
        }

        @Override
        public void run() {
            while (true) {
                Runnable r;
                try {
                    r = queue.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (r == DEATH) {
                    return;
                }
                try {
                    r.run();
                } catch (Throwable t) {
                    LOG.error("Event callback failed", t);
                }
            }
        }
    }
}
