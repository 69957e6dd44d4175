package dev.paddock.server.core;

import dev.paddock.core.LoggedTxn;
import java.util.List;

/**
 * A transaction log that keeps nothing on disk: data lives only in the core's memory and is gone when the
 * process ends. It remembers counts and the last zxid, checks that zxids only grow, and is where a durable log
 * will plug in.
 */
public final class InMemoryTxnLog implements TxnLog {
    private long lastZxid;
    private long appended;
    private long syncs;

    @Override
    public void append(List<LoggedTxn> txns) {
        for (LoggedTxn t : txns) {
            if (t.zxid() <= lastZxid) {
                throw new IllegalStateException("zxid 0x" + Long.toHexString(t.zxid()) + " after 0x"
                        + Long.toHexString(lastZxid));
            }
            lastZxid = t.zxid();
            appended++;
        }
    }

    @Override
    public void sync() {
        syncs++;
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    /** Transactions appended so far. */
    public long appendedCount() {
        return appended;
    }

    public long syncCount() {
        return syncs;
    }

    @Override
    public void close() {
    }
}
