package dev.paddock.compat;

import dev.paddock.client.testing.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;

/**
 * SetWatches/SetWatches2: after a reconnect the client re-registers its watches with the last zxid it saw;
 * the server fires at once for changes made while it was away, and keeps the rest armed.
 */
class ReconnectWatchCompatTest extends CompatBase {

    private void settle(ZooKeeper c) throws Exception {
        c.sync("/");
        CompletableFuture<Void> done = new CompletableFuture<>();
        c.exists("/", false, (rc, p, ctx, st) -> done.complete(null), null);
        done.get(10, TimeUnit.SECONDS);
    }

    @CompatTest
    void watchesResetAfterReconnectFireForChangesMadeMeanwhile(ServerUnderTest s) throws Exception {
        String changed = create(path("changed"), "");
        String deleted = create(path("deleted"), "");
        String untouched = create(path("untouched"), "");
        String parent = create(path("parent"), "");
        String later = path("later");
        String untouchedMissing = path("never");

        TcpProxy proxy = closeLater(new TcpProxy(s.clientPort()));
        Events state = new Events(true);
        ZooKeeper c = connect(proxy.connectString(), 30_000, state);
        Events ev = new Events();
        Events persistent = new Events();
        Events recursive = new Events();
        c.getData(changed, ev, null);
        c.getData(deleted, ev, null);
        c.getData(untouched, ev, null);
        c.getChildren(parent, ev);
        c.exists(later, ev);
        c.exists(untouchedMissing, ev);
        c.addWatch(untouched, persistent, AddWatchMode.PERSISTENT);
        c.addWatch(parent, recursive, AddWatchMode.PERSISTENT_RECURSIVE);

        proxy.cut();
        state.expectState(KeeperState.Disconnected);
        zk.setData(changed, new byte[1], -1);
        zk.delete(deleted, -1);
        create(parent + "/kid", "");
        create(later, "");
        proxy.restore();
        state.expectState(KeeperState.SyncConnected);
        settle(c);

        List<WatchedEvent> got = ev.drain();
        // catch-up events carry no zxid
        assertThat(got).extracting(WatchedEvent::getZxid).containsOnly(-1L);
        assertThat(got).extracting(e -> e.getType() + " " + e.getPath()).containsExactlyInAnyOrder(
            "NodeDataChanged " + changed,
            "NodeDeleted " + deleted,
            "NodeChildrenChanged " + parent,
            "NodeCreated " + later);
        // persistent watches are re-registered without catch-up events for what happened meanwhile
        recursive.expectNone();
        persistent.expectNone();

        // the untouched watches are still armed on the server
        zk.setData(untouched, new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, untouched);
        persistent.expect(EventType.NodeDataChanged, untouched);
        create(untouchedMissing, "");
        ev.expect(EventType.NodeCreated, untouchedMissing);
        zk.setData(parent + "/kid", new byte[1], -1);
        recursive.expect(EventType.NodeDataChanged, parent + "/kid");
    }

    @CompatTest
    void noSpuriousEventsWhenNothingChanged(ServerUnderTest s) throws Exception {
        String p = create(path("p"), "");
        TcpProxy proxy = closeLater(new TcpProxy(s.clientPort()));
        Events state = new Events(true);
        ZooKeeper c = connect(proxy.connectString(), 30_000, state);
        Events ev = new Events();
        c.getData(p, ev, null);
        c.getChildren(p, ev);
        c.exists(path("missing"), ev);
        proxy.cut();
        state.expectState(KeeperState.Disconnected);
        proxy.restore();
        state.expectState(KeeperState.SyncConnected);
        settle(c);
        ev.expectNone();
        zk.setData(p, new byte[1], -1);
        ev.expect(EventType.NodeDataChanged, p);
    }
}
