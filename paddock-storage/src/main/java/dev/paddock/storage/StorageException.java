package dev.paddock.storage;

import java.io.IOException;

/** The data on disk cannot be trusted: a checksum failed, a record is malformed, or transactions are missing. */
public final class StorageException extends IOException {
    public StorageException(String message) {
        super(message);
    }
}
