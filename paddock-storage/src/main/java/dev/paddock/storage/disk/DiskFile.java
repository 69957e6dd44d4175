package dev.paddock.storage.disk;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file of a {@link Disk}. Positional reads and writes; not thread-safe. */
public interface DiskFile extends Closeable {
    long size() throws IOException;

    /** Writes all of {@code src} at {@code position}, growing the file if needed. */
    void write(long position, ByteBuffer src) throws IOException;

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns the count, -1 at the end. */
    int read(long position, ByteBuffer dst) throws IOException;

    void truncate(long size) throws IOException;

    /** When this returns, everything written so far is durable. */
    void sync() throws IOException;

    /**
     * What writes must be aligned to, in bytes: 1 for an ordinary file. A file that {@link Disk#openForStreaming}
     * opened past the OS's cache may need more: then each write's position, its length and its buffer's address
     * (a direct buffer) must be multiples of it.
     */
    default int alignment() {
        return 1;
    }
}
