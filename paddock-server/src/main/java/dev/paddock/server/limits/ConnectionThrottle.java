package dev.paddock.server.limits;

import dev.paddock.server.OverloadSettings.ConnectionThrottleSettings;
import java.util.random.RandomGenerator;

/**
 * Decides whether a connect request may go on, with ZooKeeper's connection-throttle rules (its BlueThrottle): a
 * token bucket plus optional random early drop.
 *
 * <p>The bucket starts full ({@code tokens}). Each admitted request takes {@code need} tokens; a request that
 * finds too few is refused. When more than {@code fillTimeMs} has passed since the last refill, the bucket gains
 * {@code elapsed * fillCount / fillTimeMs} tokens (never above {@code tokens}). So short bursts pass, and a
 * sustained rate is held to {@code fillCount} per {@code fillTimeMs}.
 *
 * <p>A pure bucket favours whoever arrives just after a refill. With {@code freezeTimeMs} not -1, every request is
 * first dropped at random with the current drop chance, and that chance is adjusted at most once per
 * {@code freezeTimeMs}: up by {@code dropIncrease} (to at most 1) when the bucket is found empty, down by
 * {@code dropDecrease} (to at least 0) when it is found holding a deficit of at most
 * {@code decreaseRatio * tokens}. Under steady overload the chance settles where the survivors fit the bucket;
 * when the load goes, it falls back to 0.
 *
 * <p>Time is passed in (monotonic milliseconds) and the random source is given, so the state machine is
 * deterministic under test. Thread-safe: connect requests arrive on several I/O threads.
 */
public final class ConnectionThrottle {
    private final int maxTokens;
    private final int fillTimeMs;
    private final int fillCount;
    private final int freezeTimeMs;
    private final double dropIncrease;
    private final double dropDecrease;
    private final double decreaseRatio;
    private final RandomGenerator random;

    private int tokens;
    private long lastFillMs;
    private long lastFreezeMs;
    private double dropChance;

    /**
     * @param nowMs  the current time on the clock later calls will use; the bucket starts full at this time
     * @param random where random drops draw from
     */
    public ConnectionThrottle(ConnectionThrottleSettings settings, long nowMs, RandomGenerator random) {
        if (settings.tokens() < 0 || settings.fillTimeMs() < 1 || settings.fillCount() < 0
                || settings.freezeTimeMs() < -1) {
            throw new IllegalArgumentException("unusable connection throttle settings: " + settings);
        }
        this.maxTokens = settings.tokens();
        this.fillTimeMs = settings.fillTimeMs();
        this.fillCount = settings.fillCount();
        this.freezeTimeMs = settings.freezeTimeMs();
        this.dropIncrease = settings.dropIncrease();
        this.dropDecrease = settings.dropDecrease();
        this.decreaseRatio = settings.decreaseRatio();
        this.random = random;
        this.tokens = maxTokens;
        this.lastFillMs = nowMs;
        this.lastFreezeMs = nowMs;
    }

    /** A throttle that admits everything (ZooKeeper's default: 0 tokens). */
    public static ConnectionThrottle off() {
        return new ConnectionThrottle(ConnectionThrottleSettings.defaults(), 0, RandomGenerator.getDefault());
    }

    /** Whether the throttle limits anything (tokens &gt; 0). */
    public boolean enabled() {
        return maxTokens > 0;
    }

    /**
     * Whether a request needing {@code need} tokens may go on at {@code nowMs}; if so, its tokens are taken.
     * Always true when the throttle is off.
     */
    public synchronized boolean checkLimit(int need, long nowMs) {
        if (maxTokens == 0) {
            return true;
        }
        refill(nowMs);
        if (freezeTimeMs != -1 && dropAtRandom(nowMs)) {
            return false;
        }
        if (tokens < need) {
            return false;
        }
        tokens -= need;
        return true;
    }

    private void refill(long nowMs) {
        long elapsed = nowMs - lastFillMs;
        if (elapsed > fillTimeMs) {
            // saturating: a long idle spell fills the bucket and cannot overflow the count
            long gained = elapsed > Long.MAX_VALUE / Math.max(fillCount, 1) ? maxTokens
                    : Math.min(elapsed * fillCount / fillTimeMs, maxTokens);
            tokens = (int) Math.min(tokens + gained, maxTokens);
            lastFillMs = nowMs;
        }
    }

    /** Adjusts the drop chance if a freeze period has passed, then draws: true means drop this request. */
    private boolean dropAtRandom(long nowMs) {
        if (nowMs - lastFreezeMs > freezeTimeMs) {
            int deficit = maxTokens - tokens;
            if (deficit == maxTokens && dropChance < 1) {
                dropChance = Math.min(dropChance + dropIncrease, 1);
            } else if (deficit <= Math.round(maxTokens * decreaseRatio) && dropChance > 0) {
                dropChance = Math.max(dropChance - dropDecrease, 0);
            }
            lastFreezeMs = nowMs;
        }
        return dropChance > 0 && random.nextDouble() < dropChance;
    }

    /** The current chance (0 to 1) that a request is dropped at random before the bucket is asked. */
    public synchronized double dropChance() {
        return dropChance;
    }

    /** Tokens missing from a full bucket. */
    public synchronized int deficit() {
        return maxTokens - tokens;
    }

    /** Tokens in the bucket now (without a refill). */
    public synchronized int tokens() {
        return tokens;
    }
}
