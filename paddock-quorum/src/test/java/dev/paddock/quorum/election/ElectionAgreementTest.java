package dev.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What FastLeaderElection promises by itself: when servers start a round together and every message arrives
 * within the finalize wait (nothing lost, delays well under 200 ms), they all decide the same leader in the same round, and it is the one with the highest
 * (epoch, zxid, sid). Under loss or late joiners two servers can decide differently in one round (a quorum seen
 * 200 ms ago may have moved on); Zab's epoch handshake, not the election, settles that, and
 * {@link ElectionChaosTest} checks the system converges regardless. {@code -Delection.seed=N} replays one seed.
 */
class ElectionAgreementTest {

    @Test
    void aRoundStartedTogetherOverAReliableNetworkElectsTheBestServerEverywhere() {
        String one = System.getProperty("election.seed");
        if (one != null) {
            runSeed(Long.parseLong(one));
            return;
        }
        for (long seed = 1; seed <= Integer.getInteger("election.seeds", 1000); seed++) {
            runSeed(seed);
        }
    }

    private static void runSeed(long seed) {
        try {
            run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("election agreement seed " + seed + " failed (replay: -Delection.seed=" + seed
                + "): " + e.getMessage(), e);
        }
    }

    private static String describe(ElectionNet net) {
        return net.nodes.values().stream().map(n -> n.sid + ":" + n.type + "/e" + n.currentEpoch + "/0x"
            + Long.toHexString(n.lastZxid)).collect(Collectors.joining(", "));
    }

    private static void run(long seed) {
        Random random = new Random(seed ^ 0xa9eeL);
        int voters = 1 + 2 * random.nextInt(4); // 1, 3, 5 or 7
        int observers = random.nextInt(3);
        ElectionNet net = new ElectionNet(seed, ElectionNet.view(voters, observers));
        for (long sid = 1; sid <= voters + observers; sid++) {
            long epoch = random.nextInt(3);
            net.add(sid, epoch << 32 | random.nextInt(3), epoch);
        }
        net.maxDelayMs = 1 + random.nextInt(80);
        net.duplicateRate = random.nextDouble() * 0.3;
        // a minority of voters may be down or cut off for the whole round
        int absent = random.nextInt(voters / 2 + 1);
        List<Long> order = net.nodes.keySet().stream().sorted(Comparator.comparing(sid -> random.nextInt()))
            .collect(Collectors.toList());
        Set<Long> away = order.stream().filter(net.view::isVoter).limit(absent).collect(Collectors.toSet());
        boolean cutOff = random.nextBoolean();
        for (long sid : order) {
            if (away.contains(sid)) {
                if (!cutOff) {
                    continue;
                }
                for (long other : net.nodes.keySet()) {
                    net.cut(sid, other);
                }
            }
            net.powerOn(sid); // connected, so nothing sent to it is lost while its election has not started
        }
        for (long sid : order) {
            if (!away.contains(sid) || cutOff) {
                net.runUntil(net.nowMs + random.nextInt(20)); // rounds start a few ms apart
                net.startLooking(sid);
            }
        }
        net.runUntil(net.nowMs + 30_000);

        ElectionNet.Node best = net.nodes.values().stream()
            .filter(n -> n.up && n.type == LearnerType.PARTICIPANT && !away.contains(n.sid))
            .max(Comparator.<ElectionNet.Node>comparingLong(n -> n.currentEpoch).thenComparingLong(n -> n.lastZxid)
                .thenComparingLong(n -> n.sid))
            .orElseThrow();
        for (ElectionNet.Node n : net.nodes.values()) {
            if (!n.up || away.contains(n.sid)) {
                continue;
            }
            assertThat(n.core.state()).as("sid %d", n.sid).isNotEqualTo(ServerState.LOOKING);
            assertThat(n.core.currentVote().leader()).as("sid %d follows; servers %s; away %s; decisions %s", n.sid,
                describe(net), away, net.decisions).isEqualTo(best.sid);
        }
        List<ElectionNet.Decision> decisions = net.decisions.stream().filter(d -> !away.contains(d.sid())).toList();
        assertThat(decisions).as("one decision per connected server")
            .hasSize((int) net.nodes.values().stream().filter(n -> n.up && !away.contains(n.sid)).count());
        assertThat(decisions).extracting(d -> d.vote()).containsOnly(decisions.get(0).vote());
        assertThat(decisions.get(0).vote()).isEqualTo(new Vote(best.sid, best.lastZxid, 1, best.currentEpoch));
        assertThat(decisions).filteredOn(d -> d.role() == ServerState.LEADING).singleElement()
            .satisfies(d -> assertThat(d.sid()).isEqualTo(best.sid));
    }
}
