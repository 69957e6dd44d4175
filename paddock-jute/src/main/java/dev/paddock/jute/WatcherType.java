package dev.paddock.jute;

/** The watch kinds named by checkWatches/removeWatches. */
public enum WatcherType {
    CHILDREN(1), DATA(2), ANY(3), PERSISTENT(4), PERSISTENT_RECURSIVE(5);

    public final int code;

    WatcherType(int code) {
        this.code = code;
    }

    public static WatcherType of(int code) {
        for (WatcherType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
