package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded rounds of faults under a write load through every server: kill -9 of the leader, of a random follower,
 * or of every server at once, each restarted before the next round; or the leader frozen (SIGSTOP) until the
 * others have elected a new one, then thawed (a partitioned old leader that wakes up believing it leads). At the
 * end every acknowledged create is on every server.
 * The seed is logged; {@code -Dpaddock.it.chaos.seed=S} replays one, {@code -Dpaddock.it.chaos.rounds=N} (default
 * 3) runs longer, {@code -Dpaddock.it.chaos.size=5} on five servers (a minority of one or two killed at once).
 */
class EnsembleChaosTest {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleChaosTest.class);

    @Test
    void acknowledgedWritesSurviveSeededKills() throws Exception {
        long seed = Long.getLong("paddock.it.chaos.seed", System.nanoTime());
        int rounds = Integer.getInteger("paddock.it.chaos.rounds", 3);
        int size = Integer.getInteger("paddock.it.chaos.size", 3);
        LOG.info("Chaos seed {} ({} rounds, {} servers): replay with -Dpaddock.it.chaos.seed={}", seed, rounds, size,
                seed);
        Random random = new Random(seed);
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("chaos" + size), size, 0,
                Map.of("maxSessionTimeout", "30000"))) {
            e.startAll();
            e.awaitFormed();
            List<String> acked;
            // a short session: a client on a frozen leader gives up on it within seconds
            try (SequentialWriter w = new SequentialWriter(e.connectString(), "/load", 4000)) {
                for (int round = 1; round <= rounds; round++) {
                    int before = w.ackCount();
                    ProcessEnsemble.await("writes before round " + round, Duration.ofSeconds(60),
                            () -> { w.check(); return w.ackCount() >= before + 50; }, () -> w.ackCount() + " acks");
                    Member leader = e.awaitFormed();
                    int fault = random.nextInt(4);
                    if (fault == 3) {
                        LOG.info("Round {} (seed {}): leader {} frozen", round, seed, leader.sid);
                        leader.pause();
                        List<Member> others = e.members().stream().filter(m -> m != leader).toList();
                        Member next = e.awaitFormed(others);
                        long frozenAt = System.nanoTime();
                        ProcessEnsemble.await("writes while the old leader is frozen", Duration.ofSeconds(60),
                                () -> { w.check(); return w.acksAfter(frozenAt) >= 20; },
                                () -> w.acksAfter(frozenAt) + " acks; modes " + e.modes() + "; seed " + seed);
                        leader.resume();
                        e.awaitFormed(e.members());
                        assertThat(e.leader()).as("seed %d", seed).map(m -> m.sid).contains(next.sid);
                        continue;
                    }
                    List<Member> victims = new ArrayList<>();
                    switch (fault) {
                        case 0 -> victims.add(leader);
                        case 1 -> {
                            // a minority: one follower of three; of five, one or two servers, the leader maybe
                            List<Member> pool = new ArrayList<>(size == 3
                                    ? e.members().stream().filter(m -> m != leader).toList() : e.members());
                            Collections.shuffle(pool, random);
                            victims.addAll(pool.subList(0, 1 + random.nextInt((size - 1) / 2)));
                        }
                        default -> victims.addAll(e.members());
                    }
                    LOG.info("Round {} (seed {}): kill -9 of {} (leader {})", round, seed,
                            victims.stream().map(m -> m.sid).toList(), leader.sid);
                    long killedAt = System.nanoTime();
                    for (Member v : victims) {
                        v.kill9();
                    }
                    if (victims.size() == e.members().size()) {
                        e.startAll();
                    } else {
                        ProcessEnsemble.await("writes with a minority down", Duration.ofSeconds(60),
                                () -> { w.check(); return w.acksAfter(killedAt) >= 20; },
                                () -> w.acksAfter(killedAt) + " acks; modes " + e.modes() + "; seed " + seed);
                        for (Member v : victims) {
                            v.start();
                        }
                    }
                    e.awaitFormed(e.members());
                }
                int last = w.ackCount();
                ProcessEnsemble.await("writes after the last round", Duration.ofSeconds(60),
                        () -> { w.check(); return w.ackCount() >= last + 50; }, () -> w.ackCount() + " acks");
                w.close();
                acked = SequentialWriter.paths(w.acks());
            }
            assertThat(acked).hasSizeGreaterThanOrEqualTo(50 * (rounds + 1));
            LeaderFailoverTest.assertEveryAckEverywhere(e, "/load", acked);
        } catch (AssertionError | RuntimeException ex) {
            throw new AssertionError("chaos seed " + seed + ": " + ex.getMessage(), ex);
        }
    }
}
