package dev.paddock.sim;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.ReconfigRequest;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.quorum.zab.Zxid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated ZooKeeper client: one session at a time, connected to one server through a recording
 * {@link SimClientConn}, moving to another live server (with its session id and password) when its server dies
 * or stops serving. It keeps a model of the nodes it wrote from the answers it got, and checks its answers as
 * they come: in request order, zxids never going back, a read after sync seeing its own acknowledged writes.
 */
final class SimClient {
    static final int MAX_TIMEOUT_MS = 6_000;
    private static final int NO_NODE = -101;
    private static final int MAX_IN_FLIGHT = 3;

    enum State { DISCONNECTED, CONNECTING, CONNECTED, FINISHED }

    private enum Op { CREATE, SET, DELETE, SYNC, READ, CLOSE, RECONFIG }

    private record Pending(int xid, Op op, String path, byte[] data, boolean ephemeral, boolean checkRead,
                           byte[] expected) {
    }

    /** What the client knows of a node it wrote; {@code uncertain} once an answer about it was lost. */
    static final class Model {
        byte[] data;
        boolean exists;
        final boolean ephemeral;
        final long owner;
        boolean uncertain;
        boolean busy;

        Model(boolean ephemeral, long owner) {
            this.ephemeral = ephemeral;
            this.owner = owner;
        }
    }

    private final Simulation sim;
    private final ClientChecks checks;
    final int clientId;
    /** The one server a scenario writer talks to, or -1 for a client that picks any live server. */
    final long pinnedSid;
    /** Requests reach the server at once (scenario writers, whose writes return the zxid the leader gave). */
    final boolean direct;
    private final int timeoutMs;
    private State state = State.DISCONNECTED;
    private SimClientConn conn;
    private long sessionId;
    private byte[] password = new byte[16];
    private long lastZxidSeen;
    private int nextXid = 1;
    private int seq;
    private long lastHeardMs;
    private long lastSentMs;
    private boolean active;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    final Map<String, Model> nodes = new LinkedHashMap<>();

    SimClient(Simulation sim, ClientChecks checks, int clientId, long pinnedSid, int timeoutMs) {
        this.sim = sim;
        this.checks = checks;
        this.clientId = clientId;
        this.pinnedSid = pinnedSid;
        this.direct = pinnedSid >= 0;
        this.timeoutMs = timeoutMs;
    }

    State state() {
        return state;
    }

    long sessionId() {
        return sessionId;
    }

    /** Connected, on a connection the server has not closed (it closes them all when it stops serving). */
    boolean ready() {
        return state == State.CONNECTED && conn != null && conn.open;
    }

    boolean idle() {
        return pending.isEmpty();
    }

    SimNode server() {
        return conn == null ? null : conn.server;
    }

    /** Starts connecting and keeps the session alive; {@code active} clients also issue random operations. */
    void start(boolean active) {
        this.active = active;
        connect();
        watchdog();
        if (active) {
            scheduleOp();
        }
    }

    void stopOps() {
        active = false;
    }

    // ---- connection ----

    private void connect() {
        if (state == State.FINISHED) {
            return;
        }
        SimNode target = pickServer();
        if (target == null) {
            state = State.DISCONNECTED;
            sim.loop().after(50 + sim.random().nextInt(200), this::connect);
            return;
        }
        SimClientConn c = new SimClientConn(this, sim, sim.nextConnectionId(), target);
        conn = c;
        state = State.CONNECTING;
        lastHeardMs = sim.nowMs();
        ConnectRequest req = new ConnectRequest(0, lastZxidSeen, timeoutMs, sessionId, password);
        c.toServer(() -> target.clientConnect(c, req));
    }

    private SimNode pickServer() {
        if (pinnedSid >= 0) {
            SimNode n = sim.node(pinnedSid);
            return n.isUp() ? n : null;
        }
        List<SimNode> upNodes = new ArrayList<>();
        for (SimNode n : sim.nodes()) {
            if (n.isUp()) {
                upNodes.add(n);
            }
        }
        return upNodes.isEmpty() ? null : upNodes.get(sim.random().nextInt(upNodes.size()));
    }

