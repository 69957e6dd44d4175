package dev.paddock.jute;

/** The modes of addWatch. */
public enum AddWatchMode {
    PERSISTENT(0), PERSISTENT_RECURSIVE(1);

    public final int code;

    AddWatchMode(int code) {
        this.code = code;
    }

    public static AddWatchMode of(int code) {
        return code == 0 ? PERSISTENT : code == 1 ? PERSISTENT_RECURSIVE : null;
    }
}
