package dev.paddock.server.faults;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link Disk} whose every sync (of a file, and of the directory) first waits {@code disk.delayMs}: a slow disk,
 * as the storage layer sees it, without touching the storage layer. Everything else passes straight through.
 */
public final class SlowDisk implements Disk {
    private final Disk inner;
    private final FaultControl control;

    public SlowDisk(Disk inner, FaultControl control) {
        this.inner = inner;
        this.control = control;
    }

    /** {@code disk} itself when the hooks are off ({@code control} null), else it wrapped. */
    public static Disk wrap(Disk disk, FaultControl control) {
        return control == null ? disk : new SlowDisk(disk, control);
    }

    /** Waits the configured delay; an interrupt becomes the IOException a blocked fsync would end in. */
    void beforeSync() throws IOException {
        long ms = control.settings().diskDelayMs();
        if (ms > 0) {
            try {
                control.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted in the injected disk delay");
            }
        }
    }

    @Override
    public List<String> list() throws IOException {
        return inner.list();
    }

    @Override
    public boolean exists(String name) throws IOException {
        return inner.exists(name);
    }

    @Override
    public DiskFile open(String name, boolean create) throws IOException {
        return new SlowFile(inner.open(name, create));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        inner.rename(from, to);
    }

    @Override
    public void delete(String name) throws IOException {
        inner.delete(name);
    }

    @Override
    public void syncDir() throws IOException {
        beforeSync();
        inner.syncDir();
    }

    @Override
    public String describe(String name) {
        return inner.describe(name);
    }

    private final class SlowFile implements DiskFile {
        private final DiskFile f;

        SlowFile(DiskFile f) {
            this.f = f;
        }

        @Override
        public long size() throws IOException {
            return f.size();
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            f.write(position, src);
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            return f.read(position, dst);
        }

        @Override
        public void truncate(long size) throws IOException {
            f.truncate(size);
        }

        @Override
        public void sync() throws IOException {
            beforeSync();
            f.sync();
        }

        @Override
        public void close() throws IOException {
            f.close();
        }
    }
}
