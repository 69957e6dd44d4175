package dev.paddock.storage.disk;

import java.io.IOException;
import java.util.List;

/**
 * One directory of files, as the storage layer needs it. Durability contract: bytes written to a file are
 * durable only once {@link DiskFile#sync()} returns; a created, renamed or deleted name is durable only once
 * {@link #syncDir()} returns. The real implementation maps this onto fsync; the simulated one loses whatever
 * was not made durable when it "crashes".
 */
public interface Disk {
    /** Names of the regular files in the directory, sorted. */
    List<String> list() throws IOException;

    boolean exists(String name) throws IOException;

    /** Opens a file for reading and writing, creating it (empty) if asked to. */
    DiskFile open(String name, boolean create) throws IOException;

    /**
     * Opens {@code name} empty (created if missing) for a file written once, front to back, in large pieces, and not
     * read back soon, such as a snapshot: the real disk writes it past the OS's cache where the file system allows,
     * so its bytes are not copied into the cache and do not wait there for a sync. Writes must then respect the
     * file's {@link DiskFile#alignment()}.
     */
    default DiskFile openForStreaming(String name) throws IOException {
        DiskFile f = open(name, true);
        f.truncate(0);
        return f;
    }

    /** Atomically replaces {@code to} with {@code from}. */
    void rename(String from, String to) throws IOException;

    void delete(String name) throws IOException;

    void syncDir() throws IOException;

    /** Where this is, for messages. */
    String describe(String name);
}
