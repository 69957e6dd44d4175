package dev.paddock.compat;

import static dev.paddock.compat.ErrorCodeCompatTest.acl;
import static dev.paddock.compat.ErrorCodeCompatTest.expect;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooDefs.Perms;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.data.Stat;

/** ACL schemes (world, auth, digest, ip, super) and which permission each operation checks. */
class AclCompatTest extends CompatBase {

    private String node(String name, ACL... entries) throws Exception {
        return zk.create(path(name), "d".getBytes(), acl(entries), CreateMode.PERSISTENT);
    }

    private static ACL world(int perms) {
        return new ACL(perms, Ids.ANYONE_ID_UNSAFE);
    }

    private ZooKeeper withDigest(String user, String password) throws Exception {
        ZooKeeper c = connect();
        c.addAuthInfo("digest", (user + ":" + password).getBytes());
        return c;
    }

    @CompatTest
    void worldPermissionsPerOperation(ServerUnderTest s) throws Exception {
        String r = node("r", world(Perms.READ));
        zk.getData(r, false, null);
        zk.getChildren(r, false);
        expect(Code.NOAUTH, () -> zk.setData(r, new byte[0], -1));
        expect(Code.NOAUTH, () -> zk.create(r + "/c", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        expect(Code.NOAUTH, () -> zk.setACL(r, Ids.OPEN_ACL_UNSAFE, -1));
        assertThat(zk.exists(r, false)).isNotNull();

        String w = node("w", world(Perms.WRITE));
        zk.setData(w, new byte[0], -1);
        expect(Code.NOAUTH, () -> zk.getData(w, false, null));
        expect(Code.NOAUTH, () -> zk.getChildren(w, false));
        // exists on an existing node needs READ too
        expect(Code.NOAUTH, () -> zk.exists(w, false));
        assertThat(zk.exists(w + "/missing", false)).isNull();
    }

    @CompatTest
    void createAndDeleteAreCheckedOnTheParent(ServerUnderTest s) throws Exception {
        String noCreate = node("nc", world(Perms.ALL & ~Perms.CREATE));
        expect(Code.NOAUTH, () -> zk.create(noCreate + "/c", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        String noDelete = node("nd", world(Perms.ALL & ~Perms.DELETE));
        create(noDelete + "/c", "");
        expect(Code.NOAUTH, () -> zk.delete(noDelete + "/c", -1));
        // the child's own ACL does not matter for delete
        String parent = node("p", world(Perms.ALL));
        zk.create(parent + "/locked", new byte[0], acl(world(Perms.READ)), CreateMode.PERSISTENT);
        zk.delete(parent + "/locked", -1);
        // a node without DELETE on itself can still be deleted via its parent
        assertThat(zk.exists(parent + "/locked", false)).isNull();
    }

    @CompatTest
    void getAclNeedsReadOrAdmin(ServerUnderTest s) throws Exception {
        String writeOnly = node("wo", world(Perms.WRITE));
        expect(Code.NOAUTH, () -> zk.getACL(writeOnly, new Stat()));
        String readOnly = node("ro", world(Perms.READ));
        assertThat(zk.getACL(readOnly, new Stat())).containsExactly(world(Perms.READ));
        String digestReadOnly = node("dro", world(Perms.READ), new ACL(Perms.ALL, new Id("digest", Digests.digest("a", "b"))));
        assertThat(zk.getACL(digestReadOnly, new Stat())).containsExactly(world(Perms.READ),
            new ACL(Perms.ALL, new Id("digest", "a:x")));
        ZooKeeper a = withDigest("a", "b");
        assertThat(a.getACL(digestReadOnly, new Stat())).containsExactly(world(Perms.READ),
            new ACL(Perms.ALL, new Id("digest", Digests.digest("a", "b"))));
        String adminOnly = node("ao", world(Perms.ADMIN));
        assertThat(zk.getACL(adminOnly, new Stat())).containsExactly(world(Perms.ADMIN));
    }

    @CompatTest
    void setAclNeedsAdminAndBumpsAversion(ServerUnderTest s) throws Exception {
        String n = node("a", world(Perms.ADMIN | Perms.READ));
        Stat st = zk.setACL(n, acl(world(Perms.ALL)), 0);
        assertThat(st.getAversion()).isEqualTo(1);
        assertThat(st.getVersion()).isZero();
        assertThat(zk.setACL(n, acl(world(Perms.READ)), 1).getAversion()).isEqualTo(2);
        expect(Code.NOAUTH, () -> zk.setACL(n, acl(world(Perms.ALL)), -1));
    }

    @CompatTest
    void authSchemeUsesTheSessionsDigestIdentity(ServerUnderTest s) throws Exception {
        ZooKeeper alice = withDigest("alice", "pw");
        String n = alice.create(path("a"), "x".getBytes(), Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        assertThat(alice.getACL(n, new Stat())).containsExactly(
            new ACL(Perms.ALL, new Id("digest", Digests.digest("alice", "pw"))));
        assertThat(new String(alice.getData(n, false, null))).isEqualTo("x");
        expect(Code.NOAUTH, () -> zk.getData(n, false, null));
        ZooKeeper wrong = withDigest("alice", "nope");
        expect(Code.NOAUTH, () -> wrong.getData(n, false, null));
        ZooKeeper again = withDigest("alice", "pw");
        assertThat(new String(again.getData(n, false, null))).isEqualTo("x");
    }

    @CompatTest
    void authSchemeWithTwoDigestIdentitiesAddsBothAndReadOnlyGetAclHidesHashes(ServerUnderTest s) throws Exception {
        ZooKeeper c = withDigest("u1", "p1");
        c.addAuthInfo("digest", "u2:p2".getBytes());
        String n = c.create(path("two"), new byte[0], acl(new ACL(Perms.READ, new Id("auth", ""))), CreateMode.PERSISTENT);
        // without ADMIN, getACL shows digest ids as user:x
        assertThat(c.getACL(n, new Stat())).containsExactlyInAnyOrder(
            new ACL(Perms.READ, new Id("digest", "u1:x")),
            new ACL(Perms.READ, new Id("digest", "u2:x")));
        ZooKeeper su = withDigest("super", ServerUnderTest.SUPER_PASSWORD);
        assertThat(su.getACL(n, new Stat())).containsExactlyInAnyOrder(
            new ACL(Perms.READ, new Id("digest", Digests.digest("u1", "p1"))),
            new ACL(Perms.READ, new Id("digest", Digests.digest("u2", "p2"))));
    }

    /**
     * ZooKeeper keeps a session's identities in a hash set, so an "auth" ACL expands in that set's order, not in
     * addauth order. Found by DifferentialTest seed 6172649687067528004.
     */
    @CompatTest
    void authSchemeExpandsIdentitiesInZooKeeperSetOrder(ServerUnderTest s) throws Exception {
        ZooKeeper c = withDigest("alice", "pw");
        c.addAuthInfo("digest", "alice:wrong".getBytes());
        String n = c.create(path("order"), new byte[0], Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        assertThat(c.getACL(n, new Stat())).containsExactly(
            new ACL(Perms.ALL, new Id("digest", Digests.digest("alice", "wrong"))),
            new ACL(Perms.ALL, new Id("digest", Digests.digest("alice", "pw"))));
    }

    @CompatTest
    void duplicateEntriesAreDroppedAndWorldOnlyKnowsAnyone(ServerUnderTest s) throws Exception {
        String n = node("dup", world(Perms.ALL), world(Perms.ALL), world(Perms.READ));
        assertThat(zk.getACL(n, new Stat())).containsExactly(world(Perms.ALL), world(Perms.READ));
        expect(Code.INVALIDACL, () -> node("someone", new ACL(Perms.ALL, new Id("world", "someone"))));
        String none = node("none", world(0));
        expect(Code.NOAUTH, () -> zk.getData(none, false, null));
        zk.delete(none, -1);
    }

    @CompatTest
    void explicitDigestAcl(ServerUnderTest s) throws Exception {
        String digest = Digests.digest("bob", "secret");
        String n = node("b", new ACL(Perms.READ | Perms.WRITE, new Id("digest", digest)));
        expect(Code.NOAUTH, () -> zk.getData(n, false, null));
        ZooKeeper bob = withDigest("bob", "secret");
        bob.setData(n, "y".getBytes(), -1);
        assertThat(new String(bob.getData(n, false, null))).isEqualTo("y");
        expect(Code.NOAUTH, () -> bob.setACL(n, Ids.OPEN_ACL_UNSAFE, -1));
    }

    @CompatTest
    void ipAclWithAndWithoutMask(ServerUnderTest s) throws Exception {
        String exact = node("ip1", new ACL(Perms.READ, new Id("ip", "127.0.0.1")));
        zk.getData(exact, false, null);
        String masked = node("ip2", new ACL(Perms.READ, new Id("ip", "127.0.0.0/8")));
        zk.getData(masked, false, null);
        String other = node("ip3", new ACL(Perms.READ, new Id("ip", "10.1.0.0/16")));
        expect(Code.NOAUTH, () -> zk.getData(other, false, null));
        String wide = node("ip4", new ACL(Perms.READ, new Id("ip", "0.0.0.0/0")));
        zk.getData(wide, false, null);
        String offByOne = node("ip5", new ACL(Perms.READ, new Id("ip", "127.0.0.2/32")));
        expect(Code.NOAUTH, () -> zk.getData(offByOne, false, null));
    }

    @CompatTest
    void superUserBypassesAcls(ServerUnderTest s) throws Exception {
        String n = node("locked", new ACL(Perms.READ, new Id("digest", Digests.digest("x", "y"))));
        expect(Code.NOAUTH, () -> zk.getData(n, false, null));
        ZooKeeper root = withDigest("super", ServerUnderTest.SUPER_PASSWORD);
        assertThat(new String(root.getData(n, false, null))).isEqualTo("d");
        root.setData(n, new byte[0], -1);
        root.setACL(n, Ids.OPEN_ACL_UNSAFE, -1);
        zk.getData(n, false, null);
        ZooKeeper notSuper = withDigest("super", "wrong");
        String n2 = node("locked2", new ACL(Perms.READ, new Id("digest", Digests.digest("x", "y"))));
        expect(Code.NOAUTH, () -> notSuper.getData(n2, false, null));
    }

    @CompatTest
    void multiChecksAclsPerOp(ServerUnderTest s) throws Exception {
        String r = node("ro", world(Perms.READ));
        var e = expect(Code.NOAUTH, () -> zk.multi(java.util.List.of(
            org.apache.zookeeper.Op.create(path("ok"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            org.apache.zookeeper.Op.setData(r, new byte[0], -1))));
        assertThat(e.getResults()).hasSize(2);
        assertThat(zk.exists(path("ok"), false)).isNull();
    }
}
