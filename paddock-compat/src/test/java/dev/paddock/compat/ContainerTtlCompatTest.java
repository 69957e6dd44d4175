package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.awaitility.Awaitility;

/** Containers are reaped once their last child goes; TTL nodes once idle and childless past their ttl. */
@ServerSettings(containerCheckIntervalMs = 100)
class ContainerTtlCompatTest extends CompatBase {

    private void awaitGone(String path) {
        Awaitility.await(path + " to be reaped").atMost(20, TimeUnit.SECONDS).pollInterval(50, TimeUnit.MILLISECONDS)
            .until(() -> zk.exists(path, false) == null);
    }

    @CompatTest
    void containerReapedAfterLastChildDeleted(ServerUnderTest s) throws Exception {
        String used = zk.create(path("used"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        String neverUsed = zk.create(path("never"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        create(used + "/a", "");
        create(used + "/b", "");
        zk.delete(used + "/a", -1);
        Events watch = new Events();
        Events parent = new Events();
        zk.exists(used, watch);
        zk.getChildren(root, parent);
        zk.delete(used + "/b", -1);
        watch.expect(EventType.NodeDeleted, used);
        parent.expect(EventType.NodeChildrenChanged, root);
        assertThat(zk.exists(used, false)).isNull();
        // a container that never had a child is left alone
        assertThat(zk.exists(neverUsed, false)).isNotNull();
    }

    @CompatTest
    void containerWithChildrenStays(ServerUnderTest s) throws Exception {
        String c = zk.create(path("c"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        create(c + "/keep", "");
        String probe = zk.create(path("probe"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        create(probe + "/x", "");
        zk.delete(probe + "/x", -1);
        awaitGone(probe);
        assertThat(zk.exists(c, false)).isNotNull();
        assertThat(zk.getChildren(c, false)).containsExactly("keep");
    }

    @CompatTest
    void ttlNodeReapedWhenIdleAndChildless(ServerUnderTest s) throws Exception {
        String t = zk.create(path("t"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 300);
        String withChild = zk.create(path("wc"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 300);
        create(withChild + "/kid", "");
        String seq = zk.create(path("s-"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL,
            null, 300);
        String plain = create(path("plain"), "");
        Events watch = new Events();
        zk.exists(t, watch);
        watch.expect(EventType.NodeDeleted, t);
        awaitGone(seq);
        assertThat(zk.exists(withChild, false)).isNotNull();
        assertThat(zk.exists(plain, false)).isNotNull();
        zk.delete(withChild + "/kid", -1);
        awaitGone(withChild);
    }

    @CompatTest
    void ttlNodeAndContainerCanBeDeletedExplicitly(ServerUnderTest s) throws Exception {
        String t = zk.create(path("t"), "x".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_WITH_TTL, null, 60_000);
        assertThat(new String(zk.getData(t, false, null))).isEqualTo("x");
        zk.setData(t, "y".getBytes(), 0);
        zk.delete(t, 1);
        String c = zk.create(path("c"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        zk.delete(c, 0);
        assertThat(zk.getChildren(root, false)).isEmpty();
    }
}
