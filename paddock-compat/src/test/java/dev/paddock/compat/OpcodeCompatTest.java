package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

/** Every client opcode of ZooKeeper 3.9 through the official Java client, with exact results. */
class OpcodeCompatTest extends CompatBase {

    @CompatTest
    void createInAllSevenModesWithStat(ServerUnderTest s) throws Exception {
        record Case(CreateMode mode, long ttl, boolean ephemeral, boolean sequential) {
        }
        List<Case> cases = List.of(
            new Case(CreateMode.PERSISTENT, -1, false, false),
            new Case(CreateMode.PERSISTENT_SEQUENTIAL, -1, false, true),
            new Case(CreateMode.EPHEMERAL, -1, true, false),
            new Case(CreateMode.EPHEMERAL_SEQUENTIAL, -1, true, true),
            new Case(CreateMode.CONTAINER, -1, false, false),
            new Case(CreateMode.PERSISTENT_WITH_TTL, 60_000, false, false),
            new Case(CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL, 60_000, false, true));
        int i = 0;
        for (Case c : cases) {
            String base = path("n" + i++);
            Stat stat = new Stat();
            String created = zk.create(base, "v".getBytes(), Ids.OPEN_ACL_UNSAFE, c.mode, stat, c.ttl);
            if (c.sequential) {
                assertThat(created).as(c.mode.name()).matches(java.util.regex.Pattern.quote(base) + "\\d{10}");
            } else {
                assertThat(created).as(c.mode.name()).isEqualTo(base);
            }
            Stat read = zk.exists(created, false);
            assertThat(read).as(c.mode.name()).isEqualTo(stat);
            assertThat(stat.getVersion()).isZero();
            assertThat(stat.getCversion()).isZero();
            assertThat(stat.getAversion()).isZero();
            assertThat(stat.getDataLength()).isEqualTo(1);
            assertThat(stat.getNumChildren()).isZero();
            assertThat(stat.getCzxid()).isEqualTo(stat.getMzxid()).isEqualTo(stat.getPzxid());
            assertThat(stat.getCtime()).isEqualTo(stat.getMtime());
            if (c.ephemeral) {
                assertThat(stat.getEphemeralOwner()).as(c.mode.name()).isEqualTo(zk.getSessionId());
            } else {
                // containers and TTL nodes keep their marker server-side; clients see 0
                assertThat(stat.getEphemeralOwner()).isZero();
            }
        }
    }

