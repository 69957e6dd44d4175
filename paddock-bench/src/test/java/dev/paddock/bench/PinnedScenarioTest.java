package dev.paddock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PinnedScenarioTest {
    @Test
    void deletePoolIsFourTimesWhatTheFasterServerCreatesInARunCapped() {
        assertThat(PinnedScenario.deletePool(0, 13_000, 128)).isEqualTo(200_000);
        assertThat(PinnedScenario.deletePool(30_000, 13_000, 128)).isEqualTo(30_000 * 13 * 4 + 128);
        assertThat(PinnedScenario.deletePool(100_000, 13_000, 128)).isEqualTo(3_000_000);
    }
}
