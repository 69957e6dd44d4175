package dev.paddock.core;

import dev.paddock.core.pipeline.Preparer;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "leader" of a read-only client front (readonlymode.enabled, an ensemble member without a quorum): there is
 * none, so nothing is written. Sessions opened here are local to this server, kept in memory only and expired here
 * by their own timeouts, as ZooKeeper's read-only server keeps them (its local session tracker); sessions of the
 * replicated history (global ones) may not resume here. Requests that would change state are refused with
 * NOTREADONLY before they reach this gateway ({@link #refusesOp}).
 */
public final class ReadOnlyGateway implements LeaderGateway {
    private static final Logger LOG = LoggerFactory.getLogger(ReadOnlyGateway.class);

    private final Set<Long> globalSessions;
    private final boolean localSessionsEnabled;
    /** Local session id → {timeout ms, expiry deadline ms}. */
    private final Map<Long, long[]> local = new HashMap<>();

    /**
     * @param globalSessions       the sessions of the replica as it stands (they cannot resume on a read-only server)
     * @param localSessionsEnabled ZooKeeper's localSessionsEnabled: without it, its read-only server refuses new
     *                             sessions too (only local sessions may be created there)
     */
    public ReadOnlyGateway(Set<Long> globalSessions, boolean localSessionsEnabled) {
        this.globalSessions = Set.copyOf(globalSessions);
        this.localSessionsEnabled = localSessionsEnabled;
    }

    /** The requests ZooKeeper's read-only server refuses with NOTREADONLY: every one that writes, and sync. */
    public static boolean refusesOp(OpCode op) {
        return switch (op) {
            case SYNC, CREATE, CREATE2, CREATE_TTL, CREATE_CONTAINER, DELETE, DELETE_CONTAINER, SET_DATA, RECONFIG,
                 SET_ACL, MULTI, CHECK -> true;
            default -> false;
        };
    }

    /**
     * Whether a connect request may go on: only from clients that accept a read-only server, and never to resume
     * a global session or (without local sessions) to open a new one. Logs the refusal.
     */
    boolean admits(ClientConnection conn, long sessionId) {
        if (!conn.canBeReadOnly()) {
            LOG.info("Refusing session request for not-read-only client {}", conn.remoteAddress());
            return false;
        }
        if (sessionId != 0 && globalSessions.contains(sessionId)) {
            LOG.info("Refusing global session reconnection in RO mode {} (session 0x{})", conn.remoteAddress(),
                    Long.toHexString(sessionId));
            return false;
        }
        if (sessionId == 0 && !localSessionsEnabled) {
            LOG.info("Refusing a new session from {} in RO mode: only local sessions can be created there"
                    + " (localSessionsEnabled=false)", conn.remoteAddress());
            return false;
        }
        return true;
    }

    @Override
    public void createSession(long sessionId, int timeoutMs, long nowMs) {
        local.put(sessionId, new long[] {timeoutMs, nowMs + timeoutMs});
    }

    @Override
    public void closeSession(long sessionId, int cxid, long nowMs) {
        local.remove(sessionId);
    }

    @Override
    public void write(OpCode op, JuteRecord body, Preparer.Caller caller, long nowMs) {
        throw new IllegalStateException("a read-only front refuses " + op + " before it gets here");
    }

    @Override
    public boolean touch(long sessionId, int timeoutMs, long nowMs) {
        long[] s = local.get(sessionId);
        if (s == null) {
            return false;
        }
        s[1] = Math.max(s[1], nowMs + s[0]);
        return true;
    }

    @Override
    public Validity revalidate(long sessionId, int timeoutMs, long nowMs) {
        return touch(sessionId, timeoutMs, nowMs) ? Validity.VALID : Validity.INVALID;
    }

    @Override
    public boolean sync(long sessionId, int cxid, String path, long nowMs) {
        return true; // refused before it gets here
    }

    @Override
    public void applied(LoggedTxn txn) {
        // nothing is applied while read-only
    }

    /** The local sessions not heard from within their timeout, now forgotten. */
    List<Long> expire(long nowMs) {
        List<Long> expired = new ArrayList<>();
        local.entrySet().removeIf(e -> {
            if (e.getValue()[1] <= nowMs) {
                expired.add(e.getKey());
                return true;
            }
            return false;
        });
        return expired;
    }

    /** Open local sessions. */
    public int localSessionCount() {
        return local.size();
    }
}
