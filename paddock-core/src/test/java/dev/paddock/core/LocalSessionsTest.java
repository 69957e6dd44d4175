package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.pipeline.Preparer;
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
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.txn.ErrorTxn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Local sessions on an ensemble leader's client front (localSessionsEnabled), every transaction it hands out
 * recorded and committed at once: sessions that cost no transaction until they create an ephemeral node.
 */
class LocalSessionsTest {
    private static final long LEADER = 1;
    private long now = 5_000_000;
    private final List<LoggedTxn> log = new ArrayList<>();
    private ServerCore core;

    private void start(boolean upgrading) {
        CoreConfig config = new CoreConfig(LEADER, 2000, 4000, 40000, null, false, 60_000, false)
                .withLocalSessions(true, upgrading);
        core = ServerCore.leading(config, now, new DataTree(), Map.of(), 1);
    }

    private void flush() {
        List<LoggedTxn> p = core.takeProposals();
        if (!p.isEmpty()) {
            log.addAll(p);
            core.committed(p.get(p.size() - 1).zxid(), now);
        }
    }

    private FakeConnection connect(long sessionId) {
        FakeConnection c = new FakeConnection();
        core.connect(c, new ConnectRequest(0, 0, 6000, sessionId,
                sessionId == 0 ? new byte[16] : SessionIds.password(sessionId)), now);
        flush();
        return c;
    }

    private void call(FakeConnection c, int xid, OpCode op, JuteRecord body) {
        core.request(c, new RequestHeader(xid, op.code), body, now);
        flush();
    }

    private static CreateRequest create(String path, CreateMode mode) {
        return new CreateRequest(path, new byte[0], DataTree.OPEN_ACL, mode.flag);
    }

    private List<OpCode> logged() {
        return log.stream().map(t -> OpCode.of(t.header().type())).toList();
    }

    @Test
    void aLocalSessionIsCreatedReadsWritesAndClosesWithoutSessionTransactions() {
        start(true);
        FakeConnection c = connect(0);
        long session = c.sessionId();
        assertThat(session >> 56).as("in the leader's id space").isEqualTo(LEADER);
        assertThat(log).as("no createSession transaction").isEmpty();
        assertThat(core.localSessionCount()).isEqualTo(1);
        assertThat(core.globalSessionCount()).isZero();
        assertThat(core.sessions()).extracting(SessionView::sessionId).containsExactly(session);

        call(c, 1, OpCode.CREATE, create("/p", CreateMode.PERSISTENT));
        call(c, 2, OpCode.CLOSE_SESSION, null);
        assertThat(c.errors()).containsExactly(0, 0);
        assertThat(c.closed).isTrue();
        assertThat(logged()).as("the write is a transaction, the close is not").containsExactly(OpCode.CREATE);
        assertThat(core.localSessionCount()).isZero();

        FakeConnection again = connect(session);
        assertThat(again.sessionId()).as("a closed local session cannot be resumed").isZero();
    }

    @Test
    void aLocalSessionExpiresHereWithoutATransactionAndResumesWhileAlive() {
        start(true);
        FakeConnection c = connect(0);
        long session = c.sessionId();
        now += 4000;
        core.tick(now);
        FakeConnection back = connect(session);
        assertThat(back.sessionId()).as("resumed on the server that holds it").isEqualTo(session);
        assertThat(c.closed).as("the old connection of the moved session").isTrue();

        now += 6000 + 2000;
        core.tick(now);
        flush();
        assertThat(back.closed).isTrue();
        assertThat(log).isEmpty();
        assertThat(core.localSessionCount()).isZero();
        assertThat(connect(session).sessionId()).as("expired").isZero();
    }

    @Test
    void anEphemeralCreateUpgradesTheSessionThroughTheLeaderFirst() {
        start(true);
        FakeConnection c = connect(0);
        long session = c.sessionId();
        call(c, 1, OpCode.CREATE, create("/e", CreateMode.EPHEMERAL));
        assertThat(c.errors()).containsExactly(0);
        assertThat(logged()).containsExactly(OpCode.CREATE_SESSION, OpCode.CREATE);
        assertThat(log.get(0).header().clientId()).isEqualTo(session);
        assertThat(core.tree().get("/e").ephemeralOwner()).isEqualTo(session);
        assertThat(core.localSessionCount()).isZero();
        assertThat(core.globalSessionCount()).isEqualTo(1);
        assertThat(core.sessionTimeouts()).containsEntry(session, 6000);

        call(c, 2, OpCode.CLOSE_SESSION, null);
        assertThat(logged()).as("a global session closes through the leader")
                .containsExactly(OpCode.CREATE_SESSION, OpCode.CREATE, OpCode.CLOSE_SESSION);
        assertThat(core.tree().get("/e")).isNull();
    }

