package dev.paddock.storage;

import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.ForwardingDisk;
import dev.paddock.storage.disk.ForwardingDiskFile;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link SimDisk} whose file writes first run a hook (given the file name), to inject failures or races. Shared
 * with other modules' tests through paddock-storage's test-jar.
 */
public final class HookedDisk extends ForwardingDisk {
    public interface WriteHook {
        void beforeWrite(String name) throws IOException;
    }

    public final SimDisk inner;
    public volatile WriteHook hook = name -> { };

    public HookedDisk(long seed) {
        this(new SimDisk(seed));
    }

    private HookedDisk(SimDisk inner) {
        super(inner);
        this.inner = inner;
    }

    @Override
    protected DiskFile wrap(String name, DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void write(long position, ByteBuffer src) throws IOException {
                hook.beforeWrite(name);
                super.write(position, src);
            }
        };
    }
}
