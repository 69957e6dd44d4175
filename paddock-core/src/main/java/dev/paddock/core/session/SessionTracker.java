package dev.paddock.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Session timeouts with bucketed expiry: a session's deadline is rounded up to the next multiple of the tick,
 * so expiry is checked once per tick for a whole bucket. No clock inside: every call takes the time. Sessions are
 * found by their id on every request, so they are kept in a map of primitive longs (no boxed id per look-up).
 */
public final class SessionTracker {
    private final int tickMs;
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>(16, 0.65f, false);
    private final TreeMap<Long, Set<Long>> buckets = new TreeMap<>();

    public SessionTracker(int tickMs) {
        this.tickMs = tickMs;
    }

    private long bucketFor(long timeMs) {
        return (timeMs / tickMs + 1) * tickMs;
    }

    /** Starts tracking (or re-tracks, on recovery) a session and gives it a full timeout from now. */
    public Session add(long id, int timeoutMs, long nowMs) {
        Session s = sessions.get(id);
        if (s == null) {
            s = new Session(id, timeoutMs);
            sessions.put(id, s);
        }
        touch(id, nowMs);
        return s;
    }

    /** Pushes the deadline out by the session's own timeout; false when the session is unknown or closing. */
    public boolean touch(long id, long nowMs) {
        Session s = sessions.get(id);
        return s != null && touch(id, s.timeoutMs, nowMs);
    }

    /**
     * Pushes the deadline out by {@code timeoutMs}: the timeout negotiated by the connection the session is on
     * now. As in ZooKeeper, a reconnect may negotiate another timeout than the session was created with; from
     * then on its pings and requests extend it by the new one, while the session keeps its recorded timeout
     * (what snapshots, expiry messages and session listings show). False when unknown or closing.
     */
    public boolean touch(long id, int timeoutMs, long nowMs) {
        Session s = sessions.get(id);
        if (s == null || s.closing) {
            return false;
        }
        long expires = bucketFor(nowMs + timeoutMs);
        if (expires != s.expiresAtMs) {
            unbucket(s);
            s.expiresAtMs = expires;
            buckets.computeIfAbsent(expires, k -> new LinkedHashSet<>()).add(id);
        }
        return true;
    }

    private void unbucket(Session s) {
        Set<Long> b = buckets.get(s.expiresAtMs);
        if (b != null) {
            b.remove(s.id);
            if (b.isEmpty()) {
                buckets.remove(s.expiresAtMs);
            }
        }
    }

    public Session get(long id) {
        return sessions.get(id);
    }

    public void setClosing(long id) {
        Session s = sessions.get(id);
        if (s != null) {
            s.closing = true;
            unbucket(s);
        }
    }

    public void remove(long id) {
        Session s = sessions.remove(id);
        if (s != null) {
            unbucket(s);
        }
    }

    /** Sessions whose deadline has passed, in deadline order; each is marked closing. */
    public List<Session> expire(long nowMs) {
        List<Session> out = new ArrayList<>();
        while (!buckets.isEmpty() && buckets.firstKey() <= nowMs) {
            for (long id : buckets.pollFirstEntry().getValue()) {
                Session s = sessions.get(id);
                s.closing = true;
                out.add(s);
            }
        }
        return out;
    }

    public Collection<Session> all() {
        return Collections.unmodifiableCollection(sessions.values());
    }

    public int size() {
        return sessions.size();
    }
}
