package dev.paddock.server.faults;

import dev.paddock.storage.Storage;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.RealDisk;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the server's {@link Storage}: exactly {@link Storage#open} when the hooks are off, else the same real
 * directories behind {@link SlowDisk}s, so the delay lands on every fsync of the log and of the snapshots.
 */
public final class FaultyStorage {
    private static final Logger LOG = LoggerFactory.getLogger(FaultyStorage.class);

    private FaultyStorage() {
    }

    public static Storage open(Path dataDir, Path dataLogDir, Storage.Config config, FaultControl control)
            throws IOException {
        if (control == null) {
            return Storage.open(dataDir, dataLogDir, config);
        }
        if (!config.forceSync()) {
            LOG.warn("forceSync=no: the transaction log is NOT fsynced; acknowledged writes can be lost on power failure");
        }
        Disk snaps = SlowDisk.wrap(new RealDisk(dataDir.resolve(Storage.SUBDIR), config.forceSync()), control);
        Disk logs = dataLogDir.equals(dataDir) ? snaps
                : SlowDisk.wrap(new RealDisk(dataLogDir.resolve(Storage.SUBDIR), config.forceSync()), control);
        return new Storage(snaps, logs, config, System.nanoTime());
    }
}
