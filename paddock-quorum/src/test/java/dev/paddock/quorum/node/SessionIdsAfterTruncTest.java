package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A learner's client front rebuilt after a TRUNC hands out session ids seeded from the time, as every front does.
 * It was seeded from 0, so every reload in a process's life handed out the same ids again (the simulator saw a
 * client given the id of a session that had ended).
 */
class SessionIdsAfterTruncTest {
    @Test
    void sessionIdsAfterATruncAreSeededFromTheTime() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode leader = h.leader();
        assertThat(leader.election().config().mySid()).isEqualTo(3);
        FakeConnection c = new FakeConnection();
        leader.clientConnect(c, new ConnectRequest(0, 0, 30_000, 0, new byte[16]), h.now);
        h.carryOut(3);
        h.settle();
        h.crash(1);
        h.crash(2);
        h.settle();
        leader.clientRequest(c, new RequestHeader(1, OpCode.CREATE.code),
                new CreateRequest("/orphan", new byte[0], DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag), h.now);
        h.carryOut(3); // logged by the old leader alone, never committed
        h.settle();
        h.crash(3);
        h.settle();
        h.boot(1);
        h.boot(2);
        h.run(2_000, 20);
        h.boot(3); // behind a leader of a newer epoch with nothing logged in it: TRUNC, then the reload
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode back = h.nodes.get(3L);
        assertThat(back.role()).isEqualTo(NodeOutput.Role.FOLLOWING);
        assertThat(back.tree().get("/orphan")).isNull();

        FakeConnection fresh = new FakeConnection();
        back.clientConnect(fresh, new ConnectRequest(0, 0, 30_000, 0, new byte[16]), h.now);
        h.carryOut(3);
        h.settle();
        long id = ((ConnectResponse) fresh.sent.get(0)).sessionId();
        assertThat(id >>> 56).isEqualTo(3);
        assertThat(id & 0x00FFFFFFFFFFFFFFL).as("the time part of a new session id").isNotZero();
    }
}
