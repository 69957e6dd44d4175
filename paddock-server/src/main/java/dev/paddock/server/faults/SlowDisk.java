package dev.paddock.server.faults;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.ForwardingDisk;
import dev.paddock.storage.disk.ForwardingDiskFile;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * A {@link Disk} whose every sync (of a file, and of the directory) first waits {@code disk.delayMs}: a slow disk,
 * as the storage layer sees it, without touching the storage layer. Everything else passes straight through.
 */
public final class SlowDisk extends ForwardingDisk {
    private final FaultControl control;

    public SlowDisk(Disk inner, FaultControl control) {
        super(inner);
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
    protected DiskFile wrap(String name, DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void sync() throws IOException {
                beforeSync();
                super.sync();
            }
        };
    }

    @Override
    public void syncDir() throws IOException {
        beforeSync();
        super.syncDir();
    }
}
