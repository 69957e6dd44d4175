package dev.paddock.jute;

/** Session states as numbered in watch events. */
public enum KeeperState {
    UNKNOWN(-1), DISCONNECTED(0), NO_SYNC_CONNECTED(1), SYNC_CONNECTED(3), AUTH_FAILED(4), CONNECTED_READ_ONLY(5),
    SASL_AUTHENTICATED(6), EXPIRED(-112), CLOSED(7);

    public final int code;

    KeeperState(int code) {
        this.code = code;
    }

    public static KeeperState of(int code) {
        for (KeeperState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
