package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/** A chroot suffix in the connect string: every path in and out is relative to it. */
class ChrootCompatTest extends CompatBase {

    @CompatTest
    void pathsAreRelativeToTheChroot(ServerUnderTest s) throws Exception {
        create(path("app"), "");
        Events ev = new Events();
        ZooKeeper c = connect(s.connectString() + root + "/app", 30_000, null);
        assertThat(c.create("/a", "x".getBytes(), Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)).isEqualTo("/a");
        assertThat(new String(zk.getData(path("app/a"), false, null))).isEqualTo("x");
        assertThat(c.create("/s-", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL))
            .isEqualTo("/s-0000000001");
        assertThat(c.getChildren("/", false)).containsExactlyInAnyOrder("a", "s-0000000001");
        assertThat(c.exists("/", false)).isEqualTo(zk.exists(path("app"), false));

        c.getData("/a", ev, null);
        c.exists("/b", ev);
        zk.setData(path("app/a"), new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, "/a");
        zk.create(path("app/b"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ev.expect(EventType.NodeCreated, "/b");

        List<OpResult> r = c.multi(List.of(Op.create("/m", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
            Op.delete("/b", -1)));
        // the 3.9.3 Java client does not strip the chroot from multi create results: the server's full path shows
        assertThat(((OpResult.CreateResult) r.get(0)).getPath()).isEqualTo(path("app/m"));

        KeeperException e = org.junit.jupiter.api.Assertions.assertThrows(KeeperException.NoNodeException.class,
            () -> c.getData("/missing", false, null));
        assertThat(e.getPath()).isEqualTo("/missing");

        c.create("/eph", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertThat(zk.exists(path("app/eph"), false).getEphemeralOwner()).isEqualTo(c.getSessionId());
    }

    @CompatTest
    void missingChrootGivesNoNode(ServerUnderTest s) throws Exception {
        ZooKeeper c = connect(s.connectString() + root + "/nope", 30_000, null);
        org.junit.jupiter.api.Assertions.assertThrows(KeeperException.NoNodeException.class,
            () -> c.create("/a", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
        assertThat(c.exists("/", false)).isNull();
    }
}
