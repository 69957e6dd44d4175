package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.RealDisk;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's durable state: snapshots in dataDir, the transaction log in dataLogDir (both under a
 * "paddock-v1" subdirectory). Not thread-safe: the log side belongs to one writer thread; {@link #snapshot} may
 * run on another thread while the log keeps being written.
 */
public final class Storage implements Closeable, TxnHistory {
    private static final Logger LOG = LoggerFactory.getLogger(Storage.class);
    public static final String SUBDIR = "paddock-v1";

    /**
     * @param snapCount          transactions between snapshots; the actual point is randomized in
     *                           [snapCount/2, snapCount) so that servers of an ensemble do not snapshot together
     * @param preAllocBytes      log files grow in blocks of this size
     */
    public record Config(int snapCount, long preAllocBytes, boolean forceSync, Recovery.Options recovery) {
    }

    private final Disk snapDisk;
    private final Disk logDisk;
    private final Config config;
    private final TxnLog log;
    private final EpochFiles epochs;
    private final Random random;
    private int rollThreshold;

    public Storage(Disk snapDisk, Disk logDisk, Config config, long seed) {
        this.snapDisk = snapDisk;
        this.logDisk = logDisk;
        this.config = config;
        this.log = new TxnLog(logDisk, config.preAllocBytes());
        this.epochs = new EpochFiles(snapDisk);
        this.random = new Random(seed);
        nextThreshold();
    }

    public static Storage open(Path dataDir, Path dataLogDir, Config config) throws IOException {
        if (!config.forceSync()) {
            LOG.warn("forceSync=no: the transaction log is NOT fsynced; acknowledged writes can be lost on power failure");
        }
        Disk snaps = new RealDisk(dataDir.resolve(SUBDIR), config.forceSync());
        Disk logs = dataLogDir.equals(dataDir) ? snaps : new RealDisk(dataLogDir.resolve(SUBDIR), config.forceSync());
        return new Storage(snaps, logs, config, System.nanoTime());
    }

    private void nextThreshold() {
        int half = Math.max(1, config.snapCount() / 2);
        rollThreshold = half + random.nextInt(half);
    }

    /** Recovers the state on disk; the log then continues after the recovered zxid in a new file. */
    public Recovery.Result recover() throws IOException {
        Recovery.Result r = Recovery.recover(snapDisk, logDisk, config.recovery());
        log.setLastZxid(r.lastZxid());
        LOG.info("Recovered to zxid 0x{} ({} transactions replayed{})", Long.toHexString(r.lastZxid()), r.replayed(),
                r.snapshotZxid() < 0 ? ", no snapshot" : " after snapshot 0x" + Long.toHexString(r.snapshotZxid()));
        return r;
    }

    /** Whether there is no snapshot at all yet (a fresh data directory needs one to anchor the log). */
    public boolean hasSnapshot() throws IOException {
        return !Recovery.snapshotFiles(snapDisk).isEmpty();
    }

    public void append(List<LoggedTxn> txns) throws IOException {
        log.append(txns);
    }

    /** Appends batches in order, as one write (see {@link TxnLog#appendAll}); durable after {@link #sync()}. */
    public void appendAll(List<? extends List<LoggedTxn>> batches) throws IOException {
        log.appendAll(batches);
    }

    /** When this returns, everything appended is durable. */
    public void sync() throws IOException {
        log.sync();
    }

    /** Writes zeros ahead of the log's records if few are left (see {@link TxnLog#topUpZeros}); not a sync. */
    public void topUpZeros(boolean idle) throws IOException {
        log.topUpZeros(idle);
    }

    /** True once the current log file holds enough transactions that it is time to roll and snapshot. */
    public boolean snapshotDue() {
        return log.txnsInCurrentFile() >= rollThreshold;
    }

    /** Closes the current log file; the next append opens a new one. Call before taking the snapshot. */
    public void roll() throws IOException {
        log.roll();
        nextThreshold();
    }

    /** Writes a (fuzzy) snapshot; safe to run on another thread while the log is written. */
    public String snapshot(DataTree tree, Map<Long, Integer> sessions, long zxid) throws IOException {
        long start = System.nanoTime();
        String name = Snapshots.write(snapDisk, tree, sessions, zxid);
        LOG.info("Snapshot {} written in {} ms", snapDisk.describe(name), (System.nanoTime() - start) / 1_000_000);
        return name;
    }

    public Purge.Result purge(int retain) throws IOException {
        Purge.Result r = Purge.purge(snapDisk, logDisk, retain);
        if (!r.deletedSnapshots().isEmpty() || !r.deletedLogs().isEmpty()) {
            LOG.info("Purged {} snapshot(s) and {} log file(s)", r.deletedSnapshots().size(), r.deletedLogs().size());
        }
        return r;
    }

    // ---- What Zab's sync needs ----

    /**
     * Cuts the history back to {@code zxid} (Zab's TRUNC): the log ends exactly at it and snapshots newer than
     * it are deleted; appends continue after it. {@code zxid} must be logged, or be a snapshot's zxid or an
     * epoch's zxid 0; otherwise, or when every snapshot is newer, the state there cannot be rebuilt and a
     * {@link TruncationRefusedException} is thrown with nothing changed (the caller asks for a SNAP instead).
     * The in-memory tree is not touched: call {@link #recover()} to rebuild it as of {@code zxid}. No append or
     * snapshot may run meanwhile.
     */
    public LogTruncation.Result truncateAfter(long zxid) throws IOException {
        log.roll();
        LogTruncation.Result r = LogTruncation.truncateAfter(snapDisk, logDisk, zxid);
        log.setLastZxid(zxid);
        return r;
    }

    /**
     * Puts a leader's snapshot (Zab's SNAP) in place of this server's history: afterwards recovery yields exactly
     * {@code tree} at {@code zxid} and appends continue after it. The steps are ordered so that a crash anywhere
     * leaves either what the disk held before (or a prefix of it) or the new snapshot, never the snapshot with old
     * records replayed over it, and never less than the disk held before while the snapshot is not yet durable:
     * first the logged txns after {@code zxid} go (they are past the leader's history, so never committed), then
     * the snapshot is written, then snapshots newer than it are deleted, and last the old log files: what they
     * hold the snapshot holds, and left in place they would make a log with a gap below the snapshot, which a DIFF
     * served from it later would skip. No append may run meanwhile.
     */
    public void installSnapshot(DataTree tree, Map<Long, Integer> sessions, long zxid) throws IOException {
        log.roll();
        if (log.lastZxid() > zxid) {
            LogTruncation.dropLogAfter(logDisk, zxid);
        }
        snapshot(tree, sessions, zxid);
        LogTruncation.deleteSnapshotsAfter(snapDisk, zxid);
        List<String> old = Recovery.logFiles(logDisk);
        for (String name : old) {
            logDisk.delete(name);
        }
        if (!old.isEmpty()) {
            logDisk.syncDir();
        }
        log.setLastZxid(zxid);
    }

    /**
     * The logged txns with a zxid above {@code zxid}, in order, read lazily across log files with checksums
     * verified. Close the cursor. {@link LogCursor#previousZxid()} tells whether the log reaches back to
     * {@code zxid} (the log holds every txn after it only if some txn at or before it is logged).
     */
    public LogCursor txnsAfter(long zxid) throws IOException {
        return LogCursor.open(logDisk, zxid + 1);
    }

    /**
     * Bytes the logged txns after {@code zxid} take in the log (framing included), to weigh a DIFF against a
     * snapshot; stops counting once past {@code limitBytes} when that is positive.
     */
    public long logBytesAfter(long zxid, long limitBytes) throws IOException {
        return LogCursor.bytesAfter(logDisk, zxid, limitBytes);
    }

    /** For {@link dev.paddock.core.sync.SyncPlanner}: the log from {@code peerZxid} on, if it can serve it. */
    @Override
    public Optional<Tail> tailFrom(long peerZxid, long sizeLimitBytes) throws IOException {
        LogCursor c = LogCursor.open(logDisk, peerZxid);
        boolean reaches = c.previousZxid() >= 0 || c.peekZxid() == peerZxid;
        if (!reaches || (sizeLimitBytes > 0 && logBytesAfter(peerZxid, sizeLimitBytes) > sizeLimitBytes)) {
            c.close();
            return Optional.empty();
        }
        return Optional.of(c);
    }

    /** The size of the newest snapshot file, 0 if there is none (ZooKeeper's calculateTxnLogSizeLimit input). */
    public long newestSnapshotBytes() throws IOException {
        List<String> snaps = Recovery.snapshotFiles(snapDisk);
        if (snaps.isEmpty()) {
            return 0;
        }
        try (var f = snapDisk.open(snaps.get(snaps.size() - 1), false)) {
            return f.size();
        }
    }

    /** The last {@code count} logged txns, oldest first (to fill a committed window after recovery). */
    public List<LoggedTxn> recentTxns(int count) throws IOException {
        List<String> files = Recovery.logFiles(logDisk);
        int start = files.size();
        long have = 0;
        while (start > 0 && have < count) {
            start--;
            have += LogCursor.countRecords(logDisk, files.get(start), start == files.size() - 1);
        }
        ArrayDeque<LoggedTxn> last = new ArrayDeque<>();
        if (start < files.size()) {
            try (LogCursor c = LogCursor.fromFile(logDisk, files, start)) {
                while (c.hasNext()) {
                    if (last.size() == count) {
                        last.removeFirst();
                    }
                    last.addLast(c.next());
                }
            }
        }
        return count == 0 ? List.of() : new ArrayList<>(last);
    }

    /**
     * Reads {@code currentEpoch} and {@code acceptedEpoch} after {@link #recover()}, creating them from the last
     * zxid's epoch when missing, as ZooKeeper does (see {@link EpochFiles#load}).
     */
    public void loadEpochs(long lastZxid) throws IOException {
        epochs.load(lastZxid);
    }

    public long currentEpoch() {
        return epochs.currentEpoch();
    }

    public long acceptedEpoch() {
        return epochs.acceptedEpoch();
    }

    /** Durable when this returns; the in-memory value changes only after the file is safely in place. */
    public void setCurrentEpoch(long epoch) throws IOException {
        epochs.setCurrentEpoch(epoch);
    }

    /** Durable when this returns; the in-memory value changes only after the file is safely in place. */
    public void setAcceptedEpoch(long epoch) throws IOException {
        epochs.setAcceptedEpoch(epoch);
    }

    /** The last zxid appended to the log (or where recovery or a truncation left it). */
    public long lastLoggedZxid() {
        return log.lastZxid();
    }

    public Disk snapDisk() {
        return snapDisk;
    }

    public Disk logDisk() {
        return logDisk;
    }

    @Override
    public void close() throws IOException {
        log.close();
    }
}
