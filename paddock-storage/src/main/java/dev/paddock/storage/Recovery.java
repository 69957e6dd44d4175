package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.session.AppliedSessions;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.Xids;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the server's state: the newest snapshot that verifies, then every logged transaction after it.
 * Replay is idempotent, because a fuzzy snapshot may already hold some of those transactions.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * What recovery produced. {@code snapshotZxid} is -1 when it started from an empty tree; {@code snapshotLoadMs}
     * and {@code replayMs} time the two steps (ZooKeeper's startup_snap_load_time and startup_txns_load_time).
     */
    public record Result(DataTree tree, Map<Long, Integer> sessions, long snapshotZxid, int replayed,
                         List<String> warnings, long snapshotLoadMs, long replayMs) {
        public long lastZxid() {
            return tree.lastProcessedZxid();
        }
    }

    /**
     * @param trustEmptySnapshot start from the logs alone when there is no snapshot (ZooKeeper's
     *                           zookeeper.snapshot.trust.empty)
     * @param truncateCorruptLog cut a corrupt log at its last good record instead of refusing to start
     * @param dryRun             change nothing on disk (for verify): report a torn tail instead of cutting it
     */
    public record Options(boolean trustEmptySnapshot, boolean truncateCorruptLog, boolean dryRun) {
        public Options(boolean trustEmptySnapshot, boolean truncateCorruptLog) {
            this(trustEmptySnapshot, truncateCorruptLog, false);
        }
    }

    private Recovery() {
    }

    public static List<String> logFiles(Disk disk) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : disk.list()) {
            if (LogCodec.firstZxid(n) >= 0) {
                out.add(n);
            }
        }
        return out;
    }

    public static List<String> snapshotFiles(Disk disk) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : disk.list()) {
            if (Snapshots.zxidOf(n) >= 0) {
                out.add(n);
            }
        }
        return out;
    }

    /**
     * Loads the newest good snapshot and replays the logs after it. Unless {@code options.dryRun()}, it also
     * cuts a torn log tail and deletes leftover {@code snapshot.*.tmp} files, so no snapshot may be being written
     * while it runs (at start-up none is; a later recovery, after a log truncation, must make sure of it).
     */
    public static Result recover(Disk snapDisk, Disk logDisk, Options options) throws IOException {
        List<String> warnings = new ArrayList<>();
        if (!options.dryRun()) {
            // Recovery runs before any snapshot thread: a temporary snapshot now is a leftover of a crash.
            for (String stale : Purge.removeStaleTemporaries(snapDisk)) {
                LOG.info("Removed unfinished snapshot {} left by an earlier run", snapDisk.describe(stale));
            }
        }
        long startNs = System.nanoTime();
        List<String> snaps = snapshotFiles(snapDisk);
        Snapshots.Loaded loaded = null;
        for (int i = snaps.size() - 1; i >= 0 && loaded == null; i--) {
            try {
                loaded = Snapshots.read(snapDisk, snaps.get(i));
            } catch (StorageException e) {
                String w = e.getMessage() + "; falling back to an older snapshot";
                LOG.warn(w);
                warnings.add(w);
            }
        }
        List<String> logs = logFiles(logDisk);
        DataTree tree;
        Map<Long, Integer> sessions;
        long snapZxid;
        if (loaded != null) {
            tree = loaded.tree();
            sessions = new HashMap<>(loaded.sessions());
            snapZxid = loaded.zxid();
            LOG.info("Loaded snapshot {} ({} nodes, {} sessions) at zxid 0x{}", snapDisk.describe(
                    Snapshots.fileName(snapZxid)), loaded.nodes(), sessions.size(), Long.toHexString(snapZxid));
        } else {
            if (!logs.isEmpty() && !options.trustEmptySnapshot()) {
                throw new StorageException("no valid snapshot in " + snapDisk.describe("") + " but "
                        + logs.size() + " transaction log(s) exist in " + logDisk.describe("")
                        + "; refusing to start. Set zookeeper.snapshot.trust.empty=true to rebuild from the logs alone");
            }
            tree = new DataTree();
            sessions = new HashMap<>();
            snapZxid = -1;
        }
        long loadedNs = System.nanoTime();
        int replayed = replay(logDisk, logs, tree, sessions, snapZxid, options, warnings);
        return new Result(tree, sessions, snapZxid, replayed, warnings, (loadedNs - startNs) / 1_000_000,
                (System.nanoTime() - loadedNs) / 1_000_000);
    }

    /**
     * Replays the logs after {@code snapZxid} (-1: no snapshot, start from an empty tree). Zxids must follow on
     * from the snapshot without a gap within an epoch, including after snapshot.0. Without any snapshot (trusted
     * empty) the first logged zxid is taken as it comes.
     */
    private static int replay(Disk disk, List<String> logs, DataTree tree, Map<Long, Integer> sessions,
                              long snapZxid, Options options, List<String> warnings) throws IOException {
        long fromZxid = Math.max(snapZxid, 0);
        boolean anchored = snapZxid >= 0;
        int start = 0;
        for (int i = 0; i < logs.size(); i++) {
            if (LogCodec.firstZxid(logs.get(i)) <= fromZxid + 1) {
                start = i;
            }
        }
        Applier applier = new Applier(tree);
        long[] last = {fromZxid};
        int[] count = {0};
        for (int i = start; i < logs.size(); i++) {
            String name = logs.get(i);
            boolean newest = i == logs.size() - 1;
            StorageException[] gap = {null};
            LogReader.Scan scan = LogReader.scan(disk, name, last[0], t -> {
                if (t.zxid() <= last[0] || gap[0] != null) {
                    return;
                }
                boolean checked = anchored || count[0] > 0;
                if (checked && Xids.epochOf(t.zxid()) == Xids.epochOf(last[0]) && t.zxid() != last[0] + 1) {
                    gap[0] = new StorageException("transactions 0x" + Long.toHexString(last[0] + 1) + " to 0x"
                            + Long.toHexString(t.zxid() - 1) + " are missing before " + disk.describe(name));
                    return;
                }
                apply(applier, t, sessions);
                last[0] = t.zxid();
                count[0]++;
            });
            if (gap[0] != null) {
                throw gap[0];
            }
            if (scan.clean()) {
                continue;
            }
            String where = disk.describe(name) + " at offset " + scan.badOffset();
            if (newest && crashLeftover(disk, name, scan)) {
                String w = "Truncating torn tail of transaction log " + where + " (" + scan.problem()
                        + "); the last write before the crash was incomplete";
                LOG.warn(w);
                warnings.add(w);
                if (!options.dryRun()) {
                    truncate(disk, name, scan.validEnd(), scan.records() == 0);
                }
            } else if (options.truncateCorruptLog() && !options.dryRun()) {
                String w = "Corrupt transaction log " + where + " (" + scan.problem() + "); as configured, cutting"
                        + " the log back to zxid 0x" + Long.toHexString(last[0]) + " and setting later logs aside";
                LOG.error(w);
                warnings.add(w);
                truncate(disk, name, scan.validEnd(), scan.records() == 0);
                for (int j = i + 1; j < logs.size(); j++) {
                    disk.rename(logs.get(j), logs.get(j) + ".corrupt");
                }
                disk.syncDir();
                break;
            } else {
                throw new StorageException("Corrupt transaction log " + where + ": " + scan.problem()
                        + ". The last good transaction is 0x" + Long.toHexString(last[0])
                        + ". To start from there (losing what follows), set paddock.recovery.truncateCorruptLog=true");
            }
        }
        return count[0];
    }

    /**
     * Whether the bad record of the newest log can be what a crash left: nothing valid after it (a torn last
     * write), or it lies past the extent the header says was synced. Unsynced writes reach the disk in any order,
     * so a crash can leave a later record whole and an earlier one torn; only damage before the synced end, with
     * valid records after it, is corruption of data that had been made durable.
     */
    private static boolean crashLeftover(Disk disk, String name, LogReader.Scan scan) throws IOException {
        if (scan.tornTail()) {
            return true;
        }
        long syncedEnd = syncedEnd(disk, name);
        return syncedEnd >= LogCodec.HEADER_BYTES && scan.badOffset() >= syncedEnd;
    }

    /** The synced end recorded in a log's header, or 0 when unknown. */
    static long syncedEnd(Disk disk, String name) throws IOException {
        try (DiskFile f = disk.open(name, false)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8);
            while (b.hasRemaining()) {
                if (f.read(LogCodec.SYNCED_END_AT + b.position(), b) < 0) {
                    return 0;
                }
            }
            return b.flip().getLong();
        }
    }

    private static void truncate(Disk disk, String name, long validEnd, boolean empty) throws IOException {
        if (empty) {
            disk.delete(name);
            disk.syncDir();
            return;
        }
        try (DiskFile f = disk.open(name, false)) {
            f.truncate(validEnd);
            f.sync();
        }
    }

    static void apply(Applier applier, LoggedTxn t, Map<Long, Integer> sessions) {
        AppliedSessions.track(sessions, t.header(), t.txn());
        applier.apply(t.header(), t.txn(), TreeEvents.NONE);
    }
}
