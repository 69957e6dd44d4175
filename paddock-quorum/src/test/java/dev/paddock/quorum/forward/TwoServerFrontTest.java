package dev.paddock.quorum.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.ServerCore;
import dev.paddock.core.session.SessionIds;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.zab.PacketType;
import org.junit.jupiter.api.Test;

/**
 * A leader's and a learner's client fronts joined by the forwarding packets, with commits delivered by hand (an
 * instant, lossless Zab): clients on the learner get sessions, writes, syncs and reconnects from the leader.
 */
class TwoServerFrontTest {
    private final TwoFronts f = new TwoFronts(new CoreConfig(1, 2000, 4000, 40000, null, false, 60_000, false));
    private final DataTree leaderTree = f.leaderTree;
    private final DataTree learnerTree = f.learnerTree;
    private final ServerCore leader = f.leader;
    private final ForwardingGateway gateway = f.gateway;
    private final ServerCore learner = f.learner;
    private final LearnerRequests intake = f.intake;

    private void stabilize() {
        f.stabilize();
    }

    private long connect(ServerCore server, FakeConnection c) {
        return f.connect(server, c);
    }

    @Test
    void aClientOnTheLearnerWritesThroughTheLeaderAndReadsItsWrite() {
        FakeConnection c = new FakeConnection();
        long session = connect(learner, c);
        assertThat(session >>> 56).as("the learner names its own sessions").isEqualTo(2);

        learner.request(c, new RequestHeader(1, OpCode.CREATE.code),
                new CreateRequest("/x", new byte[] {7}, DataTree.OPEN_ACL, CreateMode.EPHEMERAL.flag), f.now);
        learner.request(c, new RequestHeader(2, OpCode.GET_DATA.code), new GetDataRequest("/x", false), f.now);
        assertThat(c.replies()).isEmpty();
        stabilize();
        assertThat(c.replies()).extracting(r -> r.header().err()).containsExactly(0, 0);
        assertThat(((GetDataResponse) c.replies().get(1).body()).data()).containsExactly(7);
        assertThat(leaderTree.get("/x").ephemeralOwner()).isEqualTo(session);
        assertThat(learnerTree.lastProcessedZxid()).isEqualTo(leaderTree.lastProcessedZxid()).isEqualTo(0x1_0000_0002L);
    }

    @Test
    void pingRepliesKeepALearnersSessionAliveAndItsExpiryReachesTheLearner() {
        FakeConnection c = new FakeConnection();
        long session = connect(learner, c);
        for (int i = 0; i < 10; i++) {
            f.now += 2000;
            learner.request(c, new RequestHeader(-2, OpCode.PING.code), null, f.now);
            intake.onPing(gateway.pingReply(new QuorumPacket(PacketType.PING, 0, null, null)), f.now);
            leader.tick(f.now);
            stabilize();
        }
        assertThat(leader.pipeline().isLive(session)).isTrue();
        assertThat(c.closed).isFalse();

        f.now += 30_000; // the client goes quiet: nothing to report in PINGs
        intake.onPing(gateway.pingReply(new QuorumPacket(PacketType.PING, 0, null, null)), f.now);
        leader.tick(f.now);
        stabilize();
        assertThat(leader.pipeline().isLive(session)).isFalse();
        assertThat(c.closed).as("the learner closes the connection of the expired session").isTrue();

        // a write the learner forwards for a session the leader has expired is refused by the leader
        FakeConnection late = new FakeConnection();
        learner.connect(late, new ConnectRequest(0, 0, 10_000, session, SessionIds.password(session)), f.now);
        stabilize();
        assertThat(((ConnectResponse) late.sent.get(0)).sessionId()).as("revalidation refused").isZero();
        assertThat(late.closed).isTrue();
    }

    @Test
    void aSessionMovesFromTheLeaderToTheLearner() {
        FakeConnection onLeader = new FakeConnection();
        long session = connect(leader, onLeader);
        FakeConnection onLearner = new FakeConnection();
        learner.connect(onLearner, new ConnectRequest(0, leaderTree.lastProcessedZxid(), 10_000, session,
                SessionIds.password(session)), f.now);
        assertThat(onLearner.sent).isEmpty();
        stabilize();
        assertThat(((ConnectResponse) onLearner.sent.get(0)).sessionId()).isEqualTo(session);
        learner.request(onLearner, new RequestHeader(5, OpCode.SYNC.code), new SyncRequest("/"), f.now);
        learner.request(onLearner, new RequestHeader(6, OpCode.GET_DATA.code), new GetDataRequest("/nope", false),
                f.now);
        assertThat(onLearner.replies()).isEmpty();
        stabilize();
        assertThat(onLearner.replies()).extracting(r -> r.header().xid()).containsExactly(5, 6);
        assertThat(onLearner.replies().get(1).header().err()).isEqualTo(ErrorCode.NONODE.code);
    }

    @Test
    void aRequestTheOldServerStillForwardsAfterTheSessionMovedIsRefusedWithSessionMoved() {
        FakeConnection onLearner = new FakeConnection();
        long session = connect(learner, onLearner);
        // the client moves to the leader (say its connection to the learner looked dead)
        FakeConnection onLeader = new FakeConnection();
        leader.connect(onLeader, new ConnectRequest(0, leaderTree.lastProcessedZxid(), 10_000, session,
                SessionIds.password(session)), f.now);
        assertThat(onLeader.sessionId()).isEqualTo(session);
        // ... while the learner still forwards a write the client sent it before
        learner.request(onLearner, new RequestHeader(9, OpCode.CREATE.code),
                new CreateRequest("/stale", new byte[0], DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag), f.now);
        stabilize();
        assertThat(onLearner.errors()).containsExactly(ErrorCode.SESSIONMOVED.code);
        assertThat(leaderTree.get("/stale")).isNull();
        // the session works where it is now
        leader.request(onLeader, new RequestHeader(10, OpCode.CREATE.code),
                new CreateRequest("/fresh", new byte[0], DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag), f.now);
        stabilize();
        assertThat(onLeader.errors()).containsExactly(0);
    }
}
