package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongFunction;

/**
 * A {@link SyncSource} over txns held in memory: the leader keeps the txns from {@code windowStartZxid} on, and
 * anything older is only reachable through a snapshot. Good for tests and the simulator; the server plugs in
 * storage's implementation.
 */
public final class InMemorySyncSource implements SyncSource {
    private final NavigableMap<Long, LoggedTxn> log;
    private final long windowStartZxid;
    private final LongFunction<byte[]> snapshotAt;

    /**
     * @param log the leader's logged txns (at least those from {@code windowStartZxid} up to the committed zxid)
     * @param windowStartZxid the zxid just before the oldest txn kept: a learner at or after it can be diffed
     * @param snapshotAt makes a snapshot holding the history up to the given zxid
     */
    public InMemorySyncSource(NavigableMap<Long, LoggedTxn> log, long windowStartZxid, LongFunction<byte[]> snapshotAt) {
        this.log = log;
        this.windowStartZxid = windowStartZxid;
        this.snapshotAt = snapshotAt;
    }

    public static InMemorySyncSource of(List<LoggedTxn> txns) {
        NavigableMap<Long, LoggedTxn> map = new TreeMap<>();
        for (LoggedTxn t : txns) {
            map.put(t.zxid(), t);
        }
        return new InMemorySyncSource(map, 0, z -> {
            throw new IllegalStateException("no snapshot in this sync source");
        });
    }

    @Override
    public SyncPlan plan(long peerLastZxid, long leaderCommittedZxid) {
        if (peerLastZxid == leaderCommittedZxid) {
            return new SyncPlan.Diff(List.of());
        }
        if (peerLastZxid < windowStartZxid) {
            return new SyncPlan.Snap(leaderCommittedZxid, snapshotAt.apply(leaderCommittedZxid), List.of());
        }
        // The last zxid the learner shares with us: its own last one if we hold it too, else the last of ours
        // below it (everything of the learner's after that point is a txn we never committed).
        long shared;
        if (peerLastZxid == windowStartZxid || log.containsKey(peerLastZxid)) {
            shared = peerLastZxid;
        } else {
            Long below = log.lowerKey(Math.min(peerLastZxid, leaderCommittedZxid + 1));
            if (below == null && windowStartZxid == 0) {
                below = 0L; // we keep our whole history: the empty prefix is shared
            }
            if (below == null || below < windowStartZxid) {
                // no txn of ours is known to be shared with the learner: only a snapshot is safe
                return new SyncPlan.Snap(leaderCommittedZxid, snapshotAt.apply(leaderCommittedZxid), List.of());
            }
            shared = below;
        }
        if (shared > leaderCommittedZxid) {
            shared = leaderCommittedZxid;
        }
        List<LoggedTxn> after = new ArrayList<>();
        for (Map.Entry<Long, LoggedTxn> e : log.subMap(shared, false, leaderCommittedZxid, true).entrySet()) {
            after.add(e.getValue());
        }
        if (shared < peerLastZxid) {
            return new SyncPlan.Trunc(shared, after);
        }
        return new SyncPlan.Diff(after);
    }
}
