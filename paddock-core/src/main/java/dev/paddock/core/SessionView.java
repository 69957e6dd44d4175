package dev.paddock.core;

import java.util.Set;

/** A read-only picture of one session, for four-letter words and the admin API. */
public record SessionView(long sessionId, int timeoutMs, long expiresAtMs, long connectionId, Set<String> ephemerals) {
    /** connectionId is this value while the session has no connection. */
    public static final long NO_CONNECTION = -1;
}