    void onConnectResponse(SimClientConn c, ConnectResponse resp) {
        if (c != conn || state != State.CONNECTING) {
            return;
        }
        lastHeardMs = sim.nowMs();
        if (resp.sessionId() == 0 || resp.timeOut() <= 0) {
            if (sessionId != 0) {
                sessionEnded(true);
            }
            drop();
            return;
        }
        if (sessionId == 0) {
            sessionId = resp.sessionId();
            password = resp.passwd();
            checks.sessionOpened(this, sessionId);
        } else if (resp.sessionId() != sessionId) {
            checks.violation("client " + clientId + " reconnected session 0x" + Long.toHexString(sessionId)
                    + " and got 0x" + Long.toHexString(resp.sessionId()));
        }
        state = State.CONNECTED;
        trace("connected to server " + c.server.sid());
    }

    /** The session is over (expired, or closed by this client): its ephemerals are gone. */
    private void sessionEnded(boolean expired) {
        checks.sessionEnded(this, sessionId, expired);
        for (Model m : nodes.values()) {
            if (m.ephemeral && m.owner == sessionId && !m.uncertain) {
                m.exists = false;
            }
        }
        sessionId = 0;
        password = new byte[16];
    }

    void onClosed(SimClientConn c) {
        if (c != conn) {
            return;
        }
        lost();
    }

    /** The client gives up on this connection (its server looks dead) and tells the server. */
    private void drop() {
        SimClientConn c = conn;
        if (c != null && c.open) {
            c.open = false;
            SimNode server = c.server;
            sim.loop().after(sim.net().delayMs(), () -> server.clientClosed(c));
        }
        lost();
    }

    private void lost() {
        trace("connection lost with " + pending.size() + " outstanding");
        conn = null;
        for (Pending p : pending) {
            Model m = p.path == null ? null : nodes.get(p.path);
            if (m != null && isWrite(p.op)) {
                m.uncertain = true;
            }
            if (p.op == Op.CLOSE && sessionId != 0) {
                checks.sessionAbandoned(this, sessionId); // it may or may not close: it must expire if not
                state = State.FINISHED;
                for (Model e : nodes.values()) {
                    if (e.ephemeral && e.owner == sessionId) {
                        e.uncertain = true; // gone at some point, but the checks run only after quiescence
                    }
                }
            }
        }
        pending.clear();
        for (Model m : nodes.values()) {
            m.busy = false;
        }
        if (state == State.FINISHED) {
            return;
        }
        state = State.DISCONNECTED;
        sim.loop().after(10 + sim.random().nextInt(200), this::connect);
    }

    private static boolean isWrite(Op op) {
        return op == Op.CREATE || op == Op.SET || op == Op.DELETE;
    }

    /** Pings an idle session and drops a connection that stopped answering (as ZooKeeper's client does). */
    private void watchdog() {
        if (state == State.FINISHED) {
            return;
        }
        long now = sim.nowMs();
        if ((state == State.CONNECTED || state == State.CONNECTING) && now - lastHeardMs > timeoutMs * 2L / 3) {
            drop();
        } else if (state == State.CONNECTED && now - lastSentMs >= timeoutMs / 3) {
            // pings are answered out of band (the client does not queue them with its requests)
            SimClientConn c = conn;
            lastSentMs = now;
            RequestHeader h = new RequestHeader(-2, OpCode.PING.code);
            c.toServer(() -> c.server.clientRequest(c, h, null));
        }
        sim.loop().after(Math.max(50, timeoutMs / 6), this::watchdog);
    }

    // ---- requests ----

    private void trace(String what) {
        if (TRACE) {
            sim.note("client " + clientId + " (0x" + Long.toHexString(sessionId) + ") " + what);
        }
    }

    /** -Dsim.traceClients=true keeps every request and answer in the run's events (for replaying one seed). */
    private static final boolean TRACE = Boolean.getBoolean("sim.traceClients");

    private void send(Pending p, int type, JuteRecord body) {
        SimClientConn c = conn;
        trace("-> server " + c.server.sid() + " " + p.op + " " + p.path + " xid " + p.xid
                + (p.data == null ? "" : " " + text(p.data)));
        pending.add(p);
        lastSentMs = sim.nowMs();
        RequestHeader h = new RequestHeader(p.xid, type);
        c.toServer(() -> c.server.clientRequest(c, h, body));
    }

