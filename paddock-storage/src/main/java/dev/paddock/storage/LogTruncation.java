package dev.paddock.storage;

import dev.paddock.jute.JuteOutput;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the history back to a zxid, for Zab's TRUNC: afterwards the log ends exactly at that zxid and no snapshot
 * newer than it remains, so recovery rebuilds the state as of that zxid.
 *
 * <p>Order matters for crashes. Snapshots newer than the zxid go first (a recovery that found one would start
 * from state that includes the discarded txns, with no log after it to notice). Then log files wholly after
 * the zxid are deleted newest first, each deletion made durable before the next, so what is left is always a
 * prefix of the old log. Last, the file holding the zxid is cut right after its record and synced. A crash at
 * any point leaves a consistent prefix of the old history, which the leader will simply sync again. A zxid whose
 * state cannot be rebuilt from what is on disk is refused ({@link TruncationRefusedException}) before anything
 * is changed.
 *
 * <p>ZooKeeper (FileTxnLog.truncate) leaves newer snapshots in place; Paddock removes them instead, because
 * they hold exactly the txns the leader told this server to forget.
 */
public final class LogTruncation {
    private static final Logger LOG = LoggerFactory.getLogger(LogTruncation.class);

    /** What a truncation removed. {@code cutFile} is null when no file needed cutting. */
    public record Result(long zxid, List<String> deletedLogs, String cutFile, long cutAt,
                         List<String> deletedSnapshots) {
    }

    private LogTruncation() {
    }

    public static Result truncateAfter(Disk snapDisk, Disk logDisk, long zxid) throws IOException {
        Cut cut = Cut.find(logDisk, zxid);
        List<String> snaps = Recovery.snapshotFiles(snapDisk);
        boolean snapshotAt = snaps.contains(Snapshots.fileName(zxid));
        boolean epochStart = (zxid & 0xffffffffL) == 0;
        if (!cut.logged && !snapshotAt && !epochStart) {
            String where = cut.holding < 0
                    ? (cut.logs.isEmpty() ? "there is no transaction log" : "the log starts at " + cut.logs.get(0))
                    : "the last transaction at or before it in " + logDisk.describe(cut.logs.get(cut.holding))
                            + " is 0x" + Long.toHexString(cut.lastKept);
            throw new TruncationRefusedException("cannot truncate the log to 0x" + Long.toHexString(zxid)
                    + ": no transaction 0x" + Long.toHexString(zxid) + " is logged (" + where
                    + ") and no snapshot was taken at it, so the state the leader asks for cannot be rebuilt here;"
                    + " this server needs a full snapshot from the leader");
        }
        if (!snaps.isEmpty() && Snapshots.zxidOf(snaps.get(0)) > zxid) {
            throw new TruncationRefusedException("cannot truncate the log to 0x" + Long.toHexString(zxid)
                    + ": every snapshot is newer (the oldest is " + snapDisk.describe(snaps.get(0))
                    + "), so the state at 0x" + Long.toHexString(zxid) + " cannot be rebuilt; this server needs a"
                    + " full snapshot from the leader");
        }
        List<String> deletedSnaps = deleteSnapshotsAfter(snapDisk, zxid);
        return cut.apply(logDisk, deletedSnaps);
    }

    /**
     * Removes the logged txns after {@code zxid} (files wholly after it, then the rest of the file holding it),
     * whatever the snapshots hold: for a SNAP install, before the leader's snapshot at {@code zxid} is written.
     * What the log holds past the leader's history was never committed.
     */
    public static Result dropLogAfter(Disk logDisk, long zxid) throws IOException {
        return Cut.find(logDisk, zxid).apply(logDisk, List.of());
    }

    /** Deletes the snapshots newer than {@code zxid}, newest first, each deletion made durable. */
    public static List<String> deleteSnapshotsAfter(Disk snapDisk, long zxid) throws IOException {
        List<String> snaps = Recovery.snapshotFiles(snapDisk);
        List<String> deleted = new ArrayList<>();
        for (int i = snaps.size() - 1; i >= 0 && Snapshots.zxidOf(snaps.get(i)) > zxid; i--) {
            snapDisk.delete(snaps.get(i));
            snapDisk.syncDir();
            deleted.add(snaps.get(i));
            LOG.warn("Deleted snapshot {}: it holds txns after 0x{}", snapDisk.describe(snaps.get(i)),
                    Long.toHexString(zxid));
        }
        return deleted;
    }

    /** Where the log is cut for a zxid: the file holding it, the offset after its record, what is kept. */
    private static final class Cut {
        final long zxid;
        final List<String> logs;
        int holding = -1;
        long cutAt = -1;
        boolean logged;
        long lastKept = -1;

        private Cut(long zxid, List<String> logs) {
            this.zxid = zxid;
            this.logs = logs;
        }

        static Cut find(Disk logDisk, long zxid) throws IOException {
            Cut c = new Cut(zxid, Recovery.logFiles(logDisk));
            for (int i = 0; i < c.logs.size(); i++) {
                if (LogCodec.firstZxid(c.logs.get(i)) <= zxid) {
                    c.holding = i;
                }
            }
            if (c.holding < 0) {
                return c;
            }
            boolean newest = c.holding == c.logs.size() - 1;
            c.cutAt = LogCodec.HEADER_BYTES;
            try (LogFileStream s = new LogFileStream(logDisk, c.logs.get(c.holding))) {
                while (true) {
                    LogFileStream.Record r;
                    try {
                        // Records up to zxid are verified: they stay, and a damaged one means a corrupt log.
                        r = LogCursor.readOrEnd(s, newest, true);
                    } catch (StorageException e) {
                        if (c.logged) {
                            break; // damage after zxid is cut off anyway
                        }
                        throw e;
                    }
                    if (r == null || r.zxid() > zxid) {
                        break;
                    }
                    c.logged = r.zxid() == zxid;
                    c.lastKept = r.zxid();
                    c.cutAt = r.end();
                }
            }
            return c;
        }

        /** Deletes the files wholly after the zxid, newest first, then cuts the holding file and syncs it. */
        Result apply(Disk logDisk, List<String> deletedSnaps) throws IOException {
            List<String> deletedLogs = new ArrayList<>();
            for (int i = logs.size() - 1; i > holding; i--) {
                logDisk.delete(logs.get(i));
                logDisk.syncDir();
                deletedLogs.add(logs.get(i));
            }
            String cutFile = null;
            if (holding >= 0) {
                cutFile = logs.get(holding);
                if (lastKept < 0) {
                    logDisk.delete(cutFile);
                    logDisk.syncDir();
                    deletedLogs.add(cutFile);
                    cutAt = 0;
                } else {
                    try (DiskFile f = logDisk.open(cutFile, false)) {
                        f.truncate(cutAt);
                        // The header's synced end must not point past the new end of the data.
                        JuteOutput mark = new JuteOutput(8);
                        mark.writeLong(cutAt);
                        f.write(LogCodec.SYNCED_END_AT, ByteBuffer.wrap(mark.array(), 0, mark.size()));
                        f.sync();
                    }
                }
            }
            LOG.warn("Truncated the transaction log to 0x{}: {} file(s) deleted{}", Long.toHexString(zxid),
                    deletedLogs.size(), cutFile == null || lastKept < 0 ? ""
                            : ", " + logDisk.describe(cutFile) + " cut at offset " + cutAt);
            return new Result(zxid, deletedLogs, lastKept < 0 ? null : cutFile, cutAt, deletedSnaps);
        }
    }
}
