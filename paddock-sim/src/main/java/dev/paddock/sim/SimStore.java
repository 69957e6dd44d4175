package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.Replica;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.quorum.zab.Zxid;
import dev.paddock.storage.TruncationRefusedException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One server's disk as the simulator models it: epoch files and a snapshot written atomically (tmp + fsync +
 * rename), and a txn log whose appends are lost on a crash unless synced (a random prefix of the unsynced tail
 * survives, as pages reach the disk in order). Every epoch write is checked: epochs never go back on disk.
 */
final class SimStore implements NodeDisk {
    private long acceptedEpoch;
    private long currentEpoch;
    private byte[] snapshot;
    private long snapshotZxid;
    /** The txns the snapshot stands for; the simulator's knowledge, for checking only (a server has the tree). */
    private List<LoggedTxn> snapshotHistory = List.of();
    private final List<LoggedTxn> durable = new ArrayList<>();
    private final List<LoggedTxn> unsynced = new ArrayList<>();
    private final Checker checker;
    private final long sid;
    private boolean epochBehindLog;

    SimStore(long sid, Checker checker) {
        this.sid = sid;
        this.checker = checker;
        // a fresh data directory holds an empty snapshot at zxid 0, as Paddock's storage anchors it: its size
        // bounds how much log a leader sends instead of a snapshot
        this.snapshot = encode(new DataTree(), Map.of());
    }

    private static byte[] encode(DataTree tree, Map<Long, Integer> sessions) {
        JuteOutput out = new JuteOutput(4096);
        ZkSnapshotFormat.write(tree, sessions, out);
        return out.toByteArray();
    }

    public long acceptedEpoch() {
        return acceptedEpoch;
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public long snapshotZxid() {
        return snapshotZxid;
    }

    public long lastZxid() {
        if (!unsynced.isEmpty()) {
            return unsynced.get(unsynced.size() - 1).zxid();
        }
        return durable.isEmpty() ? snapshotZxid : durable.get(durable.size() - 1).zxid();
    }

    long lastDurableZxid() {
        return durable.isEmpty() ? snapshotZxid : durable.get(durable.size() - 1).zxid();
    }

    /** Every logged txn after the snapshot, synced or not, in zxid order. */
    public List<LoggedTxn> txns() {
        List<LoggedTxn> all = new ArrayList<>(durable);
        all.addAll(unsynced);
        return all;
    }

    /** The whole history this disk stands for: the snapshot's txns, then the log. For checking only. */
    public List<LoggedTxn> history() {
        List<LoggedTxn> all = new ArrayList<>(snapshotHistory);
        all.addAll(durable);
        all.addAll(unsynced);
        return all;
    }

    List<LoggedTxn> durableTxns() {
        return List.copyOf(durable);
    }

    public void append(LoggedTxn txn) {
        long last = lastZxid();
        if (txn.zxid() <= last) {
            checker.violation("server " + sid + " appends " + Zxid.hex(txn.zxid()) + " after " + Zxid.hex(last));
            return;
        }
        unsynced.add(txn);
    }

    boolean hasUnsynced() {
        return !unsynced.isEmpty();
    }

    public void sync() {
        durable.addAll(unsynced);
        unsynced.clear();
    }

    public void truncateAfter(long zxid) {
        sync();
        if (zxid < snapshotZxid) {
            // a snapshot from a SNAP whose leader failed before establishing its epoch can lie beyond what the
            // next leader keeps, and this model keeps nothing older: refused, as Paddock's storage refuses it
            throw new UncheckedIOException(new TruncationRefusedException("cannot truncate to 0x"
                    + Long.toHexString(zxid) + ": the snapshot is at 0x" + Long.toHexString(snapshotZxid)));
        }
        durable.removeIf(t -> t.zxid() > zxid);
    }

    public void installSnapshot(long zxid, DataTree tree, Map<Long, Integer> sessions, List<LoggedTxn> history) {
        snapshotHistory = List.copyOf(history);
        snapshot = encode(tree, sessions);
        snapshotZxid = zxid;
        durable.clear();
        unsynced.clear();
    }

    public void writeAcceptedEpoch(long epoch) {
        if (epoch < acceptedEpoch) {
            checker.violation("server " + sid + " writes acceptedEpoch " + epoch + " over " + acceptedEpoch);
        }
        acceptedEpoch = epoch;
    }

    public void writeCurrentEpoch(long epoch) {
        if (epoch < currentEpoch || epoch > acceptedEpoch) {
            checker.violation("server " + sid + " writes currentEpoch " + epoch + " (was " + currentEpoch
                    + ", accepted " + acceptedEpoch + ")");
        }
        currentEpoch = epoch;
    }

    @Override
    public Recovered recover() {
        epochBehindLog = currentEpoch < Zxid.epoch(lastZxid());
        ZkSnapshotFormat.Snapshot snap = ZkSnapshotFormat.read(new JuteInput(snapshot),
                ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES);
        snap.tree().setLastProcessedZxid(snapshotZxid);
        Replica replica = new Replica(snap.tree(), snap.sessionTimeoutsMs());
        for (LoggedTxn t : txns()) {
            replica.apply(t, TreeEvents.NONE);
        }
        return new Recovered(replica.tree(), replica.sessions());
    }

    @Override
    public boolean recoveredCurrentEpochBehindLog() {
        return epochBehindLog;
    }

    @Override
    public TxnHistory txnHistory() {
        return new SimTxnHistory(this);
    }

    @Override
    public long newestSnapshotBytes() {
        return snapshot == null ? 0 : snapshot.length;
    }

    /** Power loss: the unsynced tail survives only up to a random point. */
    public void crash(Random rnd) {
        int keep = unsynced.isEmpty() ? 0 : rnd.nextInt(unsynced.size() + 1);
        durable.addAll(unsynced.subList(0, keep));
        unsynced.clear();
    }
}
