package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/** One-shot, persistent and recursive watches: which events fire, in what order, with which zxid. */
class WatchCompatTest extends CompatBase {

    /** Round-trips every session so all notifications for earlier changes have been delivered. */
    private void settle(ZooKeeper... clients) throws Exception {
        for (ZooKeeper c : clients) {
            c.sync("/");
            CompletableFuture<Void> done = new CompletableFuture<>();
            c.exists("/", false, (rc, p, ctx, st) -> done.complete(null), null);
            done.get(10, TimeUnit.SECONDS);
        }
    }

    @CompatTest
    void dataWatchOneShot(ServerUnderTest s) throws Exception {
        String p = create(path("d"), "");
        ZooKeeper other = connect();
        Events ev = new Events();
        zk.getData(p, ev, null);
        Stat st = other.setData(p, "1".getBytes(), -1);
        WatchedEvent e = ev.expect(EventType.NodeDataChanged, p);
        assertThat(e.getZxid()).isEqualTo(st.getMzxid());
        assertThat(e.getState()).isEqualTo(Watcher.Event.KeeperState.SyncConnected);
        other.setData(p, "2".getBytes(), -1);
        settle(other, zk);
        ev.expectNone();
        zk.getData(p, ev, null);
        other.delete(p, -1);
        ev.expect(EventType.NodeDeleted, p);
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void existsWatchOnMissingNodeFiresCreated(ServerUnderTest s) throws Exception {
        Events ev = new Events();
        assertThat(zk.exists(path("later"), ev)).isNull();
        ZooKeeper other = connect();
        Stat st = new Stat();
        other.create(path("later"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, st);
        assertThat(ev.expect(EventType.NodeCreated, path("later")).getZxid()).isEqualTo(st.getCzxid());
        assertThat(zk.exists(path("later"), ev)).isNotNull();
        other.setData(path("later"), new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, path("later"));
        zk.exists(path("later"), ev);
        other.delete(path("later"), -1);
        ev.expect(EventType.NodeDeleted, path("later"));
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void childWatch(ServerUnderTest s) throws Exception {
        String p = create(path("c"), "");
        Events ev = new Events();
        zk.getChildren(p, ev);
        create(p + "/k", "");
        ev.expect(EventType.NodeChildrenChanged, p);
        zk.getChildren(p, ev);
        // data changes of the parent or a child do not trigger a child watch
        zk.setData(p, new byte[1], -1);
        zk.setData(p + "/k", new byte[1], -1);
        settle(zk);
        ev.expectNone();
        zk.delete(p + "/k", -1);
        ev.expect(EventType.NodeChildrenChanged, p);
        zk.getChildren(p, ev, new Stat());
        zk.delete(p, -1);
        ev.expect(EventType.NodeDeleted, p);
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void oneEventPerWatcherObjectEvenWhenSetByDataAndExists(ServerUnderTest s) throws Exception {
        String p = create(path("dup"), "");
        Events ev = new Events();
        zk.getData(p, ev, null);
        zk.exists(p, ev);
        zk.getChildren(p, ev);
        zk.delete(p, -1);
        // the same watcher object registered three ways is notified once for the deletion
        ev.expect(EventType.NodeDeleted, p);
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void watchFiresBeforeTheReplyThatShowsTheChange(ServerUnderTest s) throws Exception {
        String p = create(path("order"), "");
        Events ev = new Events();
        zk.getData(p, ev, null);
        CompletableFuture<Integer> seenAtReply = new CompletableFuture<>();
        // callbacks and watch events share the client's event thread in arrival order
        zk.setData(p, new byte[1], -1, (rc, path, ctx, st) -> seenAtReply.complete(ev.drain().size()), null);
        assertThat(seenAtReply.get(10, TimeUnit.SECONDS)).isEqualTo(1);

        // another session: the event reaches it before the reply to anything it sends afterwards
        ZooKeeper other = connect();
        Events ev2 = new Events();
        other.getData(p, ev2, null);
        zk.setData(p, new byte[2], -1);
        CompletableFuture<Integer> seen = new CompletableFuture<>();
        other.exists(p, false, (rc, path, ctx, st) -> seen.complete(ev2.drain().size()), null);
        assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @CompatTest
    void multiFiresEventsForEachOp(ServerUnderTest s) throws Exception {
        String p = create(path("m"), "");
        create(p + "/a", "");
        Events data = new Events();
        Events kids = new Events();
        zk.getData(p + "/a", data, null);
        zk.getChildren(p, kids);
        zk.multi(List.of(Op.setData(p + "/a", new byte[1], -1),
            Op.create(p + "/b", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)));
        data.expect(EventType.NodeDataChanged, p + "/a");
        kids.expect(EventType.NodeChildrenChanged, p);
        // a failed multi fires nothing
        zk.getData(p + "/a", data, null);
        assertThatThrownBy(() -> zk.multi(List.of(Op.setData(p + "/a", new byte[1], -1), Op.check(p, 99))))
            .isInstanceOf(KeeperException.BadVersionException.class);
        settle(zk);
        data.expectNone();
    }

    @CompatTest
    void differentWatcherObjectsOnOnePathEachGetTheEvent(ServerUnderTest s) throws Exception {
        String p = create(path("two"), "");
        Events oneShot = new Events();
        Events persistent = new Events();
        Events recursiveOnParent = new Events();
        zk.getData(p, oneShot, null);
        zk.addWatch(p, persistent, AddWatchMode.PERSISTENT);
        zk.addWatch(root, recursiveOnParent, AddWatchMode.PERSISTENT_RECURSIVE);
        zk.setData(p, new byte[1], -1);
        oneShot.expect(EventType.NodeDataChanged, p);
        persistent.expect(EventType.NodeDataChanged, p);
        recursiveOnParent.expect(EventType.NodeDataChanged, p);
        zk.setData(p, new byte[2], -1);
        persistent.expect(EventType.NodeDataChanged, p);
        recursiveOnParent.expect(EventType.NodeDataChanged, p);
        settle(zk);
        oneShot.expectNone();
        // a persistent watch cannot be removed as a data watch
        assertThatThrownBy(() -> zk.removeWatches(p, persistent, WatcherType.Data, false))
            .isInstanceOf(KeeperException.NoWatcherException.class);
    }

    @CompatTest
    void existsWatchOnMissingNodeCanBeRemoved(ServerUnderTest s) throws Exception {
        Events ev = new Events();
        zk.exists(path("ghost"), ev);
        zk.removeWatches(path("ghost"), ev, WatcherType.Data, false);
        ev.expect(EventType.DataWatchRemoved, path("ghost"));
        create(path("ghost"), "");
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void persistentWatch(ServerUnderTest s) throws Exception {
        String p = create(path("pw"), "");
        Events ev = new Events();
        zk.addWatch(p, ev, AddWatchMode.PERSISTENT);
        zk.setData(p, new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, p);
        zk.setData(p, new byte[2], -1);
        ev.expect(EventType.NodeDataChanged, p);
        create(p + "/c", "");
        ev.expect(EventType.NodeChildrenChanged, p);
        // grandchildren and child data are not reported by a non-recursive persistent watch
        create(p + "/c/g", "");
        zk.setData(p + "/c", new byte[1], -1);
        settle(zk);
        ev.expectNone();
        zk.delete(p + "/c/g", -1);
        zk.delete(p + "/c", -1);
        ev.expect(EventType.NodeChildrenChanged, p);
        zk.delete(p, -1);
        ev.expect(EventType.NodeDeleted, p);
        // it survives deletion
        create(p, "");
        ev.expect(EventType.NodeCreated, p);
        zk.removeWatches(p, ev, WatcherType.Persistent, false);
        ev.expect(EventType.PersistentWatchRemoved, p);
        zk.setData(p, new byte[1], -1);
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void persistentRecursiveWatch(ServerUnderTest s) throws Exception {
        String p = path("rw");
        Events ev = new Events();
        zk.addWatch(p, ev, AddWatchMode.PERSISTENT_RECURSIVE);
        create(p, "");
        ev.expect(EventType.NodeCreated, p);
        create(p + "/a", "");
        ev.expect(EventType.NodeCreated, p + "/a");
        create(p + "/a/b", "");
        ev.expect(EventType.NodeCreated, p + "/a/b");
        zk.setData(p + "/a/b", new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, p + "/a/b");
        zk.delete(p + "/a/b", -1);
        ev.expect(EventType.NodeDeleted, p + "/a/b");
        // siblings with a common name prefix are not descendants
        create(p + "x", "");
        settle(zk);
        ev.expectNone();
        zk.removeWatches(p, ev, WatcherType.PersistentRecursive, false);
        ev.expect(EventType.PersistentWatchRemoved, p);
        zk.setData(p + "/a", new byte[1], -1);
        settle(zk);
        ev.expectNone();
    }

    @CompatTest
    void recursiveWatchOnRootSeesEverything(ServerUnderTest s) throws Exception {
        Events ev = new Events();
        ZooKeeper other = connect();
        other.addWatch(root, ev, AddWatchMode.PERSISTENT_RECURSIVE);
        zk.create(path("x"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        ev.expect(EventType.NodeCreated, path("x"));
        zk.close();
        ev.expect(EventType.NodeDeleted, path("x"));
    }

    @CompatTest
    void removeWatchesByType(ServerUnderTest s) throws Exception {
        String p = create(path("rm"), "");
        Events data = new Events();
        Events kids = new Events();
        zk.getData(p, data, null);
        zk.getChildren(p, kids);
        zk.removeWatches(p, data, WatcherType.Data, false);
        data.expect(EventType.DataWatchRemoved, p);
        zk.removeWatches(p, kids, WatcherType.Children, false);
        kids.expect(EventType.ChildWatchRemoved, p);
        zk.setData(p, new byte[1], -1);
        create(p + "/c", "");
        settle(zk);
        data.expectNone();
        kids.expectNone();
        // removing again: NoWatcher (the server no longer has it either)
        assertThatThrownBy(() -> zk.removeWatches(p, data, WatcherType.Data, false))
            .isInstanceOf(KeeperException.NoWatcherException.class);

        // Any removes both kinds
        Events both = new Events();
        zk.getData(p, both, null);
        zk.getChildren(p, both);
        zk.removeWatches(p, both, WatcherType.Any, false);
        assertThat(List.of(both.next().getType(), both.next().getType()))
            .containsExactlyInAnyOrder(EventType.DataWatchRemoved, EventType.ChildWatchRemoved);

        // removeAllWatches on the server with local=false
        Events a = new Events();
        Events b = new Events();
        zk.exists(p, a);
        zk.getChildren(p, b);
        zk.removeAllWatches(p, WatcherType.Any, false);
        assertThat(a.next().getType()).isEqualTo(EventType.DataWatchRemoved);
        assertThat(b.next().getType()).isEqualTo(EventType.ChildWatchRemoved);
        zk.setData(p, new byte[2], -1);
        zk.delete(p + "/c", -1);
        settle(zk);
        a.expectNone();
        b.expectNone();
    }

    @CompatTest
    void removeDataWatchKeepsChildWatch(ServerUnderTest s) throws Exception {
        String p = create(path("keep"), "");
        Events ev = new Events();
        zk.getData(p, ev, null);
        zk.getChildren(p, ev);
        zk.removeWatches(p, ev, WatcherType.Data, false);
        ev.expect(EventType.DataWatchRemoved, p);
        create(p + "/k", "");
        ev.expect(EventType.NodeChildrenChanged, p);
    }

    @CompatTest
    void removeWatchOfAnotherTypeIsNoWatcher(ServerUnderTest s) throws Exception {
        String p = create(path("nw"), "");
        Events ev = new Events();
        zk.getData(p, ev, null);
        assertThatThrownBy(() -> zk.removeWatches(p, ev, WatcherType.Children, false))
            .isInstanceOf(KeeperException.NoWatcherException.class);
        zk.setData(p, new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, p);
    }

    @CompatTest
    void ephemeralDeletionOnCloseNotifiesOthers(ServerUnderTest s) throws Exception {
        ZooKeeper owner = connect();
        owner.create(path("eph"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Events data = new Events();
        Events kids = new Events();
        zk.exists(path("eph"), data);
        zk.getChildren(root, kids);
        owner.close();
        data.expect(EventType.NodeDeleted, path("eph"));
        kids.expect(EventType.NodeChildrenChanged, root);
    }
}