    private int xid() {
        return nextXid++;
    }

    /** A scenario write: a persistent create of {@code path}; false if the client is not connected now. */
    boolean create(String path, byte[] data) {
        if (!ready()) {
            return false;
        }
        createNode(path, data, CreateMode.PERSISTENT);
        return true;
    }

    /** A reconfiguration (incremental); false if the client is not connected now. */
    boolean reconfig(String joining, String leaving) {
        if (!ready()) {
            return false;
        }
        String what = (joining == null ? "" : "+" + joining) + (leaving == null ? "" : " -" + leaving);
        send(new Pending(xid(), Op.RECONFIG, null, what.getBytes(StandardCharsets.UTF_8), false, false, null),
                OpCode.RECONFIG.code, new ReconfigRequest(joining, leaving, null, -1));
        return true;
    }

    private void createNode(String path, byte[] data, CreateMode mode) {
        if (!mode.sequential) {
            Model m = new Model(mode.ephemeral, sessionId);
            m.busy = true;
            nodes.put(path, m);
        }
        send(new Pending(xid(), Op.CREATE, path, data, mode.ephemeral, false, null), OpCode.CREATE.code,
                new CreateRequest(path, data, DataTree.OPEN_ACL, mode.flag));
    }

    private void scheduleOp() {
        sim.loop().after(1 + sim.random().nextInt((int) (2 * sim.params().meanWriteGapMs()) + 1), () -> {
            if (!active || state == State.FINISHED) {
                return;
            }
            if (state == State.CONNECTED && pending.size() < MAX_IN_FLIGHT) {
                randomOp();
            }
            scheduleOp();
        });
    }

    private void randomOp() {
        double r = sim.random().nextDouble();
        byte[] data = ("c" + clientId + "." + (++seq)).getBytes(StandardCharsets.UTF_8);
        String fresh = "/c" + clientId + "-" + seq;
        Model pick = null;
        String pickPath = null;
        List<String> usable = new ArrayList<>();
        for (Map.Entry<String, Model> e : nodes.entrySet()) {
            Model m = e.getValue();
            if (!m.uncertain && !m.busy && m.exists && (!m.ephemeral || m.owner == sessionId)) {
                usable.add(e.getKey());
            }
        }
        if (!usable.isEmpty()) {
            pickPath = usable.get(sim.random().nextInt(usable.size()));
            pick = nodes.get(pickPath);
        }
        if (r < 0.25 || pick == null && r < 0.75) {
            createNode(fresh, data, CreateMode.PERSISTENT);
        } else if (r < 0.40) {
            createNode(fresh, data, CreateMode.EPHEMERAL);
        } else if (r < 0.48) {
            CreateMode mode = sim.random().nextBoolean() ? CreateMode.PERSISTENT_SEQUENTIAL
                    : CreateMode.EPHEMERAL_SEQUENTIAL;
            createNode("/q" + clientId + "-", data, mode);
        } else if (r < 0.62) {
            pick.busy = true;
            send(new Pending(xid(), Op.SET, pickPath, data, false, false, null), OpCode.SET_DATA.code,
                    new SetDataRequest(pickPath, data, -1));
        } else if (r < 0.72) {
            pick.busy = true;
            send(new Pending(xid(), Op.DELETE, pickPath, null, false, false, null), OpCode.DELETE.code,
                    new DeleteRequest(pickPath, -1));
        } else if (r < 0.985) {
            syncAndRead(pick != null ? pickPath : null);
        } else {
            send(new Pending(xid(), Op.CLOSE, null, null, false, false, null), OpCode.CLOSE_SESSION.code, null);
            active = false;
        }
    }

    private void syncAndRead(String path) {
        send(new Pending(xid(), Op.SYNC, "/", null, false, false, null), OpCode.SYNC.code, new SyncRequest("/"));
        if (path != null) {
            Model m = nodes.get(path);
            send(new Pending(xid(), Op.READ, path, null, false, true, m.exists ? m.data : null),
                    OpCode.GET_DATA.code, new GetDataRequest(path, false));
        }
    }

