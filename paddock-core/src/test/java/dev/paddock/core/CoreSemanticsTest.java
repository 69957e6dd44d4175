package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.auth.Acls;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.AddWatchMode;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.WatcherType;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.AddWatchRequest;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.GetACLRequest;
import dev.paddock.jute.proto.GetACLResponse;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.RemoveWatchesRequest;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SetWatches2;
import dev.paddock.jute.proto.WatcherEvent;
import dev.paddock.jute.proto.WhoAmIResponse;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CoreSemanticsTest {
    private static final String SUPER = Acls.digest("super:secret");
    private final CoreHarness h = new CoreHarness(new CoreConfig(0, 2000, 4000, 40000, SUPER, true, 1000, false));

    private static CreateRequest create(String path, CreateMode mode, List<ACL> acl) {
        return new CreateRequest(path, new byte[0], acl, mode.flag);
    }

    private static List<WatcherEvent> events(FakeConnection c) {
        return c.sent.stream().filter(o -> o instanceof FakeConnection.Sent s && s.header().xid() == -1)
                .map(o -> (WatcherEvent) ((FakeConnection.Sent) o).body()).collect(Collectors.toList());
    }

    private int err(FakeConnection.Sent s) {
        return s.header().err();
    }

    @Test
    void digestAclGuardsReadsWritesAndCreates() {
        FakeConnection alice = h.connect(30000);
        FakeConnection bob = h.connect(30000);
        h.call(alice, 1, OpCode.AUTH, new AuthPacket(0, "digest", "alice:pw".getBytes()));
        List<ACL> authAll = List.of(new ACL(Perms.ALL, new Id("auth", "")));
        assertThat(err(h.call(alice, 2, OpCode.CREATE, create("/secret", CreateMode.PERSISTENT, authAll)))).isZero();
        assertThat(err(h.call(bob, 1, OpCode.GET_DATA, new GetDataRequest("/secret", false))))
                .isEqualTo(ErrorCode.NOAUTH.code);
        assertThat(err(h.call(bob, 2, OpCode.CREATE, create("/secret/x", CreateMode.PERSISTENT, DataTree.OPEN_ACL))))
                .isEqualTo(ErrorCode.NOAUTH.code);
        assertThat(err(h.call(alice, 3, OpCode.GET_DATA, new GetDataRequest("/secret", false)))).isZero();
        // "auth" with no authenticated id is an invalid ACL
        assertThat(err(h.call(bob, 3, OpCode.CREATE, create("/b", CreateMode.PERSISTENT, authAll))))
                .isEqualTo(ErrorCode.INVALIDACL.code);
        // super passes every check
        h.call(bob, 4, OpCode.AUTH, new AuthPacket(0, "digest", "super:secret".getBytes()));
        assertThat(err(h.call(bob, 5, OpCode.GET_DATA, new GetDataRequest("/secret", false)))).isZero();
    }

    @Test
    void getAclMasksDigestsWithoutAdmin() {
        FakeConnection c = h.connect(30000);
        String d = Acls.digest("u:p");
        List<ACL> acl = List.of(new ACL(Perms.READ, new Id("world", "anyone")), new ACL(Perms.ALL, new Id("digest", d)));
        h.call(c, 1, OpCode.CREATE, create("/m", CreateMode.PERSISTENT, acl));
        GetACLResponse r = (GetACLResponse) h.call(c, 2, OpCode.GET_ACL, new GetACLRequest("/m")).body();
        assertThat(r.acl().get(1).id().id()).isEqualTo("u:x");
    }

    @Test
    void ipAclMatchesByPrefix() {
        FakeConnection c = h.connect(30000);
        List<ACL> acl = List.of(new ACL(Perms.ALL, new Id("ip", "127.0.0.0/8")));
        assertThat(err(h.call(c, 1, OpCode.CREATE, create("/ip", CreateMode.PERSISTENT, acl)))).isZero();
        assertThat(err(h.call(c, 2, OpCode.GET_DATA, new GetDataRequest("/ip", false)))).isZero();
        List<ACL> other = List.of(new ACL(Perms.ALL, new Id("ip", "10.0.0.0/8")));
        h.call(c, 3, OpCode.CREATE, create("/ip2", CreateMode.PERSISTENT, other));
        assertThat(err(h.call(c, 4, OpCode.GET_DATA, new GetDataRequest("/ip2", false))))
                .isEqualTo(ErrorCode.NOAUTH.code);
        assertThat(err(h.call(c, 5, OpCode.CREATE, create("/bad", CreateMode.PERSISTENT,
                List.of(new ACL(Perms.ALL, new Id("ip", "300.1.1.1"))))))).isEqualTo(ErrorCode.INVALIDACL.code);
    }

    @Test
    void whoAmIListsIpAndDigestUser() {
        FakeConnection c = h.connect(30000);
        h.call(c, 1, OpCode.AUTH, new AuthPacket(0, "digest", "carol:pw".getBytes()));
        WhoAmIResponse r = (WhoAmIResponse) h.call(c, 2, OpCode.WHO_AM_I, null).body();
        assertThat(r.clientInfo()).containsExactlyInAnyOrder(new ClientInfo("ip", "127.0.0.1"), new ClientInfo("digest", "carol"));
    }

    @Test
    void unknownAuthSchemeFailsAndClosesTheConnection() {
        FakeConnection c = h.connect(30000);
        assertThat(err(h.call(c, -4, OpCode.AUTH, new AuthPacket(0, "kerberos", new byte[0]))))
                .isEqualTo(ErrorCode.AUTHFAILED.code);
        assertThat(c.closed).isTrue();
    }

    @Test
    void containerIsReapedOnceEmptiedAndTtlNodeAfterItsTtl() {
        FakeConnection c = h.connect(30000);
        h.call(c, 1, OpCode.CREATE_CONTAINER, create("/c", CreateMode.CONTAINER, DataTree.OPEN_ACL));
        h.call(c, 2, OpCode.CREATE_TTL, new CreateTTLRequest("/t", new byte[0], DataTree.OPEN_ACL,
                CreateMode.PERSISTENT_WITH_TTL.flag, 5000));
        h.advance(1500);
        assertThat(h.core.tree().get("/c")).as("never-used container stays").isNotNull();
        h.call(c, 3, OpCode.CREATE, create("/c/child", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        h.call(c, 4, OpCode.DELETE, new DeleteRequest("/c/child", -1));
        h.advance(1500);
        assertThat(h.core.tree().get("/c")).isNull();
        assertThat(h.core.tree().get("/t")).isNotNull();
        h.advance(5000);
        assertThat(h.core.tree().get("/t")).isNull();
    }

    @Test
    void ttlNeedsExtendedTypes() {
        CoreHarness plain = new CoreHarness(CoreConfig.defaults());
        FakeConnection c = plain.connect(30000);
        assertThat(plain.call(c, 1, OpCode.CREATE_TTL, new CreateTTLRequest("/t", new byte[0], DataTree.OPEN_ACL,
                CreateMode.PERSISTENT_WITH_TTL.flag, 5000)).header().err()).isEqualTo(ErrorCode.UNIMPLEMENTED.code);
        assertThat(plain.call(c, 2, OpCode.CREATE, new CreateRequest("/x", null, DataTree.OPEN_ACL, 99)).header().err())
                .isEqualTo(ErrorCode.BADARGUMENTS.code);
    }

    @Test
    void recursiveWatchSeesTheSubtreeButNoChildEvents() {
        FakeConnection w = h.connect(30000);
        FakeConnection c = h.connect(30000);
        h.call(w, 1, OpCode.ADD_WATCH, new AddWatchRequest("/r", AddWatchMode.PERSISTENT_RECURSIVE.code));
        h.call(c, 1, OpCode.CREATE, create("/r", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        h.call(c, 2, OpCode.CREATE, create("/r/a", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        h.call(c, 3, OpCode.SET_DATA, new SetDataRequest("/r/a", new byte[1], -1));
        h.call(c, 4, OpCode.DELETE, new DeleteRequest("/r/a", -1));
        assertThat(events(w)).extracting(WatcherEvent::type, WatcherEvent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(EventType.NODE_CREATED.code, "/r"),
                org.assertj.core.groups.Tuple.tuple(EventType.NODE_CREATED.code, "/r/a"),
                org.assertj.core.groups.Tuple.tuple(EventType.NODE_DATA_CHANGED.code, "/r/a"),
                org.assertj.core.groups.Tuple.tuple(EventType.NODE_DELETED.code, "/r/a"));
        assertThat(err(h.call(w, 2, OpCode.REMOVE_WATCHES, new RemoveWatchesRequest("/r",
                WatcherType.PERSISTENT_RECURSIVE.code)))).isZero();
        assertThat(err(h.call(w, 3, OpCode.REMOVE_WATCHES, new RemoveWatchesRequest("/r",
                WatcherType.PERSISTENT_RECURSIVE.code)))).isEqualTo(ErrorCode.NOWATCHER.code);
    }

    @Test
    void persistentWatchGetsChildEventsAndStays() {
        FakeConnection w = h.connect(30000);
        FakeConnection c = h.connect(30000);
        h.call(c, 1, OpCode.CREATE, create("/p", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        h.call(w, 1, OpCode.ADD_WATCH, new AddWatchRequest("/p", AddWatchMode.PERSISTENT.code));
        h.call(c, 2, OpCode.CREATE, create("/p/a", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        h.call(c, 3, OpCode.CREATE, create("/p/b", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        h.call(c, 4, OpCode.SET_DATA, new SetDataRequest("/p", new byte[1], -1));
        assertThat(events(w)).extracting(WatcherEvent::type).containsExactly(EventType.NODE_CHILDREN_CHANGED.code,
                EventType.NODE_CHILDREN_CHANGED.code, EventType.NODE_DATA_CHANGED.code);
    }

    @Test
    void reconnectKeepsTheSessionAndSetWatchesReportsMissedChanges() {
        FakeConnection c = h.connect(30000);
        long sid = h.sessionOf(c);
        byte[] pw = ((ConnectResponse) c.sent.get(0)).passwd();
        h.call(c, 1, OpCode.CREATE, create("/s", CreateMode.EPHEMERAL, DataTree.OPEN_ACL));
        h.call(c, 2, OpCode.CREATE, create("/d", CreateMode.PERSISTENT, DataTree.OPEN_ACL));
        long seen = h.core.lastProcessedZxid();
        h.core.connectionClosed(c, h.now);
        FakeConnection other = h.connect(30000);
        h.call(other, 1, OpCode.SET_DATA, new SetDataRequest("/d", new byte[1], -1));

        FakeConnection wrong = new FakeConnection("127.0.0.1");
        h.core.connect(wrong, new ConnectRequest(0, seen, 30000, sid, new byte[16]), h.now);
        assertThat(((ConnectResponse) wrong.sent.get(0)).sessionId()).isZero();
        assertThat(wrong.closed).isTrue();

        FakeConnection back = new FakeConnection("127.0.0.1");
        h.core.connect(back, new ConnectRequest(0, seen, 30000, sid, pw), h.now);
        assertThat(((ConnectResponse) back.sent.get(0)).sessionId()).isEqualTo(sid);
        h.call(back, -8, OpCode.SET_WATCHES2, new SetWatches2(seen, List.of("/d"), List.of("/s"), List.of(),
                List.of(), List.of()));
        assertThat(events(back)).extracting(WatcherEvent::type, WatcherEvent::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple(EventType.NODE_DATA_CHANGED.code, "/d"),
                org.assertj.core.groups.Tuple.tuple(EventType.NODE_CREATED.code, "/s"));
        assertThat(err(h.call(back, 3, OpCode.EXISTS, new ExistsRequest("/s", false)))).isZero();
    }

    @Test
    void closeSessionRemovesEphemeralsAndLaterRequestsAreExpired() {
        FakeConnection c = h.connect(30000);
        h.call(c, 1, OpCode.CREATE, create("/eph", CreateMode.EPHEMERAL, DataTree.OPEN_ACL));
        assertThat(err(h.call(c, 2, OpCode.CREATE, create("/eph/child", CreateMode.PERSISTENT, DataTree.OPEN_ACL))))
                .isEqualTo(ErrorCode.NOCHILDRENFOREPHEMERALS.code);
        h.call(c, 3, OpCode.CLOSE_SESSION, null);
        assertThat(c.closed).isTrue();
        assertThat(h.core.tree().get("/eph")).isNull();
        assertThat(h.core.sessions()).isEmpty();
    }

    @Test
    void timeoutIsClampedToTheConfiguredBounds() {
        FakeConnection low = h.connect(10);
        FakeConnection high = h.connect(10_000_000);
        assertThat(((ConnectResponse) low.sent.get(0)).timeOut()).isEqualTo(4000);
        assertThat(((ConnectResponse) high.sent.get(0)).timeOut()).isEqualTo(40000);
    }

    @Test
    void specialPathsCannotBeDeleted() {
        FakeConnection c = h.connect(30000);
        for (String p : List.of("/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config")) {
            assertThat(err(h.call(c, 1, OpCode.DELETE, new DeleteRequest(p, -1)))).isEqualTo(ErrorCode.BADARGUMENTS.code);
        }
        assertThat(err(h.call(c, 2, OpCode.SET_DATA, new SetDataRequest("/zookeeper/config", new byte[1], -1))))
                .isEqualTo(ErrorCode.NOAUTH.code);
    }
}
