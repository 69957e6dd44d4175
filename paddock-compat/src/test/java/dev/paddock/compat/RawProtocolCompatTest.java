package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.OpCode;
import org.apache.zookeeper.proto.CreateRequest;
import org.apache.zookeeper.proto.CreateResponse;
import org.apache.zookeeper.proto.CreateTTLRequest;
import org.apache.zookeeper.proto.GetDataRequest;
import org.apache.zookeeper.proto.SetDataRequest;

/** Server-side validation the official client normally pre-empts, sent as raw protocol frames. */
class RawProtocolCompatTest extends CompatBase {

    private static final int PERSISTENT = 0;
    private static final int PERSISTENT_SEQUENTIAL = 2;
    private static final int PERSISTENT_WITH_TTL = 5;

    private RawSession raw() throws Exception {
        return closeLater(RawSession.connect(server.clientPort(), 30_000));
    }

    private int create(RawSession r, String path, int flags) throws Exception {
        return r.call(OpCode.create, new CreateRequest(path, new byte[0], Ids.OPEN_ACL_UNSAFE, flags), new CreateResponse());
    }

    @CompatTest
    void handshakeAnswersWithNegotiatedTimeoutAndSession(ServerUnderTest s) throws Exception {
        RawSession r = raw();
        assertThat(r.connectResponse.getTimeOut()).isEqualTo(30_000);
        assertThat(r.connectResponse.getSessionId()).isNotZero();
        assertThat(r.connectResponse.getPasswd()).hasSize(16);
        assertThat(r.connectResponse.getProtocolVersion()).isZero();
    }

    @CompatTest
    void invalidPathsAreBadArguments(ServerUnderTest s) throws Exception {
        RawSession r = raw();
        zk.create(root + "/p", new byte[0], Ids.OPEN_ACL_UNSAFE, org.apache.zookeeper.CreateMode.PERSISTENT);
        java.util.Map<String, Integer> got = new java.util.LinkedHashMap<>();
        for (String bad : List.of("relative", root + "/", root + "//x", root + "/./x", root + "/../x",
            root + "/a\u0000b", "", root + "/.", root + "/x/", root + "/p/", root + "/p/./y")) {
            got.put(bad.replace(root, "R").replace("\u0000", "\\0"), create(r, bad, PERSISTENT));
        }
        int bad = Code.BADARGUMENTS.intValue();
        int noNode = Code.NONODE.intValue();
        // the parent is looked up before the name is validated, so an empty segment before the last is NoNode
        assertThat(got).containsExactly(
            java.util.Map.entry("relative", bad), java.util.Map.entry("R/", bad), java.util.Map.entry("R//x", noNode),
            java.util.Map.entry("R/./x", noNode), java.util.Map.entry("R/../x", noNode),
            java.util.Map.entry("R/a\\0b", bad), java.util.Map.entry("", bad), java.util.Map.entry("R/.", bad),
            java.util.Map.entry("R/x/", noNode), java.util.Map.entry("R/p/", bad), java.util.Map.entry("R/p/./y", noNode));
        // the same check for sequential creates allows a trailing slash
        assertThat(create(r, root + "/", PERSISTENT_SEQUENTIAL)).isZero();
        assertThat(zk.getChildren(root, false)).containsExactlyInAnyOrder("p", "0000000001");
        // the connection survives bad requests
        assertThat(create(r, root + "/ok", PERSISTENT)).isZero();
    }

    @CompatTest
    void badTtlIsBadArguments(ServerUnderTest s) throws Exception {
        RawSession r = raw();
        CreateTTLRequest zero = new CreateTTLRequest(root + "/t", new byte[0], Ids.OPEN_ACL_UNSAFE, PERSISTENT_WITH_TTL, 0);
        assertThat(r.call(OpCode.createTTL, zero, new CreateResponse())).isEqualTo(Code.BADARGUMENTS.intValue());
        CreateTTLRequest tooBig = new CreateTTLRequest(root + "/t", new byte[0], Ids.OPEN_ACL_UNSAFE, PERSISTENT_WITH_TTL,
            1L << 40);
        assertThat(r.call(OpCode.createTTL, tooBig, new CreateResponse())).isEqualTo(Code.BADARGUMENTS.intValue());
        // a TTL create with a non-TTL mode
        CreateTTLRequest wrongMode = new CreateTTLRequest(root + "/t", new byte[0], Ids.OPEN_ACL_UNSAFE, PERSISTENT, 100);
        assertThat(r.call(OpCode.createTTL, wrongMode, new CreateResponse())).isEqualTo(Code.BADARGUMENTS.intValue());
        assertThat(zk.exists(root + "/t", false)).isNull();
    }

    @CompatTest
    void readsOfInvalidPathsAreRejected(ServerUnderTest s) throws Exception {
        RawSession r = raw();
        assertThat(r.call(OpCode.getData, new GetDataRequest("no-slash", false), null)).isNotZero();
        assertThat(r.call(OpCode.setData, new SetDataRequest(root + "//x", new byte[0], -1), null))
            .isEqualTo(Code.BADARGUMENTS.intValue());
    }
}
