package dev.paddock.core.sync;

import dev.paddock.core.LoggedTxn;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;

/**
 * The leader's on-disk transaction log as sync needs it (ZooKeeper's {@code ZKDatabase.getProposalsFromTxnLog}),
 * so that {@link SyncPlanner} decides without doing any I/O itself. Storage implements it.
 */
public interface TxnHistory {
    /**
     * The logged txns from {@code peerZxid} on, read lazily. Empty when the log cannot serve a learner at
     * {@code peerZxid}: no logged txn is at or before {@code peerZxid} (so the log cannot prove it holds every txn
     * after it), or {@code sizeLimitBytes > 0} and the logged txns after {@code peerZxid} take more than
     * {@code sizeLimitBytes} (then a snapshot is cheaper to send). {@code sizeLimitBytes == 0} means no limit.
     */
    Optional<Tail> tailFrom(long peerZxid, long sizeLimitBytes) throws IOException;

    /**
     * Logged txns in zxid order, starting with the first one at or after the requested zxid. Reading past a
     * damaged record throws {@link java.io.UncheckedIOException}. Close it to release files.
     */
    interface Tail extends Iterator<LoggedTxn>, AutoCloseable {
        /** The zxid of the last logged txn before the requested one, or -1 when the log holds none. */
        long previousZxid();

        @Override
        void close() throws IOException;
    }

    /**
     * The size of the newest snapshot file, 0 if none (then the log is sent whatever its size): ZooKeeper weighs a
     * DIFF from the log against this times {@code snapshotSizeFactor}. Storage has it; in-memory histories do not.
     */
    default long newestSnapshotBytes() throws IOException {
        return 0;
    }

    /** A history with nothing on disk (on-disk sync disabled, or tests). */
    TxnHistory NONE = (peerZxid, sizeLimitBytes) -> Optional.empty();
}
