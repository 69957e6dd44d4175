package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.quorum.zab.TxnPayload;
import dev.paddock.quorum.zab.Zxid;
import dev.paddock.storage.EpochFiles;
import dev.paddock.storage.LogCursor;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;

/**
 * Paddock's real storage (transaction log, snapshots, epoch files, truncation, recovery) on storage's
 * {@link SimDisk}, which loses unsynced writes on a crash. The simulator keeps a shadow of what the disk should
 * hold and checks every recovery against it: synced txns must come back, and nothing but logged txns may.
 */
final class StorageDisk implements NodeDisk {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);

    private final long sid;
    private final Checker checker;
    private final long seed;
    private final int snapCount;
    private final SimDisk disk;
    private Storage storage;
    /** The txns this disk stands for, snapshot part included; for checking and for the in-memory planner. */
    private final List<LoggedTxn> history = new ArrayList<>();
    private final List<LoggedTxn> log = new ArrayList<>();
    private long snapshotZxid;
    private long durableZxid;
    private boolean epochBehindLog;

    StorageDisk(long sid, Checker checker, long seed, int snapCount) {
        this.sid = sid;
        this.checker = checker;
        this.seed = seed;
        this.snapCount = Math.max(4, snapCount);
        this.disk = new SimDisk(seed);
        this.storage = open();
    }

    private Storage open() {
        return new Storage(disk, disk, new Storage.Config(snapCount, 4096, true, STRICT), seed);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void io(IoAction a) {
        try {
            a.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long acceptedEpoch() {
        return storage.acceptedEpoch();
    }

    @Override
    public long currentEpoch() {
        return storage.currentEpoch();
    }

    @Override
    public long lastZxid() {
        return log.isEmpty() ? snapshotZxid : log.get(log.size() - 1).zxid();
    }

    @Override
    public List<LoggedTxn> txns() {
        return List.copyOf(log);
    }

    @Override
    public List<LoggedTxn> history() {
        return List.copyOf(history);
    }

    @Override
    public void append(LoggedTxn txn) {
        io(() -> storage.append(List.of(txn)));
        log.add(txn);
        history.add(txn);
    }

    @Override
    public void sync() {
        io(storage::sync);
        durableZxid = lastZxid();
    }

    @Override
    public void afterSync(DataTree replica, Map<Long, Integer> sessions) {
        if (storage.snapshotDue()) {
            long zxid = replica.lastProcessedZxid();
            io(() -> {
                storage.roll();
                storage.snapshot(replica, sessions, zxid);
            });
            snapshotZxid = Math.max(snapshotZxid, zxid);
            log.removeIf(t -> t.zxid() <= zxid);
        }
    }

    @Override
    public void truncateAfter(long zxid) {
        sync();
        io(() -> storage.truncateAfter(zxid));
        log.removeIf(t -> t.zxid() > zxid);
        history.removeIf(t -> t.zxid() > zxid);
        if (zxid < snapshotZxid) {
            // a snapshot beyond the truncation point (a periodic one of a replica fast-forwarded over an
            // uncommitted tail, or one from a SNAP whose leader failed before establishing): storage drops it, and
            // what it falls back to (an older snapshot and log) is only checked to be something it logged
            snapshotZxid = 0;
            log.clear();
            durableZxid = 0;
            return;
        }
        durableZxid = lastZxid();
    }

    @Override
    public void installSnapshot(long zxid, DataTree tree, Map<Long, Integer> sessions, List<LoggedTxn> snapHistory) {
        sync();
        io(() -> storage.installSnapshot(tree, sessions, zxid)); // as the server installs one
        history.clear();
        log.clear();
        history.addAll(snapHistory);
        snapshotZxid = zxid;
        durableZxid = zxid;
    }

    @Override
    public void writeAcceptedEpoch(long epoch) {
        if (epoch < storage.acceptedEpoch()) {
            checker.violation("server " + sid + " writes acceptedEpoch " + epoch + " over " + storage.acceptedEpoch());
        }
        io(() -> storage.setAcceptedEpoch(epoch));
    }

    @Override
    public void writeCurrentEpoch(long epoch) {
        if (epoch < storage.currentEpoch() || epoch > storage.acceptedEpoch()) {
            checker.violation("server " + sid + " writes currentEpoch " + epoch + " (was " + storage.currentEpoch()
                    + ", accepted " + storage.acceptedEpoch() + ")");
        }
        io(() -> storage.setCurrentEpoch(epoch));
    }

    @Override
    public void crash(Random rnd) {
        disk.crash(rnd);
        storage = open();
        recover(); // read back what survived now, so a dead server's disk can be inspected before it restarts
    }

    @Override
    public Recovered recover() {
        try {
            return recoverOnce();
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof dev.paddock.storage.StorageException)
                    || !String.valueOf(e.getCause().getMessage()).contains("Corrupt transaction log")) {
                throw e;
            }
            // Power loss wrote the unsynced tail's pages out of order and a record fails its checksum: storage
            // refuses to start (as ZooKeeper does). The operator starts it with truncateCorruptLog; the shadow
            // check still demands every synced txn back.
            corruptLogRestarts++;
            storage = new Storage(disk, disk, new Storage.Config(snapCount, 4096, true,
                    new Recovery.Options(false, true)), seed);
            return recoverOnce();
        }
    }

    /** Restarts that needed truncateCorruptLog (a torn unsynced tail). */
    int corruptLogRestarts() {
        return corruptLogRestarts;
    }

    private int corruptLogRestarts;

    private Recovered recoverOnce() {
        try {
            if (!storage.hasSnapshot()) {
                storage.snapshot(new DataTree(), Map.of(), 0); // a fresh data directory is anchored at zxid 0
            }
            Recovery.Result r = storage.recover();
            long last = r.lastZxid();
            OptionalLong currentOnDisk = new EpochFiles(disk).read(EpochFiles.CURRENT_EPOCH);
            epochBehindLog = currentOnDisk.isPresent() && currentOnDisk.getAsLong() < Zxid.epoch(Math.max(last, 0));
            storage.loadEpochs(last); // raises an epoch file left behind the log by a crash
            List<LoggedTxn> recovered = new ArrayList<>();
            try (LogCursor c = storage.txnsAfter(Math.max(r.snapshotZxid(), 0))) {
                while (c.hasNext()) {
                    recovered.add(c.next());
                }
            }
            checkAgainstShadow(last, recovered);
            snapshotZxid = Math.max(r.snapshotZxid(), 0);
            log.clear();
            log.addAll(recovered);
            durableZxid = last;
            return new Recovered(r.tree(), r.sessions());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What came back from disk must be a prefix of what was written, and hold at least what was synced. */
    private void checkAgainstShadow(long last, List<LoggedTxn> recovered) {
        if (last < durableZxid) {
            checker.violation("server " + sid + " recovered to " + Zxid.hex(last) + " but had synced up to "
                    + Zxid.hex(durableZxid));
        }
        history.removeIf(t -> t.zxid() > last);
        java.util.Map<Long, LoggedTxn> byZxid = new java.util.HashMap<>();
        for (LoggedTxn t : history) {
            byZxid.put(t.zxid(), t);
        }
        for (LoggedTxn t : recovered) {
            LoggedTxn expected = byZxid.get(t.zxid());
            if (expected == null || !Arrays.equals(TxnPayload.encode(expected), TxnPayload.encode(t))) {
                checker.violation("server " + sid + " recovered a txn at " + Zxid.hex(t.zxid())
                        + " that it never logged");
            }
        }
    }

    @Override
    public boolean recoveredCurrentEpochBehindLog() {
        return epochBehindLog;
    }

    @Override
    public TxnHistory txnHistory() {
        return storage;
    }

    @Override
    public long newestSnapshotBytes() {
        try {
            return storage.newestSnapshotBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
