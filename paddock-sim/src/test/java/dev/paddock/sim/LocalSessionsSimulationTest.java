package dev.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded runs with localSessionsEnabled and localSessionsUpgradingEnabled on every server: the simulated clients'
 * sessions start local, are upgraded by their first ephemeral, and expire when they roam before that; every
 * checker of the random runs still holds.
 */
class LocalSessionsSimulationTest {
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 5537})
    void randomRunsWithLocalSessionsKeepEveryInvariant(long seed) {
        SimResult r = new Simulation(seed, SimParams.random(seed), core -> core.withLocalSessions(true, true)).run();
        assertThat(r.violations()).as(r.summary() + "\n  replay with -Dsim.seed=" + seed
                + " and local sessions on (this test)").isEmpty();
    }
}
