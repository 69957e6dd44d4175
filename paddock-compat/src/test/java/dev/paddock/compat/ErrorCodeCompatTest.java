package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.function.Executable;

/** Each error code a standalone ZooKeeper 3.9 server returns, with the path it reports. */
class ErrorCodeCompatTest extends CompatBase {

    static KeeperException expect(Code code, Executable op) {
        KeeperException e = assertThrows(KeeperException.class, op);
        assertThat(e.code()).as("error code").isEqualTo(code);
        return e;
    }

    @CompatTest
    void noNode(ServerUnderTest s) throws Exception {
        String missing = path("missing");
        assertThat(expect(Code.NONODE, () -> zk.getData(missing, false, null)).getPath()).isEqualTo(missing);
        expect(Code.NONODE, () -> zk.setData(missing, new byte[0], -1));
        expect(Code.NONODE, () -> zk.delete(missing, -1));
        expect(Code.NONODE, () -> zk.getChildren(missing, false));
        expect(Code.NONODE, () -> zk.getACL(missing, null));
        expect(Code.NONODE, () -> zk.setACL(missing, Ids.OPEN_ACL_UNSAFE, -1));
        expect(Code.NONODE, () -> zk.getAllChildrenNumber(missing));
        // missing parent: the error names the path being created
        KeeperException e = expect(Code.NONODE, () -> zk.create(missing + "/child", new byte[0], Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT));
        assertThat(e.getPath()).isEqualTo(missing + "/child");
        expect(Code.NONODE, () -> zk.create(missing + "/child", new byte[0], Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT_SEQUENTIAL));
        assertThat(zk.exists(missing, false)).isNull();
    }

    @CompatTest
    void nodeExists(ServerUnderTest s) throws Exception {
        create(path("a"), "");
        KeeperException e = expect(Code.NODEEXISTS, () -> create(path("a"), "x"));
        assertThat(e.getPath()).isEqualTo(path("a"));
        expect(Code.NODEEXISTS, () -> zk.create(path("a"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL));
        expect(Code.NODEEXISTS, () -> zk.create("/", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
    }

    @CompatTest
    void badVersion(ServerUnderTest s) throws Exception {
        create(path("v"), "");
        expect(Code.BADVERSION, () -> zk.setData(path("v"), new byte[0], 1));
        expect(Code.BADVERSION, () -> zk.delete(path("v"), 3));
        expect(Code.BADVERSION, () -> zk.setACL(path("v"), Ids.OPEN_ACL_UNSAFE, 2));
        assertThat(zk.setData(path("v"), new byte[0], 0).getVersion()).isEqualTo(1);
        expect(Code.BADVERSION, () -> zk.setData(path("v"), new byte[0], 0));
        // versions below -1 are just wrong versions, not wildcards
        expect(Code.BADVERSION, () -> zk.setData(path("v"), new byte[0], -2));
    }

    @CompatTest
    void notEmpty(ServerUnderTest s) throws Exception {
        create(path("p"), "");
        create(path("p/c"), "");
        KeeperException e = expect(Code.NOTEMPTY, () -> zk.delete(path("p"), -1));
        assertThat(e.getPath()).isEqualTo(path("p"));
        // version is checked before emptiness
        expect(Code.BADVERSION, () -> zk.delete(path("p"), 5));
    }

    @CompatTest
    void noChildrenForEphemerals(ServerUnderTest s) throws Exception {
        zk.create(path("e"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        expect(Code.NOCHILDRENFOREPHEMERALS, () -> create(path("e/c"), ""));
        expect(Code.NOCHILDRENFOREPHEMERALS, () -> zk.create(path("e/c"), new byte[0], Ids.OPEN_ACL_UNSAFE,
            CreateMode.EPHEMERAL_SEQUENTIAL));
    }

    @CompatTest
    void invalidAcl(ServerUnderTest s) throws Exception {
        // "auth" with no authenticated identity
        expect(Code.INVALIDACL, () -> zk.create(path("a"), new byte[0], Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT));
        expect(Code.INVALIDACL, () -> zk.create(path("b"), new byte[0],
            acl(new ACL(Perms.ALL, new Id("nosuchscheme", "x"))), CreateMode.PERSISTENT));
        expect(Code.INVALIDACL, () -> zk.create(path("c"), new byte[0],
            acl(new ACL(Perms.ALL, new Id("ip", "300.1.2.3"))), CreateMode.PERSISTENT));
        expect(Code.INVALIDACL, () -> zk.create(path("d"), new byte[0],
            acl(new ACL(Perms.ALL, new Id("digest", "nocolon"))), CreateMode.PERSISTENT));
        // client-side rejection of an empty ACL list
        expect(Code.INVALIDACL, () -> zk.create(path("e"), new byte[0], new ArrayList<>(), CreateMode.PERSISTENT));
        create(path("f"), "");
        expect(Code.INVALIDACL, () -> zk.setACL(path("f"), Ids.CREATOR_ALL_ACL, -1));
        assertThat(zk.exists(path("a"), false)).isNull();
    }

    @CompatTest
    void noAuth(ServerUnderTest s) throws Exception {
        zk.create(path("r"), new byte[0], acl(new ACL(Perms.WRITE, Ids.ANYONE_ID_UNSAFE)), CreateMode.PERSISTENT);
        KeeperException e = expect(Code.NOAUTH, () -> zk.getData(path("r"), false, null));
        assertThat(e.getPath()).isEqualTo(path("r"));
        expect(Code.NOAUTH, () -> zk.getChildren(path("r"), false));
        expect(Code.NOAUTH, () -> zk.create(path("r/c"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        expect(Code.NOAUTH, () -> zk.setACL(path("r"), Ids.OPEN_ACL_UNSAFE, -1));
    }

    @CompatTest
    void authFailedForUnknownScheme(ServerUnderTest s) throws Exception {
        Events events = new Events(true);
        ZooKeeper other = connect(events);
        other.addAuthInfo("nosuchscheme", "x".getBytes());
        events.expectState(Watcher.Event.KeeperState.AuthFailed);
        expect(Code.AUTHFAILED, () -> other.getData(root, false, null));
    }

    @CompatTest
    void noWatcher(ServerUnderTest s) throws Exception {
        Watcher w = CompatBase::noop;
        KeeperException e = expect(Code.NOWATCHER, () -> zk.removeWatches(root, w, Watcher.WatcherType.Data, false));
        assertThat(e.getPath()).isEqualTo(root);
        expect(Code.NOWATCHER, () -> zk.removeAllWatches(root, Watcher.WatcherType.Any, false));
    }

    static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(List.of(entries));
    }
}
