package dev.paddock.storage;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.ForwardingDisk;
import dev.paddock.storage.disk.ForwardingDiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/** Watching a log's writes, for tests of how the log writes: a disk that reports them, and what each write was. */
final class LogWrites {
    private LogWrites() {
    }

    /** Told of each write and sync to a file of a {@link #watched} disk, before it is passed on. */
    interface Watcher {
        /**
         * A write of {@code src} (a view: reading it does not consume the write) at {@code position} of file
         * {@code name}, whose size before it is {@code sizeBefore}.
         */
        default void write(String name, long position, ByteBuffer src, long sizeBefore) throws IOException {
        }

        /** A sync of file {@code name}. */
        default void sync(String name) throws IOException {
        }
    }

    /** {@code inner}, with every write and sync to its files reported to {@code watcher} first. */
    static Disk watched(Disk inner, Watcher watcher) {
        return new ForwardingDisk(inner) {
            @Override
            protected DiskFile wrap(String name, DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public void write(long position, ByteBuffer src) throws IOException {
                        watcher.write(name, position, src.duplicate(), file.size());
                        super.write(position, src);
                    }

                    @Override
                    public void sync() throws IOException {
                        watcher.sync(name);
                        super.sync();
                    }
                };
            }
        };
    }

    /** True if a write of {@code src} at {@code position} put records in a log file: past the header, not zeros. */
    static boolean isRecords(long position, ByteBuffer src) {
        if (position < LogCodec.HEADER_BYTES) {
            return false;
        }
        ByteBuffer d = src.duplicate();
        while (d.hasRemaining()) {
            if (d.get() != 0) {
                return true;
            }
        }
        return false;
    }
}
