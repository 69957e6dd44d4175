package dev.paddock.storage;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A {@link SimDisk} whose file writes first run a hook (given the file name), to inject failures or races. Shared
 * with other modules' tests through paddock-storage's test-jar.
 */
public final class HookedDisk implements Disk {
    public interface WriteHook {
        void beforeWrite(String name) throws IOException;
    }

    public final SimDisk inner;
    public volatile WriteHook hook = name -> { };

    public HookedDisk(long seed) {
        inner = new SimDisk(seed);
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
        DiskFile f = inner.open(name, create);
        return new DiskFile() {
            @Override
            public long size() throws IOException {
                return f.size();
            }

            @Override
            public void write(long position, ByteBuffer src) throws IOException {
                hook.beforeWrite(name);
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
                f.sync();
            }

            @Override
            public void close() throws IOException {
                f.close();
            }
        };
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
        inner.syncDir();
    }

    @Override
    public String describe(String name) {
        return inner.describe(name);
    }
}
