package dev.paddock.core.sync;

import dev.paddock.core.LoggedTxn;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Chooses DIFF, TRUNC (+ DIFF) or SNAP for a learner exactly as ZooKeeper 3.9.3's
 * {@code LearnerHandler.syncFollower} and {@code queueCommittedProposals} do, in this order:
 * <ol>
 *   <li>forced snapshot sync (testing) → SNAP;</li>
 *   <li>the learner's last zxid equals the leader's → empty DIFF;</li>
 *   <li>the learner is past the newest committed txn (and its zxid is not an epoch's first, counter 0) →
 *       TRUNC to that txn;</li>
 *   <li>the learner's zxid lies within the committed window → DIFF from the window, or TRUNC to the last txn
 *       before it when the leader never had it; crossing an epoch boundary that way → SNAP;</li>
 *   <li>the learner is older than the window and on-disk sync is enabled (snapshotSizeFactor ≥ 0) → the same
 *       from the log, provided the log reaches back to it and the txns after it take at most
 *       factor × snapshot size bytes, and the log runs on into the window without a gap;</li>
 *   <li>otherwise SNAP.</li>
 * </ol>
 * Pure: the window and the log come in as arguments; a log read failure makes the plan a SNAP.
 */
public final class SyncPlanner {
    /** ZooKeeper's {@code zookeeper.snapshotSizeFactor} default. */
    public static final double DEFAULT_SNAPSHOT_SIZE_FACTOR = 0.33;

    private final double snapshotSizeFactor;
    private final boolean forceSnapSync;

    /**
     * @param snapshotSizeFactor negative disables sync from the on-disk log; ZooKeeper replaces values above 1
     *                           by the default, and so does this
     * @param forceSnapSync      always SNAP (ZooKeeper's {@code zookeeper.forceSnapshotSync}, for tests)
     */
    public SyncPlanner(double snapshotSizeFactor, boolean forceSnapSync) {
        this.snapshotSizeFactor = snapshotSizeFactor > 1 ? DEFAULT_SNAPSHOT_SIZE_FACTOR : snapshotSizeFactor;
        this.forceSnapSync = forceSnapSync;
    }

    public SyncPlanner() {
        this(DEFAULT_SNAPSHOT_SIZE_FACTOR, false);
    }

    /** The most log bytes worth sending instead of a snapshot of {@code snapshotBytes}; 0 means no limit. */
    public long txnLogSizeLimit(long snapshotBytes) {
        return (long) (snapshotBytes * snapshotSizeFactor);
    }

    /**
     * @param peerLastZxid   the learner's last logged zxid (from its FOLLOWERINFO/OBSERVERINFO)
     * @param leaderLastZxid the zxid of the leader's tree (its last processed zxid)
     * @param window         the leader's recently committed txns
     * @param history        the leader's on-disk log
     * @param snapshotBytes  the size of the leader's newest snapshot file (0 if none: then the log is unlimited)
     */
    public SyncPlan plan(long peerLastZxid, long leaderLastZxid, CommittedWindow window, TxnHistory history,
                         long snapshotBytes) {
        long minCommitted = window.isEmpty() ? leaderLastZxid : window.minZxid();
        long maxCommitted = window.isEmpty() ? leaderLastZxid : window.maxZxid();
        boolean peerNewEpoch = isNewEpochZxid(peerLastZxid);
        if (forceSnapSync) {
            return snap(leaderLastZxid, "snapshot sync is forced");
        }
        if (leaderLastZxid == peerLastZxid) {
            return new SyncPlan.Diff(peerLastZxid, List.of(), peerLastZxid, "learner is already in sync");
        }
        if (peerLastZxid > maxCommitted && !peerNewEpoch) {
            return new SyncPlan.Trunc(maxCommitted, List.of(), maxCommitted,
                    "learner is ahead of the last committed txn " + hex(maxCommitted));
        }
        if (maxCommitted >= peerLastZxid && minCommitted <= peerLastZxid) {
            Queue q = new Queue(peerLastZxid);
            long last = q.add(window.iterator(), peerLastZxid, -1, Long.MAX_VALUE, maxCommitted);
            return q.plan(last, "from the committed window [" + hex(minCommitted) + ", " + hex(maxCommitted) + "]",
                    leaderLastZxid);
        }
        if (peerLastZxid < minCommitted && snapshotSizeFactor >= 0) {
            return fromLog(peerLastZxid, leaderLastZxid, window, history, minCommitted, maxCommitted,
                    txnLogSizeLimit(snapshotBytes));
        }
        return snap(leaderLastZxid, "learner is older than the committed window ["
                + hex(minCommitted) + ", " + hex(maxCommitted) + "] and on-disk log sync is disabled");
    }

    private SyncPlan fromLog(long peerLastZxid, long leaderLastZxid, CommittedWindow window, TxnHistory history,
                             long minCommitted, long maxCommitted, long sizeLimit) {
        Optional<TxnHistory.Tail> found;
        try {
            found = history.tailFrom(peerLastZxid, sizeLimit);
        } catch (IOException | UncheckedIOException e) {
            return snap(leaderLastZxid, "the log could not be read (" + e.getMessage() + ")");
        }
        if (found.isEmpty()) {
            return snap(leaderLastZxid, "the log does not reach back to " + hex(peerLastZxid)
                    + " or holds more than " + sizeLimit + " bytes after it");
        }
        Queue q = new Queue(peerLastZxid);
        long last;
        try (TxnHistory.Tail tail = found.get()) {
            if (!tail.hasNext()) {
                return snap(leaderLastZxid, "the log holds nothing from " + hex(peerLastZxid));
            }
            last = q.add(stopOnError(tail), peerLastZxid, tail.previousZxid(), minCommitted, maxCommitted);
        } catch (IOException | UncheckedIOException e) {
            return snap(leaderLastZxid, "the log could not be read (" + e.getMessage() + ")");
        }
        if (q.crossedEpoch || last < minCommitted) {
            return snap(leaderLastZxid, q.crossedEpoch ? q.crossReason : "gap between the end of the log "
                    + hex(last) + " and the committed window starting at " + hex(minCommitted));
        }
        last = q.add(window.iterator(), last, -1, Long.MAX_VALUE, maxCommitted);
        return q.plan(last, "from the log and the committed window", leaderLastZxid);
    }

    /** ZooKeeper stops reading the log at a damaged record and carries on with what it read. */
    private static Iterator<LoggedTxn> stopOnError(Iterator<LoggedTxn> it) {
        return new Iterator<>() {
            boolean failed;

            @Override
            public boolean hasNext() {
                if (failed) {
                    return false;
                }
                try {
                    return it.hasNext();
                } catch (UncheckedIOException e) {
                    failed = true;
                    return false;
                }
            }

            @Override
            public LoggedTxn next() {
                return it.next();
            }
        };
    }

    /** The op packet and txns chosen so far ({@code queueCommittedProposals} across its one or two calls). */
    private static final class Queue {
        final List<LoggedTxn> txns = new ArrayList<>();
        final long peerLastZxid;
        boolean needOp = true;
        boolean trunc;
        long opZxid;
        boolean crossedEpoch;
        String crossReason;

        Queue(long peerLastZxid) {
            this.peerLastZxid = peerLastZxid;
        }

        /**
         * Queues the txns of {@code it} after {@code from} and up to {@code maxZxid}, choosing the op packet on
         * the first txn at or past {@code from}; {@code prevZxid} is the last txn before {@code from} when the
         * iterator starts at it. Returns the last zxid queued.
         */
        long add(Iterator<LoggedTxn> it, long from, long prevZxid, long maxZxid, long lastCommitted) {
            boolean fromNewEpoch = isNewEpochZxid(from);
            long queued = from;
            long prev = prevZxid;
            while (it.hasNext()) {
                LoggedTxn t = it.next();
                long z = t.zxid();
                if (z > maxZxid) {
                    break;
                }
                if (z < from) {
                    prev = z;
                    continue;
                }
                if (needOp) {
                    if (z == from) {
                        op(false, lastCommitted);
                        continue;
                    }
                    if (fromNewEpoch) {
                        op(false, lastCommitted);
                    } else if (z > from) {
                        if (epochOf(z) != epochOf(from)) {
                            // The learner would have to cut into an epoch the leader does not share: SNAP.
                            crossedEpoch = true;
                            crossReason = "learner's " + hex(from) + " is not in the leader's history and the"
                                    + " next txn " + hex(z) + " is of another epoch, so TRUNC cannot be used";
                            return queued;
                        }
                        op(true, prev);
                    }
                }
                if (z <= queued) {
                    continue;
                }
                txns.add(t);
                queued = z;
            }
            if (needOp && fromNewEpoch) {
                op(false, lastCommitted);
            }
            return queued;
        }

        private void op(boolean truncate, long zxid) {
            needOp = false;
            trunc = truncate;
            opZxid = zxid;
        }

        SyncPlan plan(long lastQueued, String source, long leaderLastZxid) {
            if (crossedEpoch) {
                return snap(leaderLastZxid, crossReason);
            }
            if (needOp) {
                return snap(leaderLastZxid, "no txn from " + hex(peerLastZxid) + " on was found " + source);
            }
            String why = txns.size() + " txn(s) " + source;
            return trunc ? new SyncPlan.Trunc(opZxid, txns, lastQueued, "learner has txns the leader never had; "
                    + why) : new SyncPlan.Diff(opZxid, txns, lastQueued, why);
        }
    }

    private static SyncPlan snap(long leaderLastZxid, String reason) {
        return new SyncPlan.Snap(leaderLastZxid, reason);
    }

    static boolean isNewEpochZxid(long zxid) {
        return (zxid & 0xffffffffL) == 0;
    }

    private static long epochOf(long zxid) {
        return zxid >>> 32;
    }

    static String hex(long zxid) {
        return "0x" + Long.toHexString(zxid);
    }
}
