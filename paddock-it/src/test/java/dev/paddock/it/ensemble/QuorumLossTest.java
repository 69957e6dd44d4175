package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing is acknowledged without a quorum: with both followers frozen (SIGSTOP) the leader acknowledges at most
 * the one write already in flight, then steps down; once they run again the ensemble re-forms, writes resume,
 * and every acknowledged write is on every server.
 */
class QuorumLossTest {

    @Test
    void noWriteIsAcknowledgedWithoutAQuorum() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("quorum-loss"), 3, 0, Map.of())) {
            e.startAll();
            Member leader = e.awaitFormed();
            List<Member> followers = e.members().stream().filter(m -> m != leader).toList();
            List<String> acked;
            try (SequentialWriter w = new SequentialWriter(leader.connectString(), "/load")) {
                ProcessEnsemble.await("writes", Duration.ofSeconds(60),
                        () -> { w.check(); return w.ackCount() >= 100; }, () -> w.ackCount() + " acks");
                for (Member f : followers) {
                    f.pause();
                }
                int frozen = w.ackCount();
                ProcessEnsemble.await("leader steps down", Duration.ofSeconds(30),
                        () -> !leader.mode().orElse("-").equals("leader"), () -> "mode " + leader.mode());
                // the writer is synchronous: one write may have been acked by the followers before they froze
                assertThat(w.ackCount()).as("acks without a quorum").isLessThanOrEqualTo(frozen + 1);
                int afterStepDown = w.ackCount();
                for (Member f : followers) {
                    f.resume();
                }
                e.awaitFormed();
                ProcessEnsemble.await("writes resume", Duration.ofSeconds(60),
                        () -> { w.check(); return w.ackCount() >= afterStepDown + 100; },
                        () -> w.ackCount() + " acks; modes " + e.modes());
                w.close();
                acked = SequentialWriter.paths(w.acks());
            }
            LeaderFailoverTest.assertEveryAckEverywhere(e, "/load", acked);
        }
    }
}