    @CompatTest
    void createWithoutStatUsesPlainCreate(ServerUnderTest s) throws Exception {
        assertThat(zk.create(path("a"), null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo(path("a"));
        Stat st = new Stat();
        assertThat(zk.getData(path("a"), false, st)).isNull();
        assertThat(st.getDataLength()).isZero();
        assertThat(zk.create(path("b"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo(path("b"));
        assertThat(zk.getData(path("b"), false, null)).isEqualTo(new byte[0]);
    }

    @CompatTest
    void getSetDeleteExists(ServerUnderTest s) throws Exception {
        String p = create(path("x"), "one");
        Stat st = new Stat();
        assertThat(new String(zk.getData(p, false, st))).isEqualTo("one");
        Stat after = zk.setData(p, "two!".getBytes(), 0);
        assertThat(after.getVersion()).isEqualTo(1);
        assertThat(after.getDataLength()).isEqualTo(4);
        assertThat(after.getMzxid()).isGreaterThan(st.getMzxid());
        assertThat(after.getCzxid()).isEqualTo(st.getCzxid());
        assertThat(zk.setData(p, "three".getBytes(), -1).getVersion()).isEqualTo(2);
        assertThat(new String(zk.getData(p, false, null))).isEqualTo("three");
        zk.delete(p, 2);
        assertThat(zk.exists(p, false)).isNull();
        create(p, "");
        zk.delete(p, -1);
        assertThat(zk.exists(p, false)).isNull();
    }

    @CompatTest
    void getChildrenAndChildren2AndAllChildrenNumber(ServerUnderTest s) throws Exception {
        create(path("b"), "");
        create(path("a"), "");
        create(path("a/x"), "");
        create(path("a/x/y"), "");
        List<String> kids = new ArrayList<>(zk.getChildren(root, false));
        assertThat(kids).containsExactlyInAnyOrder("a", "b");
        Stat st = new Stat();
        assertThat(zk.getChildren(root, false, st)).containsExactlyInAnyOrder("a", "b");
        assertThat(st).isEqualTo(zk.exists(root, false));
        assertThat(st.getNumChildren()).isEqualTo(2);
        assertThat(zk.getChildren(path("b"), false)).isEmpty();
        assertThat(zk.getAllChildrenNumber(root)).isEqualTo(4);
        assertThat(zk.getAllChildrenNumber(path("a/x/y"))).isZero();
        assertThat(zk.getAllChildrenNumber("/")).isGreaterThanOrEqualTo(5);
    }

    @CompatTest
    void getEphemeralsOfThisSession(ServerUnderTest s) throws Exception {
        ZooKeeper other = connect();
        zk.create(path("e1"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        create(path("p"), "");
        zk.create(path("p/e2"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        other.create(path("o"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertThat(zk.getEphemerals()).containsExactlyInAnyOrder(path("e1"), path("p/e2"));
        assertThat(zk.getEphemerals(path("p"))).containsExactly(path("p/e2"));
        assertThat(zk.getEphemerals(root + "/e")).containsExactly(path("e1"));
        assertThat(zk.getEphemerals("/nonexistent-prefix")).isEmpty();
        assertThat(other.getEphemerals()).containsExactly(path("o"));
    }

    @CompatTest
    void aclGetAndSet(ServerUnderTest s) throws Exception {
        String p = create(path("acl"), "");
        Stat st = new Stat();
        assertThat(zk.getACL(p, st)).containsExactlyElementsOf(Ids.OPEN_ACL_UNSAFE);
        assertThat(st.getAversion()).isZero();
        List<ACL> acl = new ArrayList<>(List.of(new ACL(Perms.READ | Perms.WRITE | Perms.ADMIN,
            new Id("world", "anyone")), new ACL(Perms.ALL, new Id("ip", "10.0.0.0/8"))));
        Stat after = zk.setACL(p, acl, 0);
        assertThat(after.getAversion()).isEqualTo(1);
        assertThat(after.getVersion()).isZero();
        assertThat(after.getMzxid()).isEqualTo(st.getMzxid());
        assertThat(zk.getACL(p, new Stat())).containsExactlyElementsOf(acl);
        assertThat(zk.setACL(p, acl, -1).getAversion()).isEqualTo(2);
        assertThatThrownBy(() -> zk.setACL(p, acl, 0)).isInstanceOf(KeeperException.BadVersionException.class);
    }

    @CompatTest
    void syncReturnsOk(ServerUnderTest s) throws Exception {
        zk.sync(root);
        zk.sync("/");
        java.util.concurrent.CompletableFuture<Integer> rc = new java.util.concurrent.CompletableFuture<>();
        zk.sync(root, (code, path, ctx) -> rc.complete(code), null);
        assertThat(rc.get(10, java.util.concurrent.TimeUnit.SECONDS)).isZero();
    }

    @CompatTest
    void multiWithCheckCommitsAtomically(ServerUnderTest s) throws Exception {
        create(path("m"), "");
        List<OpResult> results = zk.multi(List.of(
            Op.check(path("m"), 0),
            Op.create(path("m/a"), "a".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.create(path("m/s-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
            Op.setData(path("m/a"), "b".getBytes(), 0),
            Op.delete(path("m/a"), 1)));
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).isInstanceOf(OpResult.CheckResult.class);
        assertThat(((OpResult.CreateResult) results.get(1)).getPath()).isEqualTo(path("m/a"));
        assertThat(((OpResult.CreateResult) results.get(2)).getPath()).isEqualTo(path("m/s-0000000001"));
        assertThat(((OpResult.SetDataResult) results.get(3)).getStat().getVersion()).isEqualTo(1);
        assertThat(results.get(4)).isInstanceOf(OpResult.DeleteResult.class);
        Stat m = stat(path("m"));
        assertThat(m.getNumChildren()).isEqualTo(1);
        assertThat(m.getCversion()).isEqualTo(3);
        // all ops of one multi share a zxid
        Stat sq = stat(path("m/s-0000000001"));
        assertThat(sq.getCzxid()).isEqualTo(m.getPzxid());
    }

    @CompatTest
    void multiCreate2ReturnsStat(ServerUnderTest s) throws Exception {
        List<OpResult> results = zk.multi(List.of(
            Op.create(path("c2"), "xy".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, 0),
            Op.create(path("ttl"), "z".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, 5000),
            Op.create(path("cont"), "z".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER)));
        OpResult.CreateResult r = (OpResult.CreateResult) results.get(0);
        assertThat(r.getPath()).isEqualTo(path("c2"));
        // a plain create inside multi answers with the path only
        assertThat(r.getStat()).isNull();
        OpResult.CreateResult t = (OpResult.CreateResult) results.get(1);
        assertThat(t.getStat().getEphemeralOwner()).isZero();
        assertThat(t.getStat()).isEqualTo(stat(path("ttl")));
        OpResult.CreateResult c = (OpResult.CreateResult) results.get(2);
        assertThat(c.getStat()).isEqualTo(stat(path("cont")));
    }

    @CompatTest
    void multiFailureRollsBackAndReportsPerOpErrors(ServerUnderTest s) throws Exception {
        create(path("f"), "");
        KeeperException e = org.junit.jupiter.api.Assertions.assertThrows(KeeperException.class, () -> zk.multi(List.of(
            Op.create(path("f/a"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.check(path("f"), 7),
            Op.delete(path("f/missing"), -1))));
        assertThat(e.code()).isEqualTo(KeeperException.Code.BADVERSION);
        assertThat(e.getPath()).isNull();
        List<OpResult> results = e.getResults();
        assertThat(results).hasSize(3);
        assertThat(results).allMatch(r -> r instanceof OpResult.ErrorResult);
        assertThat(((OpResult.ErrorResult) results.get(0)).getErr()).isEqualTo(0);
        assertThat(((OpResult.ErrorResult) results.get(1)).getErr()).isEqualTo(KeeperException.Code.BADVERSION.intValue());
        assertThat(((OpResult.ErrorResult) results.get(2)).getErr())
            .isEqualTo(KeeperException.Code.RUNTIMEINCONSISTENCY.intValue());
        assertThat(zk.exists(path("f/a"), false)).isNull();
        assertThat(stat(path("f")).getCversion()).isZero();
    }

    @CompatTest
    void opsInAMultiSeeTheEffectsOfEarlierOps(ServerUnderTest s) throws Exception {
        List<OpResult> results = zk.multi(List.of(
            Op.create(path("a"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.create(path("a/b"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.setData(path("a/b"), "x".getBytes(), 0),
            Op.check(path("a/b"), 1),
            Op.create(path("a/q-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
            Op.create(path("a/q-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL),
            Op.delete(path("a/b"), 1),
            Op.create(path("a/b"), "again".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.create(path("a/e"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)));
        assertThat(((OpResult.CreateResult) results.get(4)).getPath()).isEqualTo(path("a/q-0000000001"));
        assertThat(((OpResult.CreateResult) results.get(5)).getPath()).isEqualTo(path("a/q-0000000002"));
        assertThat(new String(zk.getData(path("a/b"), false, null))).isEqualTo("again");
        Stat a = stat(path("a"));
        assertThat(a.getNumChildren()).isEqualTo(4);
        assertThat(a.getCversion()).isEqualTo(6);
        assertThat(zk.exists(path("a/e"), false).getEphemeralOwner()).isEqualTo(zk.getSessionId());
        // a delete of a node made earlier in the same failed multi is rolled back with it
        org.junit.jupiter.api.Assertions.assertThrows(KeeperException.NoNodeException.class, () -> zk.multi(List.of(
            Op.create(path("t"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.delete(path("t"), -1),
            Op.delete(path("t"), -1))));
        assertThat(zk.exists(path("t"), false)).isNull();
        assertThat(stat(root).getCversion()).isEqualTo(1);
    }

    @CompatTest
    void oversizedRequestDropsTheConnectionButNotTheSession(ServerUnderTest s) throws Exception {
        Events state = new Events(true);
        ZooKeeper c = connect(s.connectString(), 30_000, state);
        long id = c.getSessionId();
        byte[] big = new byte[1024 * 1024 + 1024];
        KeeperException e = org.junit.jupiter.api.Assertions.assertThrows(KeeperException.class,
            () -> c.create(path("big"), big, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertThat(e.code()).isEqualTo(KeeperException.Code.CONNECTIONLOSS);
        state.expectState(org.apache.zookeeper.Watcher.Event.KeeperState.Disconnected);
        state.expectState(org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected);
        assertThat(c.getSessionId()).isEqualTo(id);
        assertThat(c.exists(path("big"), false)).isNull();
        // just under the limit is fine
        c.create(path("fits"), new byte[1024 * 1000], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(zk.exists(path("fits"), false).getDataLength()).isEqualTo(1024 * 1000);
    }

    @CompatTest
    void emptyMultiSucceeds(ServerUnderTest s) throws Exception {
        assertThat(zk.multi(List.of())).isEmpty();
    }

    @CompatTest
    void multiReadReturnsPerOpResultsAndErrors(ServerUnderTest s) throws Exception {
        create(path("r"), "data");
        create(path("r/k"), "");
        List<OpResult> results = zk.multi(List.of(
            Op.getData(path("r")),
            Op.getChildren(path("r")),
            Op.getData(path("missing")),
            Op.getChildren(path("missing"))));
        assertThat(results).hasSize(4);
        OpResult.GetDataResult gd = (OpResult.GetDataResult) results.get(0);
        assertThat(new String(gd.getData())).isEqualTo("data");
        assertThat(gd.getStat()).isEqualTo(stat(path("r")));
        assertThat(((OpResult.GetChildrenResult) results.get(1)).getChildren()).containsExactly("k");
        assertThat(((OpResult.ErrorResult) results.get(2)).getErr()).isEqualTo(KeeperException.Code.NONODE.intValue());
        assertThat(((OpResult.ErrorResult) results.get(3)).getErr()).isEqualTo(KeeperException.Code.NONODE.intValue());
    }

    @CompatTest
    void mixedReadWriteMultiIsRejectedByClient(ServerUnderTest s) {
        assertThatThrownBy(() -> zk.multi(List.of(Op.getData(root), Op.check(root, -1))))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @CompatTest
    void whoAmIAndAddAuth(ServerUnderTest s) throws Exception {
        List<ClientInfo> before = zk.whoAmI();
        assertThat(before).extracting(ClientInfo::getAuthScheme).containsExactly("ip");
        assertThat(before.get(0).getUser()).isEqualTo("127.0.0.1");
        zk.addAuthInfo("digest", "alice:pw".getBytes());
        List<ClientInfo> after = zk.whoAmI();
        assertThat(after).extracting(ClientInfo::getAuthScheme).containsExactly("ip", "digest");
        assertThat(after.get(1).getUser()).isEqualTo("alice");
        // the auth id is usable immediately after addauth
        zk.create(path("mine"), new byte[0], Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        List<ACL> acl = zk.getACL(path("mine"), new Stat());
        assertThat(acl).containsExactly(new ACL(Perms.ALL, new Id("digest",
            Digests.digest("alice", "pw"))));
    }

    @CompatTest
    void closeSessionEndsTheSession(ServerUnderTest s) throws Exception {
        ZooKeeper other = connect();
        other.create(path("eph"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long id = other.getSessionId();
        assertThat(id).isNotZero();
        other.close();
        assertThat(zk.exists(path("eph"), false)).isNull();
        assertThat(other.getState()).isEqualTo(ZooKeeper.States.CLOSED);
    }

    @CompatTest
    void rootNodeIsReadable(ServerUnderTest s) throws Exception {
        Stat st = zk.exists("/", false);
        assertThat(st).isNotNull();
        assertThat(st.getCzxid()).isZero();
        assertThat(st.getEphemeralOwner()).isZero();
        assertThat(zk.getChildren("/", false)).contains("zookeeper", root.substring(1));
        assertThat(zk.getACL("/", new Stat())).containsExactlyElementsOf(Ids.OPEN_ACL_UNSAFE);
        assertThat(zk.getChildren("/zookeeper", false)).contains("quota");
        assertThat(zk.getData("/", false, null)).isEmpty();
        assertThat(ZooDefs.CONFIG_NODE).isEqualTo("/zookeeper/config");
    }
}