    // ---- answers ----

    void onReply(SimClientConn c, ReplyHeader h, JuteRecord body) {
        if (c != conn) {
            return;
        }
        lastHeardMs = sim.nowMs();
        if (h.xid() == -1 || h.xid() == -2) {
            return; // a watch event (none are set) or a ping's answer
        }
        Pending p = pending.pollFirst();
        if (p == null || p.xid != h.xid()) {
            checks.violation("client " + clientId + " (session 0x" + Long.toHexString(sessionId) + ") got xid "
                    + h.xid() + " while expecting " + (p == null ? "nothing" : p.xid) + " from server "
                    + c.server.sid());
            if (p != null) {
                pending.addFirst(p);
            }
            return;
        }
        if (h.zxid() > 0 && h.zxid() < lastZxidSeen) {
            checks.violation("client " + clientId + " (session 0x" + Long.toHexString(sessionId) + ") saw zxid "
                    + Zxid.hex(h.zxid()) + " after " + Zxid.hex(lastZxidSeen) + " from server " + c.server.sid());
        }
        lastZxidSeen = Math.max(lastZxidSeen, h.zxid());
        trace("<- server " + c.server.sid() + " " + p.op + " " + p.path + " xid " + p.xid + " err " + h.err()
                + " zxid " + Zxid.hex(h.zxid()));
        answered(p, h, body);
    }

    private void answered(Pending p, ReplyHeader h, JuteRecord body) {
        Model m = p.path == null ? null : nodes.get(p.path);
        boolean ok = h.err() == 0;
        switch (p.op) {
            case CREATE -> {
                if (ok) {
                    String path = body instanceof CreateResponse cr ? cr.path() : p.path;
                    Model made = m != null ? m : new Model(p.ephemeral, sessionId);
                    made.exists = true;
                    made.data = p.data;
                    made.busy = false;
                    nodes.put(path, made);
                    checks.acked(this, "create " + path, h.zxid());
                    if (direct) {
                        sim.acknowledgedWrite(h.zxid(), path);
                    }
                } else if (m != null) {
                    m.busy = false; // the create did not happen
                }
            }
            case SET -> {
                if (ok) {
                    m.data = p.data;
                    checks.acked(this, "setData " + p.path, h.zxid());
                }
                m.busy = false;
            }
            case DELETE -> {
                if (ok) {
                    m.exists = false;
                    checks.acked(this, "delete " + p.path, h.zxid());
                }
                m.busy = false;
            }
            case READ -> {
                if (m != null && !m.uncertain && p.checkRead) {
                    byte[] got = ok && body instanceof GetDataResponse g ? g.data() : null;
                    boolean agrees = h.err() == NO_NODE ? p.expected == null
                            : ok && p.expected != null && Arrays.equals(p.expected, got);
                    if (!agrees) {
                        checks.violation("client " + clientId + " read " + p.path + " after sync from server "
                                + conn.server.sid() + ": err " + h.err() + " data " + text(got) + ", expected "
                                + text(p.expected));
                    }
                }
            }
            case CLOSE -> {
                if (ok) {
                    sessionEnded(false);
                } else {
                    checks.sessionAbandoned(this, sessionId);
                }
                state = State.FINISHED;
                SimClientConn c = conn;
                conn = null;
                if (c != null && c.open) {
                    c.open = false;
                    sim.loop().after(sim.net().delayMs(), () -> c.server.clientClosed(c));
                }
            }
            case SYNC -> {
            }
            case RECONFIG -> {
                sim.note("client " + clientId + " reconfig " + text(p.data) + ": err " + h.err() + " zxid "
                        + Zxid.hex(h.zxid()));
                if (ok) {
                    checks.acked(this, "reconfig " + text(p.data), h.zxid());
                    sim.reconfigured();
                }
            }
        }
        if (h.err() == -112 && state != State.FINISHED) { // SESSIONEXPIRED
            sessionEnded(true);
            drop();
        }
    }

    private static String text(byte[] b) {
        return b == null ? "none" : new String(b, StandardCharsets.UTF_8);
    }
}
