package dev.paddock.server.faults;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The faults asked for by one version of the control file. All values are milliseconds, zero meaning "none".
 *
 * @param diskDelayMs    added before every fsync of the transaction log and the snapshots ({@code disk.delayMs})
 * @param quorumDelayMs  every packet a server sends on a quorum connection is held this long ({@code quorum.delayMs})
 * @param quorumJitterMs plus a uniform draw from [0, this) ({@code quorum.jitterMs})
 * @param clockOffsetMs  added to the server's wall clock, negative for a clock that jumped back
 *                       ({@code clock.offsetMs}; only the wall clock moves, as with {@code date -s}: stamps change,
 *                       timers run on elapsed time and do not)
 */
public record FaultSettings(long diskDelayMs, long quorumDelayMs, long quorumJitterMs, long clockOffsetMs) {
    public static final String DISK_DELAY = "disk.delayMs";
    public static final String QUORUM_DELAY = "quorum.delayMs";
    public static final String QUORUM_JITTER = "quorum.jitterMs";
    public static final String CLOCK_OFFSET = "clock.offsetMs";
    /** A clock may be off by up to ten days either way. */
    public static final long MAX_CLOCK_OFFSET_MS = 10L * 24 * 3_600_000L;
    /** Larger values are refused as typos: an hour-long hold is never a useful fault. */
    public static final long MAX_MS = 3_600_000L;
    public static final FaultSettings NONE = new FaultSettings(0, 0, 0, 0);

    public FaultSettings {
        for (long v : new long[] {diskDelayMs, quorumDelayMs, quorumJitterMs}) {
            if (v < 0 || v > MAX_MS) {
                throw new IllegalArgumentException("fault delays must be in [0, " + MAX_MS + "] ms, got " + v);
            }
        }
        if (Math.abs(clockOffsetMs) > MAX_CLOCK_OFFSET_MS) {
            throw new IllegalArgumentException("clock offset beyond " + MAX_CLOCK_OFFSET_MS + " ms: " + clockOffsetMs);
        }
    }

    /** Delays only, the clock on time. */
    public FaultSettings(long diskDelayMs, long quorumDelayMs, long quorumJitterMs) {
        this(diskDelayMs, quorumDelayMs, quorumJitterMs, 0);
    }

    public boolean holdsQuorumTraffic() {
        return quorumDelayMs > 0 || quorumJitterMs > 0;
    }

    /**
     * Reads the three keys; a key that is absent or blank is 0. A value that is not a whole number in
     * [0, {@link #MAX_MS}], and any unknown key, is reported to {@code warnings} and otherwise ignored (the key
     * counts as absent), so one typo does not cancel the faults that were spelled right.
     */
    public static FaultSettings parse(Properties p, Consumer<String> warnings) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(Set.of(DISK_DELAY, QUORUM_DELAY, QUORUM_JITTER, CLOCK_OFFSET));
        if (!unknown.isEmpty()) {
            warnings.accept("unknown keys ignored: " + unknown);
        }
        return new FaultSettings(millis(p, DISK_DELAY, warnings), millis(p, QUORUM_DELAY, warnings),
                millis(p, QUORUM_JITTER, warnings), offset(p, warnings));
    }

    private static long offset(Properties p, Consumer<String> warnings) {
        String raw = p.getProperty(CLOCK_OFFSET);
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (Math.abs(v) <= MAX_CLOCK_OFFSET_MS) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        warnings.accept(CLOCK_OFFSET + "=" + raw.trim() + " ignored: not a whole number of ms within ±"
                + MAX_CLOCK_OFFSET_MS);
        return 0;
    }

    private static long millis(Properties p, String key, Consumer<String> warnings) {
        String raw = p.getProperty(key);
        if (raw == null || raw.isBlank()) {
            return 0;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v >= 0 && v <= MAX_MS) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        warnings.accept(key + "=" + raw.trim() + " ignored: not a whole number of ms in [0, " + MAX_MS + "]");
        return 0;
    }

    @Override
    public String toString() {
        return DISK_DELAY + "=" + diskDelayMs + " " + QUORUM_DELAY + "=" + quorumDelayMs + " " + QUORUM_JITTER + "="
                + quorumJitterMs + " " + CLOCK_OFFSET + "=" + clockOffsetMs;
    }
}
