package dev.paddock.core.session;

/** A client session as the tracker knows it. */
public final class Session {
    final long id;
    final int timeoutMs;
    long expiresAtMs;
    boolean closing;

    Session(long id, int timeoutMs) {
        this.id = id;
        this.timeoutMs = timeoutMs;
    }

    public long id() {
        return id;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public long expiresAtMs() {
        return expiresAtMs;
    }

    public boolean closing() {
        return closing;
    }
}
