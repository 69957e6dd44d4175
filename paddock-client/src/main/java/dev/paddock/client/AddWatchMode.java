package dev.paddock.client;

/** Modes of {@code addWatch}, with their wire numbers. */
public enum AddWatchMode {
    PERSISTENT(0), PERSISTENT_RECURSIVE(1);

    public final int mode;

    AddWatchMode(int mode) {
        this.mode = mode;
    }
}
