package dev.paddock.compat;

import dev.paddock.client.testing.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A restart on the same data directory keeps every acknowledged change, the sessions (with their ephemerals),
 * and the counters (zxid, sequential suffixes). The client reaches the restarted server through a proxy, so it
 * reconnects with its session id as it would after a real server restart.
 */
class RestartCompatTest extends CompatBase {

    @CompatTest(freshServer = true)
    void restartKeepsDataSessionsAndCounters(ServerUnderTest s) throws Exception {
        TcpProxy proxy = closeLater(new TcpProxy(s.clientPort()));
        Events state = new Events(true);
        ZooKeeper c = connect(proxy.connectString(), 30_000, state);
        long session = c.getSessionId();
        String p = c.create(path("p"), "v1".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        c.setData(p, "v2".getBytes(), 0);
        c.create(path("p/s-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        c.create(path("p/s-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL);
        c.delete(path("p/s-0000000000"), -1);
        c.create(path("eph"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        c.create(path("acl"), new byte[0], Ids.READ_ACL_UNSAFE, CreateMode.PERSISTENT);
        c.create(path("c"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        Stat last = c.setData(path("c"), "x".getBytes(), -1);
        Stat pBefore = c.exists(p, false);
        Stat rootBefore = c.exists(root, false);
        Stat ephBefore = c.exists(path("eph"), false);
        List<String> kids = c.getChildren(root, false);

        proxy.cut();
        state.expectState(KeeperState.Disconnected);
        ServerUnderTest restarted = closeLater(s.restart());
        proxy.retarget(restarted.clientPort());
        proxy.restore();
        state.expectState(KeeperState.SyncConnected);

        assertThat(c.getSessionId()).isEqualTo(session);
        assertThat(new String(c.getData(p, false, null))).isEqualTo("v2");
        assertThat(c.exists(p, false)).isEqualTo(pBefore);
        assertThat(c.exists(root, false)).isEqualTo(rootBefore);
        assertThat(c.exists(path("eph"), false)).isEqualTo(ephBefore);
        assertThat(c.getChildren(root, false)).containsExactlyInAnyOrderElementsOf(kids);
        assertThat(c.getACL(path("acl"), new Stat())).containsExactlyElementsOf(Ids.READ_ACL_UNSAFE);
        assertThat(c.getEphemerals()).containsExactly(path("eph"));
        // counters carry on
        assertThat(c.create(path("p/s-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL))
            .isEqualTo(path("p/s-0000000002"));
        assertThat(c.setData(p, new byte[0], 1).getMzxid()).isGreaterThan(last.getMzxid());

        // the restored session still owns its ephemeral
        ZooKeeper other = connect(restarted.connectString(), 30_000, null);
        Events watch = new Events();
        other.exists(path("eph"), watch);
        c.close();
        watch.expect(EventType.NodeDeleted, path("eph"));
    }
}
