package dev.paddock.storage;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.ForwardingDisk;
import dev.paddock.storage.disk.ForwardingDiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Wraps a disk and "loses power" after a given number of changing operations (create, write, truncate, sync,
 * rename, delete, directory sync): that operation and every later one throws, so a test can stop a multi-step
 * write at each step in turn and then crash the simulated disk underneath.
 */
final class CrashingDisk extends ForwardingDisk {
    static final class PowerLoss extends IOException {
        PowerLoss() {
            super("simulated power loss");
        }
    }

    private long budget;
    private long used;

    CrashingDisk(Disk inner, long budget) {
        super(inner);
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
    public DiskFile open(String name, boolean create) throws IOException {
        if (create && !delegate().exists(name)) {
            step();
        }
        return super.open(name, create);
    }

    @Override
    protected DiskFile wrap(String name, DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void write(long position, ByteBuffer src) throws IOException {
                step();
                super.write(position, src);
            }

            @Override
            public void truncate(long size) throws IOException {
                step();
                super.truncate(size);
            }

            @Override
            public void sync() throws IOException {
                step();
                super.sync();
            }
        };
    }

    @Override
    public void rename(String from, String to) throws IOException {
        step();
        super.rename(from, to);
    }

    @Override
    public void delete(String name) throws IOException {
        step();
        super.delete(name);
    }

    @Override
    public void syncDir() throws IOException {
        step();
        super.syncDir();
    }
}
