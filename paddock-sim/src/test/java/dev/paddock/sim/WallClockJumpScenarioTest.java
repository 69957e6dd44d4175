package dev.paddock.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataNode;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * One server's wall clock jumps an hour forward, then an hour back (behind true time), on a calm network. The
 * leader's jump shows in the stamps of the transactions it prepares (every replica gets the same stamp), and in
 * nothing else: no session expires, no leader steps down, no timeout fires early or freezes.
 */
class WallClockJumpScenarioTest {
    private static final long HOUR = 3_600_000;
    private static final long SETTLE_MS = 20_000;

    private static Simulation started() {
        Simulation sim = new Simulation(7, SimParams.calm(3, 0));
        sim.start();
        assertThat(sim.runUntil(sim::converged, SETTLE_MS)).as("first election: %s", sim.describe()).isTrue();
        return sim;
    }

    /** Writes through the leader, waits until every server applied it, and returns its node on every server. */
    private static DataNode[] writeEverywhere(Simulation sim) {
        SimNode l = sim.leader();
        long zxid = sim.write(l.sid());
        assertThat(zxid).isPositive();
        assertThat(sim.runUntil(() -> sim.acknowledgedWrites().containsKey(zxid) && sim.converged(), SETTLE_MS))
                .as("write 0x%s applied: %s", Long.toHexString(zxid), sim.describe()).isTrue();
        String path = sim.acknowledgedWrites().get(zxid);
        return sim.nodes().stream().map(n -> n.tree().get(path)).toArray(DataNode[]::new);
    }

    @Test
    void aLeadersWallClockJumpMovesStampsAndNothingElse() {
        Simulation sim = started();
        long leader = sim.leader().sid();
        long epoch = sim.leader().epoch();
        Map<Long, Integer> sessions = Map.copyOf(sim.leader().sessions());
        assertThat(sessions).as("the scenario writers' sessions").isNotEmpty();

        long before = writeEverywhere(sim)[0].ctime();

        sim.jumpWallClock(leader, HOUR);
        long stamp = sim.wallClockMs(leader);
        DataNode[] ahead = writeEverywhere(sim);
        for (DataNode n : ahead) {
            assertThat(n.ctime()).as("ctime on every replica is the leader's jumped wall clock")
                    .isBetween(stamp, stamp + 1_000).isGreaterThan(before + HOUR);
            assertThat(n.mtime()).isEqualTo(n.ctime());
        }

        sim.jumpWallClock(leader, -2 * HOUR);
        DataNode[] behind = writeEverywhere(sim);
        assertThat(behind[0].ctime()).as("an hour behind: earlier than the writes before it").isLessThan(before);

        sim.runFor(30_000); // longer than any session timeout and every sync/init limit
        assertThat(sim.converged()).as("%s", sim.describe()).isTrue();
        assertThat(sim.leader().sid()).as("the leader never stepped down").isEqualTo(leader);
        assertThat(sim.leader().epoch()).isEqualTo(epoch);
        assertThat(sim.leader().sessions().keySet()).as("no session expired").containsAll(sessions.keySet());
        assertThat(sim.violations()).isEmpty();
    }

    @Test
    void aFollowersWallClockJumpChangesNoStamp() {
        Simulation sim = started();
        long leader = sim.leader().sid();
        long follower = sim.nodes().stream().map(SimNode::sid).filter(s -> s != leader).findFirst().orElseThrow();

        sim.jumpWallClock(follower, -HOUR);
        long leaderWall = sim.wallClockMs(leader);
        DataNode[] written = writeEverywhere(sim);
        assertThat(written[0].ctime()).as("the leader stamps; a follower's clock does not matter")
                .isBetween(leaderWall, leaderWall + 1_000);

        sim.runFor(30_000);
        assertThat(sim.converged()).isTrue();
        assertThat(sim.leader().sid()).isEqualTo(leader);
        assertThat(sim.node(follower).leaderSid()).isEqualTo(leader);
        assertThat(sim.violations()).isEmpty();
        assertThat(Set.copyOf(sim.events())).anyMatch(e -> e.contains("wall clock of " + follower));
    }
}
