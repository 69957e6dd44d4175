package dev.paddock.quorum.election;

/**
 * A server's role as election notifications carry it. The wire code is ZooKeeper's {@code ServerState.ordinal()}:
 * LOOKING 0, FOLLOWING 1, LEADING 2, OBSERVING 3.
 */
public enum ServerState {
    LOOKING,
    FOLLOWING,
    LEADING,
    OBSERVING;

    public int wireCode() {
        return ordinal();
    }

    /** The state for a wire code, or null for a code ZooKeeper does not know (such a message is dropped). */
    public static ServerState fromWireCode(int code) {
        return switch (code) {
            case 0 -> LOOKING;
            case 1 -> FOLLOWING;
            case 2 -> LEADING;
            case 3 -> OBSERVING;
            default -> null;
        };
    }
}
