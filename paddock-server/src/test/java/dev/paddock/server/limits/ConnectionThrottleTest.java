package dev.paddock.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.server.OverloadSettings.ConnectionThrottleSettings;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The connection throttle as a state machine: time and random draws are given, so every step is exact. */
class ConnectionThrottleTest {

    /** Hands out the doubles it was given, then fails: a test that draws more than it scripted is wrong. */
    private static final class Draws implements RandomGenerator {
        private final Deque<Double> next = new ArrayDeque<>();
        int drawn;

        Draws add(double... values) {
            for (double v : values) {
                next.add(v);
            }
            return this;
        }

        @Override
        public double nextDouble() {
            drawn++;
            Double d = next.poll();
            if (d == null) {
                throw new AssertionError("unexpected random draw");
            }
            return d;
        }

        @Override
        public long nextLong() {
            throw new AssertionError("only nextDouble is used");
        }
    }

    private static ConnectionThrottleSettings bucket(int tokens, int fillTimeMs, int fillCount) {
        return new ConnectionThrottleSettings(tokens, fillTimeMs, fillCount, -1, 0.02, 0.002, 0);
    }

    @Test
    void offAdmitsEverything() {
        ConnectionThrottle t = new ConnectionThrottle(bucket(0, 1, 1), 0, new Draws());
        assertThat(t.enabled()).isFalse();
        for (int i = 0; i < 10_000; i++) {
            assertThat(t.checkLimit(1, 0)).isTrue();
        }
        assertThat(t.deficit()).isZero();
        assertThat(ConnectionThrottle.off().checkLimit(5, 123)).isTrue();
    }

    @Test
    void aFullBucketLetsABurstThroughThenRefuses() {
        ConnectionThrottle t = new ConnectionThrottle(bucket(3, 100, 1), 1000, new Draws());
        assertThat(t.enabled()).isTrue();
        assertThat(t.checkLimit(1, 1000)).isTrue();
        assertThat(t.checkLimit(1, 1000)).isTrue();
        assertThat(t.deficit()).isEqualTo(2);
        assertThat(t.checkLimit(1, 1000)).isTrue();
        assertThat(t.checkLimit(1, 1000)).isFalse();
        assertThat(t.checkLimit(1, 1050)).as("50 ms is within one fill time: no refill").isFalse();
        assertThat(t.tokens()).isZero();
        assertThat(t.deficit()).isEqualTo(3);
    }

    @Test
    void aRequestNeedingMoreThanIsLeftIsRefusedAndTakesNothing() {
        ConnectionThrottle t = new ConnectionThrottle(bucket(5, 100, 1), 0, new Draws());
        assertThat(t.checkLimit(3, 0)).isTrue();
        assertThat(t.checkLimit(3, 0)).isFalse();
        assertThat(t.tokens()).isEqualTo(2);
        assertThat(t.checkLimit(2, 0)).isTrue();
    }

    @Test
    void theBucketRefillsByElapsedTimeTimesFillCountOverFillTime() {
        ConnectionThrottle t = new ConnectionThrottle(bucket(10, 100, 2), 0, new Draws());
        for (int i = 0; i < 10; i++) {
            assertThat(t.checkLimit(1, 0)).isTrue();
        }
        assertThat(t.checkLimit(1, 100)).as("exactly one fill time is not more than it").isFalse();
        assertThat(t.checkLimit(1, 101)).as("101 ms: 101*2/100 = 2 tokens").isTrue();
        assertThat(t.tokens()).isEqualTo(1);
        // the refill time moved to 101: 250 ms later gives 5 tokens (1 + 5 = 6, one of them taken now)
        assertThat(t.checkLimit(1, 351)).isTrue();
        assertThat(t.tokens()).isEqualTo(5);
    }

    @Test
    void refillStopsAtTheBucketSizeEvenAfterAVeryLongIdleSpell() {
        ConnectionThrottle t = new ConnectionThrottle(bucket(4, 1, 1_000_000), 0, new Draws());
        assertThat(t.checkLimit(4, 0)).isTrue();
        assertThat(t.checkLimit(1, Long.MAX_VALUE / 2_000_000)).isTrue();
        assertThat(t.tokens()).isEqualTo(3);
        assertThat(t.checkLimit(3, 0)).isTrue();
        assertThat(t.checkLimit(1, Long.MAX_VALUE - 1)).as("elapsed * fillCount would overflow a long").isTrue();
        assertThat(t.tokens()).isEqualTo(3);
    }

