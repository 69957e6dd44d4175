package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.FakeConnection;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SyncRequest;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A sync forwarded to a leader that has proposed nothing yet in its epoch has nothing to wait for. Answering it
 * only after the next commit lets a write the same client sent after the sync reach the replica before the
 * sync's answer, so a read queued behind the sync sees that later write. Found by the simulator.
 */
class SyncInNewEpochTest {
    @Test
    void syncBeforeAnyProposalOfTheEpochIsAnsweredAtOnce() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        assertThat(h.leader().election().config().mySid()).isEqualTo(3);
        FakeConnection c = new FakeConnection();
        h.nodes.get(1L).clientConnect(c, new ConnectRequest(0, 0, 30_000, 0, new byte[16]), h.now);
        h.carryOut(1);
        h.settle();
        ConnectResponse session = (ConnectResponse) c.sent.get(0);
        assertThat(session.sessionId()).isNotZero();

        h.crash(3);
        h.settle();
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode follower = h.nodes.get(1L);
        assertThat(follower.role()).isEqualTo(NodeOutput.Role.FOLLOWING);
        FakeConnection again = new FakeConnection();
        follower.clientConnect(again, new ConnectRequest(0, follower.tree().lastProcessedZxid(), 30_000,
                session.sessionId(), session.passwd()), h.now);
        h.carryOut(1);
        h.settle();
        assertThat(((ConnectResponse) again.sent.get(0)).sessionId()).isEqualTo(session.sessionId());

        follower.clientRequest(again, new RequestHeader(1, OpCode.SYNC.code), new SyncRequest("/"), h.now);
        h.carryOut(1);
        h.settle();
        assertThat(again.replies()).as("the sync is answered with no write after it").hasSize(1);
    }
}
