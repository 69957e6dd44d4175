package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A member that stops its role keeps what it logged (its replica is fast-forwarded over the uncommitted tail),
 * but that tail was never committed: no client may be told it succeeded. Found by the simulator.
 */
class StepDownAnswersNothingTest {
    @Test
    void leaderThatLosesItsQuorumDoesNotAcknowledgeItsUncommittedProposal() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode leader = h.leader();
        long leaderSid = leader.election().config().mySid();
        FakeConnection c = new FakeConnection();
        leader.clientConnect(c, new ConnectRequest(0, 0, 4000, 0, new byte[16]), h.now);
        h.carryOut(leaderSid);
        h.settle();
        assertThat(c.sessionId()).isNotZero();

        for (long sid : Set.of(1L, 2L, 3L)) {
            if (sid != leaderSid) {
                h.crash(sid);
            }
        }
        h.settle();
        leader.clientRequest(c, new RequestHeader(1, OpCode.CREATE.code),
                new CreateRequest("/lonely", new byte[0], DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag), h.now);
        h.carryOut(leaderSid);
        h.settle();
        h.run(3_000, 50);

        assertThat(leader.serving()).as("the leader steps down without a quorum").isFalse();
        assertThat(c.errors()).as("answers to the never-committed create").doesNotContain(0);
        assertThat(c.closed).isTrue();
    }
}
