package dev.paddock.sim;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.quorum.zab.TxnPayload;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** The simulated log as core's sync planner reads it (what storage's log reader does on a real disk). */
final class SimTxnHistory implements TxnHistory {
    private final NodeDisk store;

    SimTxnHistory(NodeDisk store) {
        this.store = store;
    }

    @Override
    public long newestSnapshotBytes() {
        return store.newestSnapshotBytes();
    }

    @Override
    public Optional<Tail> tailFrom(long peerZxid, long sizeLimitBytes) {
        List<LoggedTxn> log = store.txns();
        int first = 0;
        while (first < log.size() && log.get(first).zxid() < peerZxid) {
            first++;
        }
        if (first == 0 && (log.isEmpty() || log.get(0).zxid() > peerZxid)) {
            return Optional.empty(); // nothing logged at or before the learner's zxid: the log cannot vouch for it
        }
        long bytes = 0;
        for (int i = first; i < log.size(); i++) {
            bytes += TxnPayload.encode(log.get(i)).length;
        }
        if (sizeLimitBytes > 0 && bytes > sizeLimitBytes) {
            return Optional.empty();
        }
        long previous = first == 0 ? -1 : log.get(first - 1).zxid();
        Iterator<LoggedTxn> it = log.subList(first, log.size()).iterator();
        return Optional.of(new Tail() {
            @Override
            public long previousZxid() {
                return previous;
            }

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public LoggedTxn next() {
                return it.next();
            }

            @Override
            public void close() {
            }
        });
    }
}
