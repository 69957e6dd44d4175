package dev.paddock.compat;

import static dev.paddock.compat.ErrorCodeCompatTest.expect;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException.Code;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.Stat;

/** The /zookeeper subtree of a standalone server: config node, quota node, reconfig disabled. */
class ConfigNodeCompatTest extends CompatBase {

    @CompatTest
    void getConfigReadsTheConfigNode(ServerUnderTest s) throws Exception {
        Stat st = new Stat();
        byte[] config = zk.getConfig(false, st);
        assertThat(config).isEqualTo(zk.getData("/zookeeper/config", false, null));
        assertThat(st).isEqualTo(zk.exists("/zookeeper/config", false));
        assertThat(zk.getChildren("/zookeeper", false)).containsExactlyInAnyOrder("config", "quota");
    }

    static String all(Stat st) {
        return "cz=" + st.getCzxid() + " mz=" + st.getMzxid() + " pz=" + st.getPzxid() + " ct=" + st.getCtime()
            + " mt=" + st.getMtime() + " v=" + st.getVersion() + " cv=" + st.getCversion() + " av=" + st.getAversion()
            + " eo=" + st.getEphemeralOwner() + " len=" + st.getDataLength() + " nc=" + st.getNumChildren();
    }

    @CompatTest
    void statsOfTheBuiltInNodes(ServerUnderTest s) throws Exception {
        assertThat(all(zk.exists("/zookeeper", false)))
            .isEqualTo("cz=0 mz=0 pz=0 ct=0 mt=0 v=0 cv=-2 av=0 eo=0 len=0 nc=2");
        assertThat(all(zk.exists("/zookeeper/quota", false)))
            .isEqualTo("cz=0 mz=0 pz=0 ct=0 mt=0 v=0 cv=0 av=0 eo=0 len=0 nc=0");
        assertThat(all(zk.exists("/zookeeper/config", false)))
            .isEqualTo("cz=0 mz=0 pz=0 ct=0 mt=0 v=0 cv=0 av=-1 eo=0 len=0 nc=0");
        assertThat(zk.getACL("/zookeeper/config", new Stat())).containsExactlyElementsOf(Ids.READ_ACL_UNSAFE);
        assertThat(zk.getACL("/zookeeper", new Stat())).containsExactlyElementsOf(Ids.OPEN_ACL_UNSAFE);
    }

    @CompatTest
    void reconfigIsDisabledInStandalone(ServerUnderTest s) throws Exception {
        ZooKeeperAdmin admin = closeLater(new ZooKeeperAdmin(s.connectString(), 30_000, e -> { }));
        expect(Code.RECONFIGDISABLED, () -> admin.reconfigure("server.1=127.0.0.1:2888:3888;2181", null, null, -1,
            new Stat()));
    }

    @CompatTest
    void configNodeIsReadOnlyForOrdinaryUsers(ServerUnderTest s) throws Exception {
        expect(Code.NOAUTH, () -> zk.setData("/zookeeper/config", new byte[0], -1));
        expect(Code.NOAUTH, () -> zk.create("/zookeeper/config/x", new byte[0], Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT));
    }
}
