package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.RealDisk;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server's durable state: snapshots in dataDir, the transaction log in dataLogDir (both under a
 * "paddock-v1" subdirectory). Not thread-safe: the log side belongs to one writer thread; {@link #snapshot} may
 * run on another thread while the log keeps being written.
 */
public final class Storage implements Closeable {
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
    private final Random random;
    private int rollThreshold;

    public Storage(Disk snapDisk, Disk logDisk, Config config, long seed) {
        this.snapDisk = snapDisk;
        this.logDisk = logDisk;
        this.config = config;
        this.log = new TxnLog(logDisk, config.preAllocBytes());
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

    /** When this returns, everything appended is durable. */
    public void sync() throws IOException {
        log.sync();
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
