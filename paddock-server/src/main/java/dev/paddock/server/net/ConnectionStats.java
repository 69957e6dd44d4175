package dev.paddock.server.net;

import dev.paddock.jute.OpCode;
import dev.paddock.server.limits.AvgMinMax;

/**
 * Per-connection counters for cons/stat: packets, requests waiting for a reply, and the last reply's
 * operation, cxid, zxid, time and latency. Requests are remembered in arrival order until their reply
 * leaves, which gives each reply its latency. Thread-safe (arrivals on an I/O thread, replies on the core
 * thread, reads by four-letter words).
 */
public final class ConnectionStats {
    /** Requests tracked per connection; older ones (which got no reply) are forgotten beyond this. */
    static final int MAX_PENDING = 10_000;

    private final long establishedMs = System.currentTimeMillis();
    private final PendingRequests pending = new PendingRequests();

    private long packetsReceived;
    private long packetsSent;
    private long outstanding;
    /** The server-wide count of requests waiting for a reply, kept in step with {@link #outstanding}; or null. */
    private java.util.concurrent.atomic.AtomicLong global;
    private final AvgMinMax latencies = new AvgMinMax();
    private String lastOp;
    private long lastCxid;
    private long lastZxid;
    private long lastResponseTime;
    private long lastLatency;
    /** Whether the request last answered was a write. */
    private boolean lastWasUpdate;

    public ConnectionStats() {
        reset();
    }

    public synchronized void packetReceived() {
        packetsReceived++;
    }

    public synchronized void packetSent() {
        packetsSent++;
    }

    /** A request arrived. Requests with xid &lt;= 0 (pings, auth, set-watches) do not count as outstanding. */
    public synchronized void requestReceived(int xid, String op, long nowMs) {
        requestReceived(xid, op, nowMs, false);
    }

    /** As above; {@code update}: a write, whose latency ZooKeeper books as updatelatency (reads: readlatency). */
    public synchronized void requestReceived(int xid, String op, long nowMs, boolean update) {
        if (pending.size() >= MAX_PENDING) {
            int dropped = pending.oldestXid(); // never answered: stop tracking it
            pending.removeOldest();
            if (dropped > 0 && outstanding > 0) {
                addOutstanding(-1);
            }
        }
        pending.add(xid, op, nowMs, update);
        if (xid > 0) {
            addOutstanding(1);
        }
    }

    /**
     * A reply with {@code xid} left. Returns its latency in ms, or -1 when no request with that xid was waiting
     * (e.g. a watch notification); the latency also goes to {@code server} (request latency, read or update).
     */
    public long replySent(int xid, long zxid, long nowMs, ServerStats server) {
        long latency;
        boolean update;
        synchronized (this) {
            latency = replySent(xid, zxid, nowMs);
            update = lastWasUpdate;
        }
        if (latency >= 0) {
            server.latency(latency, update);
        }
        return latency;
    }

    public synchronized long replySent(int xid, long zxid, long nowMs) {
        int k = pending.find(xid);
        if (k < 0) {
            return -1;
        }
        String op = pending.op(k);
        long latency = Math.max(0, nowMs - pending.receivedMs(k));
        lastWasUpdate = pending.update(k);
        pending.remove(k);
        if (xid > 0 && outstanding > 0) {
            addOutstanding(-1);
        }
        record(xid, zxid, op, nowMs, latency);
        return latency;
    }

    private void addOutstanding(int delta) {
        outstanding += delta;
        if (global != null) {
            global.addAndGet(delta);
        }
    }

    /** From now on, changes of the outstanding count are added to {@code total} too (which gets the current one). */
    public synchronized void countInto(java.util.concurrent.atomic.AtomicLong total) {
        global = total;
        total.addAndGet(outstanding);
    }

    /** The connection is gone: its requests no longer count in the server-wide total. */
    public synchronized void stopCounting() {
        if (global != null) {
            global.addAndGet(-outstanding);
            global = null;
        }
    }

    private void record(long cxid, long zxid, String op, long nowMs, long latency) {
        if (cxid >= 0) {
            lastCxid = cxid;
        }
        lastZxid = zxid;
        lastOp = op;
        lastResponseTime = nowMs;
        lastLatency = latency;
        latencies.add(latency);
    }

    /** The connect handshake was answered: ZooKeeper books it as operation SESS with cxid 0. */
    public synchronized long sessionEstablished(long connectReceivedMs, long nowMs) {
        long latency = Math.max(0, nowMs - connectReceivedMs);
        record(0, lastZxid, "SESS", nowMs, latency);
        return latency;
    }

    /** crst. */
    public synchronized void reset() {
        packetsReceived = 0;
        packetsSent = 0;
        latencies.reset();
        lastOp = "NA";
        lastCxid = -1;
        lastZxid = -1;
        lastResponseTime = 0;
        lastLatency = 0;
    }

    public long establishedMs() {
        return establishedMs;
    }

    public synchronized long packetsReceived() {
        return packetsReceived;
    }

    public synchronized long packetsSent() {
        return packetsSent;
    }

    public synchronized long outstanding() {
        return outstanding;
    }

    public synchronized long minLatency() {
        return latencies.min();
    }

    public synchronized long avgLatency() {
        return latencies.meanFloor();
    }

    public synchronized long maxLatency() {
        return latencies.max();
    }

    public synchronized String lastOp() {
        return lastOp;
    }

    public synchronized long lastCxid() {
        return lastCxid;
    }

    public synchronized long lastZxid() {
        return lastZxid;
    }

    public synchronized long lastResponseTime() {
        return lastResponseTime;
    }

    public synchronized long lastLatency() {
        return lastLatency;
    }

    /** The short operation names ZooKeeper shows as "lop" in cons. */
    public static String opName(OpCode op, int type) {
        if (op == null) {
            return "NA";
        }
        return switch (op) {
            case PING -> "PING";
            case CREATE_SESSION -> "SESS";
            case MULTI -> "MULT";
            case MULTI_READ -> "MLTR";
            case CREATE, CREATE2, CREATE_TTL, CREATE_CONTAINER -> "CREA";
            case DELETE, DELETE_CONTAINER -> "DELE";
            case SET_DATA -> "SETD";
            case RECONFIG -> "RECO";
            case SET_ACL -> "SETA";
            case CLOSE_SESSION -> "CLOS";
            case SYNC -> "SYNC";
            case CHECK -> "CHEC";
            case EXISTS -> "EXIS";
            case GET_DATA -> "GETD";
            case SET_WATCHES -> "SETW";
            case SET_WATCHES2 -> "STW2";
            case ADD_WATCH -> "ADDW";
            case GET_ACL -> "GETA";
            case GET_CHILDREN, GET_CHILDREN2 -> "GETC";
            case GET_ALL_CHILDREN_NUMBER -> "GETACN";
            case CHECK_WATCHES -> "CHKW";
            case REMOVE_WATCHES -> "REMW";
            case WHO_AM_I -> "HOMI";
            case GET_EPHEMERALS -> "GETE";
            case AUTH, SASL, NOTIFICATION, ERROR -> "NA";
        };
    }
}
