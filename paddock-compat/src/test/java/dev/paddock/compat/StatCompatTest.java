package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.data.Stat;

/** All eleven Stat fields after each kind of change (zxids and times compared by relation, not value). */
class StatCompatTest extends CompatBase {

    /** The fields that are compared exactly. */
    static String exact(Stat st) {
        return "version=" + st.getVersion() + " cversion=" + st.getCversion() + " aversion=" + st.getAversion()
            + " dataLength=" + st.getDataLength() + " numChildren=" + st.getNumChildren();
    }

    @CompatTest
    void statAfterEachKindOfChange(ServerUnderTest s) throws Exception {
        Stat created = new Stat();
        String p = zk.create(path("s"), "abc".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, created);
        assertThat(exact(created)).isEqualTo("version=0 cversion=0 aversion=0 dataLength=3 numChildren=0");
        assertThat(created.getMzxid()).isEqualTo(created.getCzxid());
        assertThat(created.getPzxid()).isEqualTo(created.getCzxid());
        assertThat(created.getMtime()).isEqualTo(created.getCtime());
        assertThat(created.getEphemeralOwner()).isZero();
        Stat rootBefore = stat(root);

        // setData: version, mzxid, mtime, dataLength change
        Stat set = zk.setData(p, "hello".getBytes(), -1);
        assertThat(exact(set)).isEqualTo("version=1 cversion=0 aversion=0 dataLength=5 numChildren=0");
        assertThat(set.getCzxid()).isEqualTo(created.getCzxid());
        assertThat(set.getMzxid()).isGreaterThan(created.getMzxid());
        assertThat(set.getPzxid()).isEqualTo(created.getPzxid());
        assertThat(set.getCtime()).isEqualTo(created.getCtime());
        assertThat(set.getMtime()).isGreaterThanOrEqualTo(created.getMtime());
        assertThat(stat(p)).isEqualTo(set);

        // child created: cversion, numChildren, pzxid change; mzxid does not
        Stat child = new Stat();
        zk.create(p + "/c", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, child);
        Stat afterChild = stat(p);
        assertThat(exact(afterChild)).isEqualTo("version=1 cversion=1 aversion=0 dataLength=5 numChildren=1");
        assertThat(afterChild.getPzxid()).isEqualTo(child.getCzxid());
        assertThat(afterChild.getMzxid()).isEqualTo(set.getMzxid());
        assertThat(afterChild.getMtime()).isEqualTo(set.getMtime());

        // child deleted: cversion counts deletes too, pzxid moves on
        zk.delete(p + "/c", -1);
        Stat afterDelete = stat(p);
        assertThat(exact(afterDelete)).isEqualTo("version=1 cversion=2 aversion=0 dataLength=5 numChildren=0");
        assertThat(afterDelete.getPzxid()).isGreaterThan(child.getCzxid());
        assertThat(afterDelete.getMzxid()).isEqualTo(set.getMzxid());

        // setACL: only aversion changes
        Stat acl = zk.setACL(p, Ids.READ_ACL_UNSAFE, 0);
        assertThat(exact(acl)).isEqualTo("version=1 cversion=2 aversion=1 dataLength=5 numChildren=0");
        assertThat(acl.getMzxid()).isEqualTo(set.getMzxid());
        assertThat(acl.getPzxid()).isEqualTo(afterDelete.getPzxid());

        // empty data
        Stat empty = new Stat();
        zk.create(path("empty"), null, Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, empty);
        assertThat(empty.getDataLength()).isZero();

        // ephemeral owner is the creating session
        Stat eph = new Stat();
        zk.create(path("eph"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL, eph);
        assertThat(eph.getEphemeralOwner()).isEqualTo(zk.getSessionId());

        // the test root saw two creates
        Stat rootAfter = stat(root);
        assertThat(rootAfter.getCversion()).isEqualTo(rootBefore.getCversion() + 2);
        assertThat(rootAfter.getNumChildren()).isEqualTo(3);
        assertThat(rootAfter.getPzxid()).isEqualTo(eph.getCzxid());
    }

    @CompatTest
    void zxidsAdvanceByOnePerWriteAndMultiSharesOne(ServerUnderTest s) throws Exception {
        Stat a = new Stat();
        zk.create(path("a"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, a);
        Stat b = zk.setData(path("a"), new byte[1], -1);
        assertThat(b.getMzxid()).isEqualTo(a.getCzxid() + 1);
        zk.multi(List.of(Op.create(path("m1"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.create(path("m2"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)));
        assertThat(stat(path("m1")).getCzxid()).isEqualTo(b.getMzxid() + 1).isEqualTo(stat(path("m2")).getCzxid());
        // reads do not consume zxids, but a failed write does (it is logged as an error txn)
        zk.getData(path("a"), false, null);
        zk.exists(path("a"), false);
        zk.getChildren(root, false);
        try {
            zk.delete(path("nope"), -1);
        } catch (org.apache.zookeeper.KeeperException.NoNodeException expected) {
            // expected
        }
        Stat c = zk.setData(path("a"), new byte[2], -1);
        assertThat(c.getMzxid()).isEqualTo(stat(path("m1")).getCzxid() + 2);
    }

    @CompatTest
    void parentStatAfterMultiWithCreateAndDelete(ServerUnderTest s) throws Exception {
        create(path("p"), "");
        zk.multi(List.of(Op.create(path("p/a"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.create(path("p/b"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.delete(path("p/a"), -1)));
        Stat p = stat(path("p"));
        assertThat(exact(p)).isEqualTo("version=0 cversion=3 aversion=0 dataLength=0 numChildren=1");
        assertThat(p.getPzxid()).isEqualTo(stat(path("p/b")).getCzxid());
    }
}
