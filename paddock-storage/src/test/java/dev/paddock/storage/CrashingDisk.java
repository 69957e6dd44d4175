package dev.paddock.storage;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Wraps a disk and "loses power" after a given number of changing operations (create, write, truncate, sync,
 * rename, delete, directory sync): that operation and every later one throws, so a test can stop a multi-step
 * write at each step in turn and then crash the simulated disk underneath.
 */
final class CrashingDisk implements Disk {
    static final class PowerLoss extends IOException {
        PowerLoss() {
            super("simulated power loss");
        }
    }

    private final Disk inner;
    private long budget;
    private long used;

    CrashingDisk(Disk inner, long budget) {
        this.inner = inner;
        this.budget = budget;
    }

    /** How many changing operations ran (whether or not power was lost). */
    long used() {
        return used;
    }

    boolean crashed() {
        return used > budget;
    }

    private void step() throws PowerLoss {
        used++;
        if (used > budget) {
            throw new PowerLoss();
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
        if (create && !inner.exists(name)) {
            step();
        }
        DiskFile f = inner.open(name, create);
        return new DiskFile() {
            @Override
            public long size() throws IOException {
                return f.size();
            }

            @Override
            public void write(long position, ByteBuffer src) throws IOException {
                step();
                f.write(position, src);
            }

            @Override
            public int read(long position, ByteBuffer dst) throws IOException {
                return f.read(position, dst);
            }

            @Override
            public void truncate(long size) throws IOException {
                step();
                f.truncate(size);
            }

            @Override
            public void sync() throws IOException {
                step();
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
        step();
        inner.rename(from, to);
    }

    @Override
    public void delete(String name) throws IOException {
        step();
        inner.delete(name);
    }

    @Override
    public void syncDir() throws IOException {
        step();
        inner.syncDir();
    }

    @Override
    public String describe(String name) {
        return inner.describe(name);
    }
}
