package dev.paddock.core.sync;

import dev.paddock.core.LoggedTxn;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The most recently committed transactions, kept in memory so that a learner that is only a little behind can
 * be synced by DIFF without reading the log (ZooKeeper's {@code ZKDatabase.committedLog}).
 *
 * <p>Sizing follows ZooKeeper 3.9 exactly: before adding, the oldest entry is dropped only when the window
 * already holds <em>more</em> than {@code commitLogCount}, so it settles at {@code commitLogCount + 1} entries.
 * Not thread-safe; the owner serialises access.
 */
public final class CommittedWindow implements Iterable<LoggedTxn> {
    /** ZooKeeper's {@code zookeeper.commitLogCount} default; smaller configured values are raised to it. */
    public static final int DEFAULT_COMMIT_LOG_COUNT = 500;

    private final int commitLogCount;
    private final ArrayDeque<LoggedTxn> txns = new ArrayDeque<>();

    public CommittedWindow(int commitLogCount) {
        if (commitLogCount < 1) {
            throw new IllegalArgumentException("commitLogCount must be positive, got " + commitLogCount);
        }
        this.commitLogCount = commitLogCount;
    }

    public CommittedWindow() {
        this(DEFAULT_COMMIT_LOG_COUNT);
    }

    /** ZooKeeper refuses a {@code zookeeper.commitLogCount} below 500 and uses 500 instead. */
    public static int effectiveCommitLogCount(int configured) {
        return Math.max(DEFAULT_COMMIT_LOG_COUNT, configured);
    }

    /** Records a committed transaction; zxids must increase. */
    public void add(LoggedTxn txn) {
        LoggedTxn last = txns.peekLast();
        if (last != null && txn.zxid() <= last.zxid()) {
            throw new IllegalArgumentException("committed zxid 0x" + Long.toHexString(txn.zxid())
                    + " does not follow 0x" + Long.toHexString(last.zxid()));
        }
        if (txns.size() > commitLogCount) {
            txns.removeFirst();
        }
        txns.addLast(txn);
    }

    /** Forgets everything (ZooKeeper clears the window when the database is reloaded, e.g. after TRUNC). */
    public void clear() {
        txns.clear();
    }

    public boolean isEmpty() {
        return txns.isEmpty();
    }

    public int size() {
        return txns.size();
    }

    /** The oldest zxid held, or 0 when empty (as ZooKeeper reports minCommittedLog). */
    public long minZxid() {
        return txns.isEmpty() ? 0 : txns.peekFirst().zxid();
    }

    /** The newest zxid held, or 0 when empty (as ZooKeeper reports maxCommittedLog). */
    public long maxZxid() {
        return txns.isEmpty() ? 0 : txns.peekLast().zxid();
    }

    /** Whether every committed txn after {@code zxid} is held here: the window starts at or before it. */
    public boolean covers(long zxid) {
        return !txns.isEmpty() && minZxid() <= zxid && zxid <= maxZxid();
    }

    /**
     * The held txns with a zxid above {@code zxid}, oldest first, if the window covers {@code zxid} (holds it or
     * something older); empty otherwise, because then some txns after it may have left the window already.
     */
    public Optional<List<LoggedTxn>> after(long zxid) {
        if (!covers(zxid)) {
            return Optional.empty();
        }
        List<LoggedTxn> out = new ArrayList<>();
        for (LoggedTxn t : txns) {
            if (t.zxid() > zxid) {
                out.add(t);
            }
        }
        return Optional.of(out);
    }

    /** Oldest first. */
    @Override
    public Iterator<LoggedTxn> iterator() {
        return txns.iterator();
    }
}
