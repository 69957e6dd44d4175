package dev.paddock.storage;

import dev.paddock.storage.disk.Disk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes old snapshots and the logs only they needed, keeping the newest {@code retain} snapshots (at least 3)
 * and every log that holds a transaction after the oldest of them.
 *
 * <p>Purge never touches {@code snapshot.*.tmp} files: autopurge runs on its own thread, and a temporary file may
 * be the one the snapshot thread is writing right now. Leftovers of an earlier run are removed by
 * {@link #removeStaleTemporaries} at start-up (recovery), before any snapshot thread exists.
 */
public final class Purge {
    public static final int MIN_RETAIN = 3;

    public record Result(List<String> deletedSnapshots, List<String> deletedLogs) {
    }

    private Purge() {
    }

    public static Result purge(Disk snapDisk, Disk logDisk, int retain) throws IOException {
        retain = Math.max(MIN_RETAIN, retain);
        List<String> snaps = Recovery.snapshotFiles(snapDisk);
        List<String> deletedSnaps = new ArrayList<>();
        List<String> deletedLogs = new ArrayList<>();
        if (snaps.size() <= retain) {
            return new Result(deletedSnaps, deletedLogs);
        }
        long oldestKept = Snapshots.zxidOf(snaps.get(snaps.size() - retain));
        for (String s : snaps.subList(0, snaps.size() - retain)) {
            snapDisk.delete(s);
            deletedSnaps.add(s);
        }
        List<String> logs = Recovery.logFiles(logDisk);
        // A log is still needed if the next one starts after oldestKept + 1: it may hold oldestKept + 1.
        for (int i = 0; i + 1 < logs.size(); i++) {
            if (LogCodec.firstZxid(logs.get(i + 1)) <= oldestKept + 1) {
                logDisk.delete(logs.get(i));
                deletedLogs.add(logs.get(i));
            }
        }
        snapDisk.syncDir();
        logDisk.syncDir();
        return new Result(deletedSnaps, deletedLogs);
    }

    /**
     * Deletes every {@code snapshot.*.tmp}: half-written snapshots of a run that ended. Only safe while no
     * snapshot is being written, i.e. at start-up. Returns the names deleted.
     */
    public static List<String> removeStaleTemporaries(Disk snapDisk) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String n : snapDisk.list()) {
            if (n.startsWith(Snapshots.PREFIX) && n.endsWith(Snapshots.TMP_SUFFIX)) {
                snapDisk.delete(n);
                deleted.add(n);
            }
        }
        if (!deleted.isEmpty()) {
            snapDisk.syncDir();
        }
        return deleted;
    }
}
