package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.quorum.zab.Zxid;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * One server's disk as the simulator models it: epoch files and a snapshot written atomically (tmp + fsync +
 * rename), and a txn log whose appends are lost on a crash unless synced (a random prefix of the unsynced tail
 * survives, as pages reach the disk in order). Every epoch write is checked: epochs never go back on disk.
 */
final class SimStore {
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

    SimStore(long sid, Checker checker) {
        this.sid = sid;
        this.checker = checker;
    }

    long acceptedEpoch() {
        return acceptedEpoch;
    }

    long currentEpoch() {
        return currentEpoch;
    }

    byte[] snapshot() {
        return snapshot;
    }

    long snapshotZxid() {
        return snapshotZxid;
    }

    long lastZxid() {
        if (!unsynced.isEmpty()) {
            return unsynced.get(unsynced.size() - 1).zxid();
        }
        return durable.isEmpty() ? snapshotZxid : durable.get(durable.size() - 1).zxid();
    }

    long lastDurableZxid() {
        return durable.isEmpty() ? snapshotZxid : durable.get(durable.size() - 1).zxid();
    }

    /** Every logged txn after the snapshot, synced or not, in zxid order. */
    List<LoggedTxn> txns() {
        List<LoggedTxn> all = new ArrayList<>(durable);
        all.addAll(unsynced);
        return all;
    }

    /** The whole history this disk stands for: the snapshot's txns, then the log. For checking only. */
    List<LoggedTxn> history() {
        List<LoggedTxn> all = new ArrayList<>(snapshotHistory);
        all.addAll(durable);
        all.addAll(unsynced);
        return all;
    }

    List<LoggedTxn> durableTxns() {
        return List.copyOf(durable);
    }

    void append(LoggedTxn txn) {
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

    void sync() {
        durable.addAll(unsynced);
        unsynced.clear();
    }

    void truncateAfter(long zxid) {
        sync();
        if (zxid < snapshotZxid) {
            checker.violation("server " + sid + " asked to truncate to " + Zxid.hex(zxid) + " below its snapshot "
                    + Zxid.hex(snapshotZxid));
            return;
        }
        durable.removeIf(t -> t.zxid() > zxid);
    }

    void installSnapshot(long zxid, byte[] bytes, List<LoggedTxn> history) {
        snapshotHistory = List.copyOf(history);
        snapshot = bytes;
        snapshotZxid = zxid;
        durable.clear();
        unsynced.clear();
    }

    void writeAcceptedEpoch(long epoch) {
        if (epoch < acceptedEpoch) {
            checker.violation("server " + sid + " writes acceptedEpoch " + epoch + " over " + acceptedEpoch);
        }
        acceptedEpoch = epoch;
    }

    void writeCurrentEpoch(long epoch) {
        if (epoch < currentEpoch || epoch > acceptedEpoch) {
            checker.violation("server " + sid + " writes currentEpoch " + epoch + " (was " + currentEpoch
                    + ", accepted " + acceptedEpoch + ")");
        }
        currentEpoch = epoch;
    }

    /** Power loss: the unsynced tail survives only up to a random point. */
    void crash(Random rnd) {
        int keep = unsynced.isEmpty() ? 0 : rnd.nextInt(unsynced.size() + 1);
        durable.addAll(unsynced.subList(0, keep));
        unsynced.clear();
    }
}
