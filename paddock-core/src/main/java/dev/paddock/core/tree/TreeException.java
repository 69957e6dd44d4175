package dev.paddock.core.tree;

import dev.paddock.jute.ErrorCode;

/** A tree operation refused with one of ZooKeeper's error codes. Cheap: no stack trace. */
public final class TreeException extends Exception {
    private final ErrorCode code;

    public TreeException(ErrorCode code, String path) {
        super(code.message + (path == null ? "" : " for " + path), null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
