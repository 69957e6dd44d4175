package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.pipeline.Preparer;
import dev.paddock.core.session.SessionIds;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client front of a learner: writes go to the leader, answers come with the leader's commits. */
class LearnerFrontTest {
    private static final long NOW = 5_000_000;

    /** Records what the front forwards; the test plays the leader. */
    private static final class RecordingGateway implements LeaderGateway {
        final List<String> forwarded = new ArrayList<>();
        final List<Long> applied = new ArrayList<>();

        @Override
        public void createSession(long sessionId, int timeoutMs, long nowMs) {
            forwarded.add("createSession 0x" + Long.toHexString(sessionId) + " " + timeoutMs);
        }

        @Override
        public void closeSession(long sessionId, int cxid, long nowMs) {
            forwarded.add("closeSession " + cxid);
        }

        @Override
        public void write(OpCode op, JuteRecord body, Preparer.Caller caller, long nowMs) {
            forwarded.add(op + " " + caller.cxid());
        }

        @Override
        public boolean touch(long sessionId, int timeoutMs, long nowMs) {
            return true;
        }

        @Override
        public Validity revalidate(long sessionId, int timeoutMs, long nowMs) {
            forwarded.add("revalidate 0x" + Long.toHexString(sessionId));
            return Validity.PENDING;
        }

        @Override
        public boolean sync(long sessionId, int cxid, String path, long nowMs) {
            forwarded.add("sync " + cxid);
            return false;
        }

        @Override
        public void applied(LoggedTxn txn) {
            applied.add(txn.zxid());
        }
    }

    private final RecordingGateway leader = new RecordingGateway();
    private final ServerCore front = ServerCore.learning(CoreConfig.defaults(), NOW, new DataTree(), Map.of(), leader);

    private long connect(FakeConnection c) {
        front.connect(c, new ConnectRequest(0, 0, 30_000, 0, new byte[16]), NOW);
        assertThat(c.sent).isEmpty(); // no answer before the leader commits the session
        String fwd = leader.forwarded.get(leader.forwarded.size() - 1);
        long sessionId = Long.parseUnsignedLong(fwd.split(" ")[1].substring(2), 16);
        front.apply(new LoggedTxn(new TxnHeader(sessionId, 0, 0x1_0000_0001L, NOW, OpCode.CREATE_SESSION.code),
                new CreateSessionTxn(30_000)));
        assertThat(c.last()).isInstanceOf(ConnectResponse.class);
        return sessionId;
    }

    @Test
    void writesAreForwardedAndAnsweredByTheCommitOfTheirSessionAndCxid() {
        FakeConnection c = new FakeConnection("10.0.0.1");
        long session = connect(c);
        front.request(c, new RequestHeader(4, OpCode.CREATE.code),
                new CreateRequest("/a", new byte[] {1}, DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag), NOW);
        front.request(c, new RequestHeader(5, OpCode.GET_DATA.code), new GetDataRequest("/a", false), NOW);
        assertThat(leader.forwarded).endsWith("CREATE 4");
        int before = c.sent.size();

        // another session's commit, then ours: only ours answers, and the read queued behind it sees the node
        front.apply(new LoggedTxn(new TxnHeader(session + 1, 4, 0x1_0000_0002L, NOW, OpCode.CREATE.code),
                new CreateTxn("/other", new byte[0], DataTree.OPEN_ACL, false, 1)));
        assertThat(c.sent).hasSize(before);
        front.apply(new LoggedTxn(new TxnHeader(session, 4, 0x1_0000_0003L, NOW, OpCode.CREATE.code),
                new CreateTxn("/a", new byte[] {1}, DataTree.OPEN_ACL, false, 2)));
        assertThat(c.sent).hasSize(before + 2);
        FakeConnection.Sent created = (FakeConnection.Sent) c.sent.get(before);
        assertThat(((CreateResponse) created.body()).path()).isEqualTo("/a");
        assertThat(created.header().zxid()).isEqualTo(0x1_0000_0003L);
        FakeConnection.Sent read = (FakeConnection.Sent) c.sent.get(before + 1);
        assertThat(((GetDataResponse) read.body()).data()).containsExactly(1);
        assertThat(leader.applied).containsExactly(0x1_0000_0001L, 0x1_0000_0002L, 0x1_0000_0003L);
        assertThat(front.takeProposals()).isEmpty();
    }

    @Test
    void aReconnectWaitsForTheLeadersRevalidation() {
        FakeConnection first = new FakeConnection("10.0.0.1");
        long session = connect(first);
        FakeConnection second = new FakeConnection("10.0.0.2");
        front.connect(second, new ConnectRequest(0, 0x1_0000_0001L, 30_000, session, SessionIds.password(session)),
                NOW);
        assertThat(leader.forwarded).endsWith("revalidate 0x" + Long.toHexString(session));
        assertThat(second.sent).isEmpty();
        front.revalidated(session, true, NOW);
        assertThat(((ConnectResponse) second.last()).sessionId()).isEqualTo(session);
        assertThat(first.closed).isTrue();

        FakeConnection third = new FakeConnection("10.0.0.3");
        front.connect(third, new ConnectRequest(0, 0, 30_000, session, SessionIds.password(session)), NOW);
        front.revalidated(session, false, NOW);
        assertThat(((ConnectResponse) third.last()).sessionId()).isZero();
        assertThat(third.closed).isTrue();
    }

    @Test
    void aWrongPasswordIsRefusedWithoutAskingTheLeader() {
        FakeConnection c = new FakeConnection("10.0.0.1");
        long session = connect(c);
        int asked = leader.forwarded.size();
        FakeConnection thief = new FakeConnection("10.0.0.9");
        front.connect(thief, new ConnectRequest(0, 0, 30_000, session, new byte[16]), NOW);
        assertThat(leader.forwarded).hasSize(asked);
        assertThat(((ConnectResponse) thief.last()).sessionId()).isZero();
        assertThat(thief.closed).isTrue();
    }

    @Test
    void aSyncAnswersOnlyAfterTheLeaderSaysSoAndKeepsTheSessionsOrder() {
        FakeConnection c = new FakeConnection("10.0.0.1");
        long session = connect(c);
        front.request(c, new RequestHeader(7, OpCode.SYNC.code), new dev.paddock.jute.proto.SyncRequest("/"), NOW);
        front.request(c, new RequestHeader(8, OpCode.EXISTS.code),
                new dev.paddock.jute.proto.ExistsRequest("/x", false), NOW);
        assertThat(leader.forwarded).endsWith("sync 7");
        int before = c.sent.size();
        front.synced(session, 6); // not ours
        assertThat(c.sent).hasSize(before);
        front.synced(session, 7);
        assertThat(c.sent).hasSize(before + 2);
        assertThat(((FakeConnection.Sent) c.sent.get(before)).header().xid()).isEqualTo(7);
        assertThat(((FakeConnection.Sent) c.sent.get(before + 1)).header().xid()).isEqualTo(8);
    }
}
