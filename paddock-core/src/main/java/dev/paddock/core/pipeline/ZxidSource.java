package dev.paddock.core.pipeline;

/**
 * Hands out zxids: {@code epoch << 32 | counter}. An ensemble leader's source is bound to its epoch and runs
 * out when the counter would pass 0xffffffff (the leader must then force a new election, which starts a new
 * epoch, as ZooKeeper does). A standalone server's source simply continues from the last zxid.
 */
public final class ZxidSource {
    private static final long COUNTER_MASK = 0xffffffffL;

    private long last;
    private final boolean epochBound;

    private ZxidSource(long last, boolean epochBound) {
        this.last = last;
        this.epochBound = epochBound;
    }

    /** Continues after {@code lastZxid} without an epoch bound (standalone). */
    public static ZxidSource continuing(long lastZxid) {
        return new ZxidSource(lastZxid, false);
    }

    /** The first zxid handed out is {@code epoch << 32 | 1}; the counter may not roll over into the next epoch. */
    public static ZxidSource forEpoch(long epoch) {
        if (epoch < 0 || epoch > COUNTER_MASK) {
            throw new IllegalArgumentException("epoch out of range: " + epoch);
        }
        return new ZxidSource(epoch << 32, true);
    }

    /** An epoch-bound source that continues after {@code lastZxid} (tests reach the end of an epoch with it). */
    static ZxidSource boundAfter(long lastZxid) {
        return new ZxidSource(lastZxid, true);
    }

    /** True when the next zxid would roll the counter into the next epoch: no further zxid may be handed out. */
    public boolean exhausted() {
        return epochBound && (last & COUNTER_MASK) == COUNTER_MASK;
    }

    /** The next zxid. */
    public long next() {
        if (exhausted()) {
            throw new ZxidExhaustedException(last);
        }
        return ++last;
    }

    /** The zxid handed out last (or the starting point). */
    public long last() {
        return last;
    }

    /** The 32-bit counter of this epoch is used up; a new epoch (election) must start before more writes. */
    public static final class ZxidExhaustedException extends IllegalStateException {
        public ZxidExhaustedException(long lastZxid) {
            super("zxid counter exhausted at 0x" + Long.toHexString(lastZxid) + "; a new epoch must start");
        }
    }
}
