package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.zookeeper.ZooKeeper;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kill -9 of the leader while a client writes through a follower: a new leader takes writes, and every
 * acknowledged create is on every server afterwards. Logs the failover time (kill → first acknowledged write).
 * {@code -Dpaddock.it.failover.rounds=N} kills the leader of the moment N times (default 1);
 * {@code -Dpaddock.it.failover.sizes=3,5} runs it on each ensemble size listed (default 3).
 */
class LeaderFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderFailoverTest.class);
    private static final int ROUNDS = Integer.getInteger("paddock.it.failover.rounds", 1);

    static Stream<Integer> sizes() {
        return Arrays.stream(System.getProperty("paddock.it.failover.sizes", "3").split(","))
                .map(String::trim).map(Integer::parseInt);
    }

    @ParameterizedTest(name = "{0} servers")
    @MethodSource("sizes")
    void killedLeaderIsReplacedAndNoAcknowledgedWriteIsLost(int size) throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("failover" + size), size, 0,
                Map.of("maxSessionTimeout", "30000"))) {
            e.startAll();
            Member leader = e.awaitFormed();
            List<Member> followers = e.members().stream().filter(m -> m != leader).toList();
            List<Long> failoverMs = new ArrayList<>();
            List<Long> electionMs = new ArrayList<>();
            List<String> acked;
            try (SequentialWriter w = new SequentialWriter(
                    e.connectString(followers.toArray(Member[]::new)), "/load")) {
                for (int round = 1; round <= ROUNDS; round++) {
                    Member current = e.awaitFormed();
                    int before = w.ackCount();
                    ProcessEnsemble.await("writes before the kill", Duration.ofSeconds(60),
                            () -> { w.check(); return w.ackCount() >= before + 50; },
                            () -> w.ackCount() + " acks");
                    long killedAt = System.nanoTime();
                    Instant killedWall = Instant.now();
                    current.kill9();
                    ProcessEnsemble.await("writes after the kill", Duration.ofSeconds(60),
                            () -> { w.check(); return w.acksAfter(killedAt) >= 50; },
                            () -> w.acksAfter(killedAt) + " acks after the kill; modes " + e.modes()
                                    + "\n" + e.logTails(15));
                    long ms = (w.firstSentAfter(killedAt).atNanos() - killedAt) / 1_000_000;
                    failoverMs.add(ms);
                    Member next = e.awaitFormed(e.members().stream().filter(Member::isAlive).toList());
                    long electedMs = next.lastLeadingSince().map(t -> Duration.between(killedWall, t).toMillis())
                            .orElse(-1L);
                    electionMs.add(electedMs);
                    LOG.info("Round {}: leader {} killed; server {} leads {} ms later (its log); first acknowledged "
                            + "write {} ms after the kill ({} connection losses so far)", round, current.sid, next.sid,
                            electedMs, ms, w.connectionLosses());
                    assertThat(next.sid).isNotEqualTo(current.sid);
                    current.start();
                    ProcessEnsemble.awaitMode(current, "follower"::equals, ProcessEnsemble.FORM_TIMEOUT);
                }
                w.close();
                acked = SequentialWriter.paths(w.acks());
            }
            LOG.info("{} servers: kill -9 of the leader -> new leader serving: {} ms; -> first acknowledged write "
                    + "(client reconnect included): {} ms", size, electionMs, failoverMs);
            e.awaitFormed();
            assertThat(acked).hasSizeGreaterThanOrEqualTo(100 * ROUNDS);
            assertEveryAckEverywhere(e, "/load", acked);
        }
    }

    /** Every acknowledged create exists on every server, and the servers agree on the children. */
    static void assertEveryAckEverywhere(ProcessEnsemble e, String parent, List<String> acked) throws Exception {
        Set<String> first = null;
        for (Member m : e.members()) {
            try (ZooKeeper zk = Clients.connect(m.connectString(), 10000)) {
                zk.sync(parent);
                Set<String> children = new HashSet<>();
                zk.getChildren(parent, false).forEach(c -> children.add(parent + "/" + c));
                assertThat(children).as("acknowledged creates on server %d", m.sid).containsAll(acked);
                if (first != null) {
                    assertThat(children).as("children of %s on server %d", parent, m.sid).isEqualTo(first);
                }
                first = children;
            }
        }
    }
}
