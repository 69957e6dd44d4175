package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A follower killed and restarted while writes keep coming catches up in the middle of the broadcast (proposals
 * arrive while it syncs) and ends with every acknowledged write. {@code -Dpaddock.it.restart.rounds=N} (default 2).
 */
class FollowerRestartUnderLoadTest {
    private static final int ROUNDS = Integer.getInteger("paddock.it.restart.rounds", 2);

    @Test
    void followerRestartedUnderLoadEndsWithEveryAcknowledgedWrite() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("restart-load"), 3, 0, Map.of())) {
            e.startAll();
            Member leader = e.awaitFormed();
            List<Member> followers = e.members().stream().filter(m -> m != leader).toList();
            List<String> acked;
            try (SequentialWriter w = new SequentialWriter(leader.connectString(), "/load")) {
                for (int round = 0; round < ROUNDS; round++) {
                    Member f = followers.get(round % followers.size());
                    int before = w.ackCount();
                    ProcessEnsemble.await("writes before the kill", Duration.ofSeconds(60),
                            () -> { w.check(); return w.ackCount() >= before + 100; }, () -> w.ackCount() + " acks");
                    f.kill9();
                    int down = w.ackCount();
                    ProcessEnsemble.await("writes while it is down", Duration.ofSeconds(60),
                            () -> { w.check(); return w.ackCount() >= down + 100; }, () -> w.ackCount() + " acks");
                    int syncs = f.syncLines().size();
                    f.start();
                    ProcessEnsemble.await("server." + f.sid + " synced under load", ProcessEnsemble.FORM_TIMEOUT,
                            () -> { f.checkAlive(); return f.syncLines().size() > syncs; }, () -> e.logTails(10));
                    ProcessEnsemble.awaitMode(f, "follower"::equals, ProcessEnsemble.FORM_TIMEOUT);
                    assertThat(leader.mode()).contains("leader");
                }
                int last = w.ackCount();
                ProcessEnsemble.await("writes after the last restart", Duration.ofSeconds(60),
                        () -> { w.check(); return w.ackCount() >= last + 100; }, () -> w.ackCount() + " acks");
                w.close();
                assertThat(w.connectionLosses()).as("the writer's server never went away").isZero();
                acked = SequentialWriter.paths(w.acks());
            }
            LeaderFailoverTest.assertEveryAckEverywhere(e, "/load", acked);
        }
    }
}
