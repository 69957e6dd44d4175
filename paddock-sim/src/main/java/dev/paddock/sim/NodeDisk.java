package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One simulated server's durable state as the simulator drives it: a fast in-memory model ({@link SimStore}) or
 * Paddock's real storage on a simulated disk ({@link StorageDisk}). Epoch writes, truncation and snapshot
 * installation are durable when they return; appends only after {@link #sync()}.
 */
interface NodeDisk {
    long acceptedEpoch();

    long currentEpoch();

    /** The last logged zxid, synced or not. */
    long lastZxid();

    /** The logged txns after the newest snapshot, synced or not, in zxid order. */
    List<LoggedTxn> txns();

    /** Everything this disk stands for (the snapshot's txns, as the simulator knows them, then the log). */
    List<LoggedTxn> history();

    void append(LoggedTxn txn);

    void sync();

    void truncateAfter(long zxid);

    /** Keeps a snapshot of the replica (copied now) as the new base; the log continues after {@code zxid}. */
    void installSnapshot(long zxid, DataTree tree, Map<Long, Integer> sessions, List<LoggedTxn> history);

    void writeAcceptedEpoch(long epoch);

    void writeCurrentEpoch(long epoch);

    /** Power loss. */
    void crash(Random rnd);

    /** A replica rebuilt from disk and the sessions open in it. */
    record Recovered(DataTree tree, Map<Long, Integer> sessions) {
    }

    /** Rebuilds the replica from disk: the newest snapshot, then every logged txn (committed or not). */
    Recovered recover();

    /** Whether the last {@link #recover()} found txns of an epoch above the currentEpoch file. */
    boolean recoveredCurrentEpochBehindLog();

    /** The log as core's sync planner reads it. */
    TxnHistory txnHistory();

    long newestSnapshotBytes();

    /** Called after each sync: a disk that takes periodic snapshots may take one of the replica now. */
    default void afterSync(DataTree replica, Map<Long, Integer> sessions) {
    }
}
