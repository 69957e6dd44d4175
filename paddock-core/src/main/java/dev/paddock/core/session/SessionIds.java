package dev.paddock.core.session;

import java.security.MessageDigest;
import java.util.Random;

/**
 * Session ids and passwords as ZooKeeper makes them, so that a session opened on any server of a mixed
 * ensemble (Paddock or ZooKeeper) can be resumed on any other. An id carries the creating server's id in its
 * top byte and is seeded from the time, so ids differ across restarts; the password is derived from the id
 * with ZooKeeper's fixed secret, so every server can check it without having seen the session created.
 */
public final class SessionIds {
    private static final long SECRET = 0xB3415C00L;
    private static final long CONTAINER_OWNER = Long.MIN_VALUE;

    private long next;

    /**
     * @param serverId the top byte of every id handed out (myid; 0 standalone)
     * @param nowMs    seeds the sequence
     */
    public SessionIds(long serverId, long nowMs) {
        long base = (nowMs << 24) >>> 8;
        next = base | (serverId << 56);
        if (next == CONTAINER_OWNER) {
            next++; // that value marks container nodes' owner
        }
    }

    public long next() {
        return next++;
    }

    /** The password a client must present to resume {@code sessionId}. */
    public static byte[] password(long sessionId) {
        byte[] p = new byte[16];
        new Random(sessionId ^ SECRET).nextBytes(p);
        return p;
    }

    public static boolean checkPassword(long sessionId, byte[] password) {
        return sessionId != 0 && password != null && MessageDigest.isEqual(password(sessionId), password);
    }
}
