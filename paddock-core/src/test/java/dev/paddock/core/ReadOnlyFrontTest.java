package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.session.SessionIds;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SyncRequest;
import org.junit.jupiter.api.Test;

/** The read-only client front (readonlymode.enabled): reads from the replica, writes refused, local sessions. */
class ReadOnlyFrontTest {
    private final CoreHarness rw = new CoreHarness(CoreConfig.defaults());
    private long now;
    private ServerCore front;
    private long globalSession;

    /** A replica holding /a = "x" and one global session, then a read-only front on it. */
    private void setUp(boolean localSessions) {
        FakeConnection writer = rw.connect(30_000);
        globalSession = rw.sessionOf(writer);
        rw.call(writer, 1, OpCode.CREATE, new CreateRequest("/a", "x".getBytes(), dev.paddock.core.tree.DataTree.OPEN_ACL,
                CreateMode.PERSISTENT.flag));
        now = rw.now + 1_000; // ids are seeded from the time: a later start gives other ids
        front = ServerCore.readOnly(CoreConfig.defaults(), now, rw.core.tree(), rw.core.sessionTimeouts(), localSessions);
    }

    private FakeConnection connect(boolean canBeReadOnly, long sessionId) {
        FakeConnection c = new FakeConnection();
        c.canBeReadOnly = canBeReadOnly;
        front.connect(c, new ConnectRequest(0, 0, 10_000, sessionId,
                sessionId == 0 ? new byte[16] : SessionIds.password(sessionId)), now);
        return c;
    }

    private FakeConnection.Sent call(FakeConnection c, int xid, OpCode op, JuteRecord body) {
        front.request(c, new RequestHeader(xid, op.code), body, now);
        return c.replies().get(c.replies().size() - 1);
    }

    @Test
    void servesReadsAndRefusesEveryWriteWithNotReadOnly() {
        setUp(true);
        long zxid = rw.core.lastProcessedZxid();
        FakeConnection c = connect(true, 0);
        assertThat(c.sent).hasSize(1); // answered at once: a local session, nothing to commit
        assertThat(c.readOnlyServer).isTrue();
        assertThat(c.sessionId()).isNotZero().isNotEqualTo(globalSession);

        FakeConnection.Sent read = call(c, 1, OpCode.GET_DATA, new GetDataRequest("/a", false));
        assertThat(read.header().err()).isZero();
        assertThat(((GetDataResponse) read.body()).data()).isEqualTo("x".getBytes());

        assertThat(call(c, 2, OpCode.SET_DATA, new SetDataRequest("/a", new byte[0], -1)).header().err())
                .isEqualTo(ErrorCode.NOTREADONLY.code);
        assertThat(call(c, 3, OpCode.CREATE, new CreateRequest("/b", new byte[0],
                dev.paddock.core.tree.DataTree.OPEN_ACL, 0)).header().err()).isEqualTo(ErrorCode.NOTREADONLY.code);
        assertThat(call(c, 4, OpCode.DELETE, new DeleteRequest("/a", -1)).header().err())
                .isEqualTo(ErrorCode.NOTREADONLY.code);
        FakeConnection.Sent sync = call(c, 5, OpCode.SYNC, new SyncRequest("/a"));
        assertThat(sync.header().err()).isEqualTo(ErrorCode.NOTREADONLY.code);
        assertThat(sync.header().zxid()).isEqualTo(zxid);
        assertThat(call(c, 6, OpCode.GET_DATA, new GetDataRequest("/a", false)).header().err()).isZero();
        assertThat(rw.core.tree().lastProcessedZxid()).isEqualTo(zxid); // nothing changed the replica
        assertThat(c.closed).isFalse();
    }

    @Test
    void refusesClientsThatDoNotAcceptReadOnlyAndGlobalSessions() {
        setUp(true);
        assertThat(connect(false, 0).closed).isTrue();
        FakeConnection global = connect(true, globalSession);
        assertThat(global.closed).isTrue();
        assertThat(global.sent).isEmpty();
    }

    @Test
    void withoutLocalSessionsNoNewSessionIsOpened() {
        setUp(false);
        FakeConnection c = connect(true, 0);
        assertThat(c.closed).isTrue();
        assertThat(c.sent).isEmpty();
    }

    @Test
    void localSessionsResumeCloseAndExpireHere() {
        setUp(true);
        FakeConnection first = connect(true, 0);
        long session = first.sessionId();
        front.connectionClosed(first, now);
        FakeConnection again = connect(true, session);
        assertThat(((ConnectResponse) again.sent.get(0)).sessionId()).isEqualTo(session);
        assertThat(again.readOnlyServer).isTrue();

        FakeConnection.Sent closed = call(again, 1, OpCode.CLOSE_SESSION, null);
        assertThat(closed.header().err()).isZero();
        assertThat(again.closed).isTrue();
        FakeConnection afterClose = connect(true, session);
        assertThat(((ConnectResponse) afterClose.sent.get(0)).sessionId()).isZero(); // gone: "expired"

        FakeConnection idle = connect(true, 0);
        now += 9_000;
        front.tick(now);
        assertThat(idle.closed).isFalse();
        now += 2_000;
        front.tick(now);
        assertThat(idle.closed).isTrue();
        assertThat(front.readOnlySessionCount()).isZero();
    }
}
