package dev.paddock.client;

/** The life cycle of a client: CONNECTING until a session is up, back to CONNECTING while reconnecting. */
public enum ClientState {
    CONNECTING, CONNECTED, CONNECTED_READ_ONLY, AUTH_FAILED, CLOSED;

    public boolean isAlive() {
        return this != CLOSED && this != AUTH_FAILED;
    }

    public boolean isConnected() {
        return this == CONNECTED || this == CONNECTED_READ_ONLY;
    }
}
