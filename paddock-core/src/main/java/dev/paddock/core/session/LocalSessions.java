package dev.paddock.core.session;

import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.proto.CreateRequest;
import java.util.Collection;
import java.util.List;

/**
 * The sessions one ensemble member keeps to itself (localSessionsEnabled): created, touched, expired and closed
 * here without a quorum transaction. The leader never hears of them unless one is upgraded (it creates an
 * ephemeral node), which makes it a global session and ends its tracking here.
 */
public final class LocalSessions {
    private final SessionTracker tracker;

    public LocalSessions(int tickMs) {
        this.tracker = new SessionTracker(tickMs);
    }

    public void add(long sessionId, int timeoutMs, long nowMs) {
        tracker.add(sessionId, timeoutMs, nowMs);
    }

    /** Whether the session is local to this server (closing ones included, as ZooKeeper tracks them). */
    public boolean contains(long sessionId) {
        return tracker.get(sessionId) != null;
    }

    /** Extends a local session by {@code timeoutMs}; false when it is not local here or is closing. */
    public boolean touch(long sessionId, int timeoutMs, long nowMs) {
        return tracker.touch(sessionId, timeoutMs, nowMs);
    }

    /**
     * Stops tracking the session here because it becomes global: the timeout it was created with, which its
     * createSession transaction is to carry, or -1 when it is not local here (already upgraded, or gone).
     */
    public int upgrade(long sessionId) {
        Session s = tracker.get(sessionId);
        if (s == null) {
            return -1;
        }
        tracker.remove(sessionId);
        return s.timeoutMs();
    }

    public void remove(long sessionId) {
        tracker.remove(sessionId);
    }

    /** Local sessions whose deadline has passed; they are forgotten. */
    public List<Session> expire(long nowMs) {
        List<Session> out = tracker.expire(nowMs);
        out.forEach(s -> tracker.remove(s.id()));
        return out;
    }

    public int count() {
        return tracker.size();
    }

    public Collection<Session> all() {
        return tracker.all();
    }

    /**
     * Whether a request needs a global session, as ZooKeeper decides it: a create or create2 in an ephemeral mode,
     * or a multi holding one (TTL and container creates never do).
     */
    public static boolean createsEphemeral(OpCode op, JuteRecord body) {
        if (op == OpCode.MULTI && body instanceof MultiRequest multi) {
            for (MultiOp sub : multi.ops()) {
                if (createsEphemeral(sub.type(), sub.request())) {
                    return true;
                }
            }
            return false;
        }
        if ((op == OpCode.CREATE || op == OpCode.CREATE2) && body instanceof CreateRequest r) {
            CreateMode mode = CreateMode.of(r.flags());
            return mode != null && mode.ephemeral;
        }
        return false;
    }

    /** The server id a session id was handed out by (its top byte, sign-extended as ZooKeeper reads it). */
    public static long serverOf(long sessionId) {
        return sessionId >> 56;
    }
}
