package dev.paddock.storage;

import java.io.IOException;

/**
 * A truncation (Zab's TRUNC) this disk cannot carry out: the state at the requested zxid cannot be rebuilt from
 * what it holds (the zxid is neither logged nor a snapshot's, or every snapshot is newer). Nothing was changed;
 * the server needs a full snapshot from the leader instead.
 */
public final class TruncationRefusedException extends IOException {
    public TruncationRefusedException(String message) {
        super(message);
    }
}
