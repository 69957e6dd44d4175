package dev.paddock.server;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and how the data lives: directories, snapshots, log pre-allocation, fsync, purge and recovery options.
 *
 * @param preAllocSizeKb       log pre-allocation, KiB (zoo.cfg {@code preAllocSize})
 * @param purgeInterval        hours between purges; 0 disables
 * @param trustEmptySnapshot   snapshot.trust.empty: start from the logs alone when no snapshot exists
 * @param truncateCorruptLog   paddock.recovery.truncateCorruptLog: cut a corrupt log at its last good record
 */
public record StorageSettings(Path dataDir, Path dataLogDir, int snapRetainCount, int purgeInterval, int snapCount,
        long preAllocSizeKb, boolean forceSync, boolean trustEmptySnapshot, boolean truncateCorruptLog) {
    private static final Logger LOG = LoggerFactory.getLogger(StorageSettings.class);

    public static final int DEFAULT_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_SNAP_COUNT = 100_000;
    public static final long DEFAULT_PREALLOC_SIZE_KB = 65_536;

    static StorageSettings parse(ConfigSource src) {
        ConfigSource.Value dd = src.lookup("dataDir");
        if (dd == null) {
            throw new ConfigException("dataDir is not set (" + src.name() + ")");
        }
        Path dataDir = src.path(dd);
        ConfigSource.Value dl = src.lookup("dataLogDir");
        Path dataLogDir = dl == null ? dataDir : src.path(dl);

        int snapRetainCount = src.intValue("autopurge.snapRetainCount", DEFAULT_SNAP_RETAIN_COUNT, Integer.MIN_VALUE);
        if (snapRetainCount < DEFAULT_SNAP_RETAIN_COUNT) {
            LOG.warn("autopurge.snapRetainCount={} is below the minimum; using {}", snapRetainCount,
                    DEFAULT_SNAP_RETAIN_COUNT);
            snapRetainCount = DEFAULT_SNAP_RETAIN_COUNT;
        }
        int purgeInterval = src.intValue("autopurge.purgeInterval", 0, Integer.MIN_VALUE);
        int snapCount = src.intValue("snapCount", DEFAULT_SNAP_COUNT, 2);
        long preAllocSizeKb = src.longValue("preAllocSize", DEFAULT_PREALLOC_SIZE_KB, 1);
        boolean forceSync = src.yesNoValue("forceSync", true);
        boolean trustEmptySnapshot = src.boolValue("snapshot.trust.empty", false);
        boolean truncateCorruptLog = src.boolValue("recovery.truncateCorruptLog", false,
                "paddock.recovery.truncateCorruptLog");
        return new StorageSettings(dataDir, dataLogDir, snapRetainCount, purgeInterval, snapCount, preAllocSizeKb,
                forceSync, trustEmptySnapshot, truncateCorruptLog);
    }
}
