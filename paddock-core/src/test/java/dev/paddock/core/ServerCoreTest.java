package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.multi.MultiResponse;
import dev.paddock.jute.proto.CheckVersionRequest;
import dev.paddock.jute.proto.Create2Response;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.GetChildren2Request;
import dev.paddock.jute.proto.GetChildren2Response;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.WatcherEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerCoreTest {
    private final CoreHarness h = new CoreHarness(CoreConfig.defaults());

    private static CreateRequest create(String path, String data, CreateMode mode) {
        return new CreateRequest(path, data.getBytes(), DataTree.OPEN_ACL, mode.flag);
    }

    @Test
    void rootStatMatchesZooKeeperFreshServer() {
        FakeConnection c = h.connect(30000);
        FakeConnection.Sent s = h.call(c, 1, OpCode.GET_CHILDREN2, new GetChildren2Request("/", false));
        Stat st = ((GetChildren2Response) s.body()).stat();
        assertThat(st.cversion()).isEqualTo(-1);
        assertThat(st.numChildren()).isEqualTo(1);
        assertThat(((GetChildren2Response) s.body()).children()).containsExactly("zookeeper");
    }

    @Test
    void sequentialNamesCountCreatesOnly() {
        FakeConnection c = h.connect(30000);
        h.call(c, 1, OpCode.CREATE, create("/q", "", CreateMode.PERSISTENT));
        FakeConnection.Sent a = h.call(c, 2, OpCode.CREATE, create("/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL));
        assertThat(((CreateResponse) a.body()).path()).isEqualTo("/q/n-0000000000");
        h.call(c, 3, OpCode.DELETE, new DeleteRequest("/q/n-0000000000", -1));
        FakeConnection.Sent b = h.call(c, 4, OpCode.CREATE, create("/q/n-", "", CreateMode.PERSISTENT_SEQUENTIAL));
        assertThat(((CreateResponse) b.body()).path()).isEqualTo("/q/n-0000000001");
        FakeConnection.Sent s = h.call(c, 5, OpCode.GET_CHILDREN2, new GetChildren2Request("/q", false));
        assertThat(((GetChildren2Response) s.body()).stat().cversion()).isEqualTo(3);
    }

    @Test
    void errorsConsumeAZxidAndCarryTheCode() {
        FakeConnection c = h.connect(30000);
        long before = h.core.lastProcessedZxid();
        FakeConnection.Sent s = h.call(c, 1, OpCode.DELETE, new DeleteRequest("/missing", -1));
        assertThat(s.header().err()).isEqualTo(ErrorCode.NONODE.code);
        assertThat(s.header().zxid()).isEqualTo(before + 1);
        h.call(c, 2, OpCode.CREATE, create("/a", "x", CreateMode.PERSISTENT));
        assertThat(h.call(c, 3, OpCode.SET_DATA, new SetDataRequest("/a", new byte[0], 7)).header().err())
                .isEqualTo(ErrorCode.BADVERSION.code);
        assertThat(h.call(c, 4, OpCode.CREATE, create("/a", "x", CreateMode.PERSISTENT)).header().err())
                .isEqualTo(ErrorCode.NODEEXISTS.code);
    }

    @Test
    void watchEventPrecedesTheReplyThatShowsTheChange() {
        FakeConnection watcher = h.connect(30000);
        FakeConnection writer = h.connect(30000);
        h.call(writer, 1, OpCode.CREATE, create("/w", "a", CreateMode.PERSISTENT));
        h.call(watcher, 1, OpCode.GET_DATA, new GetDataRequest("/w", true));
        h.call(writer, 2, OpCode.SET_DATA, new SetDataRequest("/w", "b".getBytes(), -1));
        FakeConnection.Sent event = (FakeConnection.Sent) watcher.last();
        assertThat(event.header().xid()).isEqualTo(-1);
        assertThat(((WatcherEvent) event.body()).type()).isEqualTo(EventType.NODE_DATA_CHANGED.code);
        // one-shot: a second change does not fire again
        int count = watcher.sent.size();
        h.call(writer, 3, OpCode.SET_DATA, new SetDataRequest("/w", "c".getBytes(), -1));
        assertThat(watcher.sent).hasSize(count);
    }

    @Test
    void failedMultiChangesNothingAndReportsEachOp() {
        FakeConnection c = h.connect(30000);
        MultiRequest m = new MultiRequest(List.of(
                new MultiOp(OpCode.CREATE, create("/m1", "", CreateMode.PERSISTENT)),
                new MultiOp(OpCode.CHECK, new CheckVersionRequest("/nope", 0)),
                new MultiOp(OpCode.CREATE, create("/m2", "", CreateMode.PERSISTENT))));
        FakeConnection.Sent s = h.call(c, 1, OpCode.MULTI, m);
        assertThat(s.header().err()).isZero();
        MultiResponse r = (MultiResponse) s.body();
        assertThat(r.results()).extracting(x -> x.err())
                .containsExactly(0, ErrorCode.NONODE.code, ErrorCode.RUNTIMEINCONSISTENCY.code);
        assertThat(h.call(c, 2, OpCode.EXISTS, new ExistsRequest("/m1", false)).header().err())
                .isEqualTo(ErrorCode.NONODE.code);
    }

    @Test
    void expiryDeletesEphemeralsAndFiresWatches() {
        FakeConnection owner = h.connect(4000);
        FakeConnection other = h.connect(30000);
        FakeConnection.Sent s = h.call(owner, 1, OpCode.CREATE2, create("/e", "", CreateMode.EPHEMERAL));
        assertThat(((Create2Response) s.body()).stat().ephemeralOwner()).isEqualTo(h.sessionOf(owner));
        h.call(other, 1, OpCode.EXISTS, new ExistsRequest("/e", true));
        h.core.connectionClosed(owner, h.now);
        for (int i = 0; i < 10; i++) {
            h.advance(1000);
            h.call(other, 10 + i, OpCode.PING, null);
        }
        assertThat(h.call(other, 100, OpCode.EXISTS, new ExistsRequest("/e", false)).header().err())
                .isEqualTo(ErrorCode.NONODE.code);
        assertThat(other.sent).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(FakeConnection.Sent.class,
                e -> assertThat(e.body()).isEqualTo(new WatcherEvent(EventType.NODE_DELETED.code, 3, "/e"))));
    }

    @Test
    void readsWaitForTheirSessionsEarlierWrites() {
        h.autoCommit = false;
        FakeConnection c = h.connect(30000);
        h.flush();
        h.core.request(c, new dev.paddock.jute.proto.RequestHeader(1, OpCode.CREATE.code),
                create("/r", "v", CreateMode.PERSISTENT), h.now);
        h.core.request(c, new dev.paddock.jute.proto.RequestHeader(2, OpCode.GET_DATA.code),
                new GetDataRequest("/r", false), h.now);
        assertThat(c.sent).hasSize(1); // only the connect response so far
        h.flush();
        FakeConnection.Sent read = (FakeConnection.Sent) c.last();
        assertThat(read.header().xid()).isEqualTo(2);
        assertThat(new String(((GetDataResponse) read.body()).data())).isEqualTo("v");
    }

    @Test
    void snapshotsSeeOnlySessionsWhoseCreationIsCommitted() {
        FakeConnection first = h.connect(30000);
        long committedSession = h.sessionOf(first);
        h.autoCommit = false;
        h.connect(30000);
        assertThat(h.core.sessionTimeouts()).containsOnlyKeys(committedSession);
        h.flush();
        assertThat(h.core.sessionTimeouts()).hasSize(2);
    }

    @Test
    void aCommitAnswersTheWriteOfItsSessionAndCxidOnly() {
        FakeConnection a = h.connect(30000);
        FakeConnection b = h.connect(30000);
        h.autoCommit = false;
        h.call(a, 7, OpCode.CREATE, create("/a", "", CreateMode.PERSISTENT));
        h.call(b, 7, OpCode.CREATE, create("/b", "", CreateMode.PERSISTENT));
        h.call(b, 8, OpCode.EXISTS, new ExistsRequest("/b", false));
        int aBefore = a.sent.size();
        int bBefore = b.sent.size();
        h.flush();
        assertThat(a.sent.subList(aBefore, a.sent.size())).hasSize(1);
        List<Object> bReplies = b.sent.subList(bBefore, b.sent.size());
        assertThat(bReplies).hasSize(2);
        assertThat(((FakeConnection.Sent) bReplies.get(0)).header().xid()).isEqualTo(7);
        assertThat(((FakeConnection.Sent) bReplies.get(1)).header().xid()).isEqualTo(8);
        assertThat(((FakeConnection.Sent) bReplies.get(1)).header().err()).isZero();
    }
}