    @Test
    void randomDropRisesWhileTheBucketIsEmptyAndRefusesWithoutTakingTokens() {
        // freeze 10 ms, +0.25 per freeze period with an empty bucket, -0.125 when the deficit is 0
        ConnectionThrottleSettings s = new ConnectionThrottleSettings(2, 1000, 1, 10, 0.25, 0.125, 0);
        Draws draws = new Draws();
        ConnectionThrottle t = new ConnectionThrottle(s, 0, draws);
        assertThat(t.checkLimit(1, 0)).isTrue();
        assertThat(t.checkLimit(1, 0)).isTrue();
        assertThat(draws.drawn).as("no draw while the drop chance is 0").isZero();
        assertThat(t.checkLimit(1, 5)).as("empty; still inside the freeze period: chance stays 0").isFalse();
        assertThat(t.dropChance()).isZero();

        draws.add(0.9);
        assertThat(t.checkLimit(1, 11)).as("empty after the freeze period: chance 0.25, draw 0.9 survives, "
                + "then the empty bucket refuses").isFalse();
        assertThat(t.dropChance()).isEqualTo(0.25);
        draws.add(0.1);
        assertThat(t.checkLimit(1, 15)).as("draw 0.1 < 0.25: dropped").isFalse();
        draws.add(0.4);
        assertThat(t.checkLimit(1, 22)).isFalse();
        assertThat(t.dropChance()).isEqualTo(0.5);
        for (long now : new long[] {33, 44, 55, 66}) {
            draws.add(0.99);
            t.checkLimit(1, now);
        }
        assertThat(t.dropChance()).as("capped at 1").isEqualTo(1.0);
        assertThat(draws.drawn).isEqualTo(7);
    }

    @Test
    void randomDropFallsWhileTheDeficitIsAtMostTheDecreasePointAndHoldsAboveIt() {
        // 4 tokens, refilled 4 per 100 ms; freeze 10 ms; +0.5 / -0.25 (exact in binary); decrease point
        // round(4 * 0.25) = 1
        ConnectionThrottleSettings s = new ConnectionThrottleSettings(4, 100, 4, 10, 0.5, 0.25, 0.25);
        Draws draws = new Draws();
        ConnectionThrottle t = new ConnectionThrottle(s, 0, draws);
        assertThat(t.checkLimit(4, 0)).isTrue();
        draws.add(0.99);
        assertThat(t.checkLimit(1, 11)).isFalse();
        assertThat(t.dropChance()).isEqualTo(0.5);
        draws.add(0.99);
        assertThat(t.checkLimit(1, 22)).as("chance 1: every draw drops").isFalse();
        assertThat(t.dropChance()).isEqualTo(1.0);

        draws.add(0.99);
        assertThat(t.checkLimit(1, 150)).as("refilled to full, then the freeze check lowers the chance; "
                + "0.99 survives 0.75").isTrue();
        assertThat(t.dropChance()).isEqualTo(0.75);
        draws.add(0.99);
        assertThat(t.checkLimit(1, 161)).as("deficit 1 = the decrease point: lowered again").isTrue();
        assertThat(t.dropChance()).isEqualTo(0.5);
        draws.add(0.99);
        assertThat(t.checkLimit(1, 172)).as("deficit 2 > 1: the chance holds").isTrue();
        assertThat(t.dropChance()).isEqualTo(0.5);
        assertThat(t.tokens()).isEqualTo(1);
        draws.add(0.25);
        assertThat(t.checkLimit(1, 175)).as("draw 0.25 < 0.5: dropped before the bucket").isFalse();
        assertThat(t.tokens()).as("a dropped request takes no token").isEqualTo(1);

        draws.add(0.99);
        assertThat(t.checkLimit(1, 300)).as("refilled to full: lowered to 0.25").isTrue();
        assertThat(t.dropChance()).isEqualTo(0.25);
        int drawnBefore = draws.drawn;
        assertThat(t.checkLimit(1, 311)).isTrue();
        assertThat(t.dropChance()).as("deficit 1: lowered to 0").isZero();
        assertThat(t.checkLimit(1, 500)).isTrue();
        assertThat(t.dropChance()).as("never below 0").isZero();
        assertThat(draws.drawn).as("no draw once the chance is 0").isEqualTo(drawnBefore);
    }

    @Test
    void unusableSettingsAreRefused() {
        assertThatThrownBy(() -> new ConnectionThrottle(bucket(1, 0, 1), 0, new Draws()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionThrottle(bucket(-1, 1, 1), 0, new Draws()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
