package dev.paddock.sim;

import dev.paddock.core.WallClock;
import java.util.Map;
import java.util.TreeMap;

/**
 * The servers' wall clocks in a simulation: each reads a base derived from the seed, plus simulated time, plus its
 * own offset, which a clock-jump fault moves (as {@code date -s} would on a real machine). Simulated time itself,
 * which drives every timer, never jumps; so a jump may only change transaction stamps (ctime/mtime), never when a
 * session expires or a timeout fires. The base comes from the seed alone (no draw from the run's random stream).
 */
final class SimWallClocks {
    private final long baseMs;
    private final Map<Long, Long> offsets = new TreeMap<>();

    SimWallClocks(long seed) {
        // a 2023-ish epoch time, different per seed: stamps look real and differ between runs
        this.baseMs = 1_700_000_000_000L + Math.floorMod(seed * 0x9E3779B97F4A7C15L, 100_000_000_000L);
    }

    /** Server {@code sid}'s wall clock, following its offset as faults move it. */
    WallClock of(long sid) {
        return elapsedMs -> baseMs + elapsedMs + offset(sid);
    }

    /** What server {@code sid}'s wall clock reads at simulated time {@code nowMs}. */
    long wallMs(long sid, long nowMs) {
        return of(sid).wallMs(nowMs);
    }

    long offset(long sid) {
        return offsets.getOrDefault(sid, 0L);
    }

    /** Server {@code sid}'s wall clock jumps by {@code deltaMs} (either way). */
    void jump(long sid, long deltaMs) {
        offsets.merge(sid, deltaMs, Long::sum);
    }

    /** Every wall clock agrees with simulated time again. */
    void resetAll() {
        offsets.clear();
    }
}