    @Test
    void anUpgradedSessionExpiresGloballyAndTakesItsEphemeralsAlong() {
        start(true);
        FakeConnection c = connect(0);
        call(c, 1, OpCode.CREATE, create("/e", CreateMode.EPHEMERAL_SEQUENTIAL));
        now += 6000 + 2000;
        core.tick(now);
        flush();
        assertThat(logged()).containsExactly(OpCode.CREATE_SESSION, OpCode.CREATE, OpCode.CLOSE_SESSION);
        assertThat(core.tree().ephemeralCount()).isZero();
        assertThat(c.closed).isTrue();
    }

    @Test
    void aMultiHoldingAnEphemeralCreateUpgradesToo() {
        start(true);
        FakeConnection c = connect(0);
        call(c, 1, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/m", CreateMode.PERSISTENT)),
                new MultiOp(OpCode.CREATE2, create("/m/e", CreateMode.EPHEMERAL)))));
        assertThat(c.errors()).containsExactly(0);
        assertThat(logged()).containsExactly(OpCode.CREATE_SESSION, OpCode.MULTI);
        assertThat(core.tree().get("/m/e").ephemeralOwner()).isEqualTo(c.sessionId());
    }

    @Test
    void containerAndPersistentCreatesAndPersistentMultisStayLocal() {
        start(true);
        FakeConnection c = connect(0);
        call(c, 1, OpCode.CREATE_CONTAINER, create("/c", CreateMode.CONTAINER));
        call(c, 2, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/c/x", CreateMode.PERSISTENT_SEQUENTIAL)))));
        assertThat(c.errors()).containsExactly(0, 0);
        assertThat(logged()).doesNotContain(OpCode.CREATE_SESSION);
        assertThat(core.localSessionCount()).isEqualTo(1);
    }

    @Test
    void withoutUpgradingAnEphemeralCreateFailsWithEphemeralOnLocalSession() {
        start(false);
        FakeConnection c = connect(0);
        call(c, 1, OpCode.CREATE, create("/e", CreateMode.EPHEMERAL));
        assertThat(c.errors()).containsExactly(ErrorCode.EPHEMERALONLOCALSESSION.code);
        // as ZooKeeper's leader: the refusal is an error transaction (it consumes a zxid)
        assertThat(logged()).containsExactly(OpCode.ERROR);
        assertThat(((ErrorTxn) log.get(0).txn()).err()).isEqualTo(ErrorCode.EPHEMERALONLOCALSESSION.code);
        assertThat(core.tree().get("/e")).isNull();
        assertThat(core.localSessionCount()).as("still local").isEqualTo(1);

        call(c, 2, OpCode.MULTI, new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/ok", CreateMode.PERSISTENT)),
                new MultiOp(OpCode.CREATE, create("/eph", CreateMode.EPHEMERAL_SEQUENTIAL)))));
        List<MultiResult> results = ((MultiResponse) c.replies().get(1).body()).results();
        assertThat(results).extracting(MultiResult::err)
                .containsExactly(0, ErrorCode.EPHEMERALONLOCALSESSION.code);
        assertThat(core.tree().get("/ok")).as("the whole multi failed").isNull();

        call(c, 3, OpCode.CREATE, create("/plain", CreateMode.PERSISTENT));
        assertThat(c.errors().get(2)).isZero();
    }

    @Test
    void theLeaderTakesAnUnknownSessionFromAnotherServersIdSpaceAsThatServersLocalSession() {
        start(true);
        long learnersLocal = (2L << 56) | 77;
        long leadersOwnUnknown = (LEADER << 56) | 77;
        core.pipeline().write(OpCode.CREATE, create("/fromLearner", CreateMode.PERSISTENT),
                new Preparer.Caller(learnersLocal, 1, List.of()), 2, now);
        core.pipeline().write(OpCode.CREATE, create("/eph", CreateMode.EPHEMERAL),
                new Preparer.Caller(learnersLocal, 2, List.of()), 2, now);
        core.pipeline().write(OpCode.CREATE, create("/stale", CreateMode.PERSISTENT),
                new Preparer.Caller(leadersOwnUnknown, 1, List.of()), 2, now);
        flush();
        assertThat(logged()).containsExactly(OpCode.CREATE, OpCode.ERROR, OpCode.ERROR);
        assertThat(((ErrorTxn) log.get(1).txn()).err()).as("an ephemeral needs a global session")
                .isEqualTo(ErrorCode.SESSIONEXPIRED.code);
        assertThat(((ErrorTxn) log.get(2).txn()).err()).isEqualTo(ErrorCode.SESSIONEXPIRED.code);
        assertThat(core.tree().get("/fromLearner")).isNotNull();
    }

    @Test
    void aStandaloneServerIgnoresTheSetting() {
        CoreConfig config = CoreConfig.defaults().withLocalSessions(true, false);
        core = new ServerCore(config, now);
        FakeConnection c = connect(0);
        assertThat(c.sent).isNotEmpty();
        assertThat(c.last()).isInstanceOf(ConnectResponse.class);
        assertThat(logged()).containsExactly(OpCode.CREATE_SESSION);
        call(c, 1, OpCode.CREATE, create("/e", CreateMode.EPHEMERAL));
        assertThat(c.errors()).containsExactly(0);
        assertThat(core.localSessionCount()).isZero();
    }
}
