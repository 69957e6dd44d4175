package dev.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A server that stops serving closes its clients' connections, and a client learns of the close one network delay
 * later (as a FIN would tell it), not when its own watchdog gives up on a silent server two thirds of a session
 * timeout later.
 */
class ServerClosesClientScenarioTest {
    private static final long SETTLE_MS = 20_000;

    @Test
    void aClientLearnsOfItsServersCloseAfterANetworkDelay() {
        Simulation sim = new Simulation(11, SimParams.calm(3, 0));
        sim.start();
        assertThat(sim.runUntil(sim::converged, SETTLE_MS)).as("first election: %s", sim.describe()).isTrue();
        long leader = sim.leader().sid();
        long follower = sim.nodes().stream().map(SimNode::sid).filter(s -> s != leader).findFirst().orElseThrow();
        SimClient writer = sim.writer(follower);
        assertThat(writer.state()).isEqualTo(SimClient.State.CONNECTED);

        sim.partition(Set.of(follower));
        assertThat(sim.runUntil(() -> !sim.node(follower).isServing(), SETTLE_MS))
                .as("the follower cut off from its leader stops serving: %s", sim.describe()).isTrue();
        long stopped = sim.nowMs();
        // the calm network delivers within 5 ms; a client that missed the close would wait 4 s (2/3 of 6 s)
        assertThat(sim.runUntil(() -> writer.state() != SimClient.State.CONNECTED, 50))
                .as("the writer noticed the close by %d ms after its server stopped serving", sim.nowMs() - stopped)
                .isTrue();
        assertThat(sim.nowMs() - stopped).isLessThanOrEqualTo(50);

        sim.heal();
        assertThat(sim.runUntil(sim::converged, SETTLE_MS)).as("healed: %s", sim.describe()).isTrue();
        assertThat(writer.state()).isEqualTo(SimClient.State.CONNECTED);
        assertThat(sim.violations()).isEmpty();
    }
}
