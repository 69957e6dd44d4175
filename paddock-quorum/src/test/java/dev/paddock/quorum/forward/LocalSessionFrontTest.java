package dev.paddock.quorum.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.FakeConnection;
import dev.paddock.core.session.SessionIds;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.multi.MultiResponse;
import dev.paddock.jute.multi.MultiResult;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.jute.txn.ErrorTxn;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Local sessions on a learner (localSessionsEnabled): what reaches the leader, upgrades, and where they live. */
class LocalSessionFrontTest {
    private static CoreConfig config(boolean upgrading) {
        return new CoreConfig(0, 2000, 4000, 40000, null, false, 60_000, false).withLocalSessions(true, upgrading);
    }

    private static CreateRequest create(String path, CreateMode mode) {
        return new CreateRequest(path, new byte[0], DataTree.OPEN_ACL, mode.flag);
    }

    private static void send(TwoFronts f, FakeConnection c, int xid, OpCode op, JuteRecord body) {
        f.learner.request(c, new RequestHeader(xid, op.code), body, f.now);
        f.stabilize();
    }

    private static List<OpCode> logged(TwoFronts f) {
        return f.log.stream().map(t -> OpCode.of(t.header().type())).toList();
    }

    @Test
    void aLocalSessionOnTheLearnerWritesThroughTheLeaderWhichNeverHearsOfTheSession() {
        TwoFronts f = new TwoFronts(config(true));
        FakeConnection c = new FakeConnection();
        long session = f.connect(f.learner, c);
        assertThat(session >> 56).isEqualTo(2);
        assertThat(f.gateway.takeOutbox()).as("nothing forwarded for the new session").isEmpty();

        send(f, c, 1, OpCode.CREATE, create("/p", CreateMode.PERSISTENT));
        send(f, c, 2, OpCode.SYNC, new SyncRequest("/"));
        send(f, c, 3, OpCode.GET_DATA, new GetDataRequest("/p", false));
        assertThat(c.errors()).containsExactly(0, 0, 0);
        assertThat(logged(f)).containsExactly(OpCode.CREATE);
        assertThat(f.leader.pipeline().session(session)).isNull();
        assertThat(f.learner.localSessionCount()).isEqualTo(1);
        assertThat(f.learner.globalSessionCount()).isZero();
        assertThat(f.gateway.touchedSessions()).as("a local session is not reported in PINGs").isEmpty();

        send(f, c, 4, OpCode.CLOSE_SESSION, null);
        assertThat(c.closed).isTrue();
        assertThat(logged(f)).as("closed locally").containsExactly(OpCode.CREATE);
        assertThat(f.learner.localSessionCount()).isZero();
    }

    @Test
    void anEphemeralCreateUpgradesTheLearnersSessionThroughTheLeader() {
        TwoFronts f = new TwoFronts(config(true));
        FakeConnection c = new FakeConnection();
        long session = f.connect(f.learner, c);
        send(f, c, 1, OpCode.CREATE, create("/e", CreateMode.EPHEMERAL));
        assertThat(c.errors()).containsExactly(0);
        assertThat(logged(f)).containsExactly(OpCode.CREATE_SESSION, OpCode.CREATE);
        assertThat(f.leader.pipeline().isLive(session)).isTrue();
        assertThat(f.learner.localSessionCount()).isZero();
        assertThat(f.learnerTree.get("/e").ephemeralOwner()).isEqualTo(session);

        f.learner.request(c, new RequestHeader(-2, OpCode.PING.code), null, f.now);
        assertThat(f.gateway.touchedSessions()).as("global now: the leader hears of it").contains(session);

        send(f, c, 2, OpCode.CLOSE_SESSION, null);
        assertThat(logged(f)).endsWith(OpCode.CLOSE_SESSION);
        assertThat(f.learnerTree.get("/e")).isNull();
        assertThat(f.leaderTree.get("/e")).isNull();
    }

    @Test
    void aMultiWithAnEphemeralUpgradesFirst() {
        TwoFronts f = new TwoFronts(config(true));
        FakeConnection c = new FakeConnection();
        long session = f.connect(f.learner, c);
        send(f, c, 1, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/m", CreateMode.PERSISTENT)),
                new MultiOp(OpCode.CREATE, create("/m/q", CreateMode.EPHEMERAL)))));
        assertThat(c.errors()).containsExactly(0);
        assertThat(logged(f)).containsExactly(OpCode.CREATE_SESSION, OpCode.MULTI);
        assertThat(f.leaderTree.get("/m/q").ephemeralOwner()).isEqualTo(session);
    }

    @Test
    void withoutUpgradingTheClientIsToldEphemeralOnLocalSessionAndTheLeaderRefusesTheCreate() {
        TwoFronts f = new TwoFronts(config(false));
        FakeConnection c = new FakeConnection();
        f.connect(f.learner, c);
        send(f, c, 1, OpCode.CREATE, create("/e", CreateMode.EPHEMERAL));
        assertThat(c.errors()).containsExactly(ErrorCode.EPHEMERALONLOCALSESSION.code);
        // as ZooKeeper: the learner forwards it anyway and the leader, not knowing the session, refuses it
        assertThat(logged(f)).containsExactly(OpCode.ERROR);
        assertThat(((ErrorTxn) f.log.get(0).txn()).err()).isEqualTo(ErrorCode.SESSIONEXPIRED.code);
        assertThat(f.leaderTree.get("/e")).isNull();

        // a multi is answered with the leader's results, as ZooKeeper's learner does
        send(f, c, 2, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/e2", CreateMode.EPHEMERAL)))));
        List<MultiResult> results = ((MultiResponse) c.replies().get(1).body()).results();
        assertThat(results).extracting(MultiResult::err).containsExactly(ErrorCode.SESSIONEXPIRED.code);
        assertThat(f.learner.localSessionCount()).isEqualTo(1);
        assertThat(c.closed).isFalse();
    }

    @Test
    void aLocalSessionResumesOnItsServerOnlyAndIsExpiredElsewhere() {
        TwoFronts f = new TwoFronts(config(true));
        FakeConnection c = new FakeConnection();
        long session = f.connect(f.learner, c);
        byte[] password = SessionIds.password(session);

        FakeConnection onLeader = new FakeConnection();
        assertThat(f.connect(f.leader, onLeader, session, password)).as("unknown on the leader").isZero();
        assertThat(onLeader.closed).isTrue();

        FakeConnection again = new FakeConnection();
        assertThat(f.connect(f.learner, again, session, password)).isEqualTo(session);
        assertThat(f.gateway.takeOutbox()).as("revalidated locally, no REVALIDATE").isEmpty();

        // the leader's own local session moved to the learner: the leader says no to the REVALIDATE
        FakeConnection leaderClient = new FakeConnection();
        long leaders = f.connect(f.leader, leaderClient);
        FakeConnection moved = new FakeConnection();
        assertThat(f.connect(f.learner, moved, leaders, SessionIds.password(leaders))).isZero();
        assertThat(f.leader.localSessionCount()).isEqualTo(1);
    }

    @Test
    void aLocalSessionExpiresOnItsServer() {
        TwoFronts f = new TwoFronts(config(true));
        FakeConnection c = new FakeConnection();
        f.connect(f.learner, c);
        f.now += 10_000 + 4000;
        f.learner.tick(f.now);
        f.leader.tick(f.now);
        f.stabilize();
        assertThat(c.closed).isTrue();
        assertThat(f.learner.localSessionCount()).isZero();
        assertThat(f.log).isEmpty();
    }
}
