package dev.paddock.core.watch;

/** How a watch behaves when it fires; one connection may hold several modes on one path. */
public final class WatchMode {
    /** One-shot: removed when it fires. */
    public static final int STANDARD = 1;
    /** Stays after firing; for the path itself. */
    public static final int PERSISTENT = 2;
    /** Stays after firing; for the path and everything below it. */
    public static final int RECURSIVE = 4;
    public static final int ANY = STANDARD | PERSISTENT | RECURSIVE;

    private WatchMode() {
    }
}
