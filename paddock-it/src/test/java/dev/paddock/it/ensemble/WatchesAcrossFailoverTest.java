package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Watches set through an observer outlive the leader's kill -9: the client reconnects to the observer once it
 * has re-synced with the new leader and re-registers them (SetWatches), and changes made after the failover fire
 * them — a persistent recursive watch and a one-shot exists watch.
 */
class WatchesAcrossFailoverTest {

    private static WatchedEvent next(BlockingQueue<WatchedEvent> q) throws InterruptedException {
        WatchedEvent ev = q.poll(30, TimeUnit.SECONDS);
        assertThat(ev).as("an event within 30 s").isNotNull();
        return ev;
    }

    @Test
    void watchesFireAfterTheLeaderIsReplaced() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("watches"), 3, 1, Map.of())) {
            e.startAll();
            Member leader = e.awaitFormed();
            Member observer = e.member(4);
            List<Member> followers = e.members().stream().filter(m -> m != leader && !m.observer).toList();
            BlockingQueue<WatchedEvent> recursive = new LinkedBlockingQueue<>();
            BlockingQueue<WatchedEvent> oneShot = new LinkedBlockingQueue<>();
            try (ZooKeeper watcher = Clients.connect(observer.connectString(), 10000);
                 ZooKeeper writer = Clients.connect(e.connectString(followers.toArray(Member[]::new)), 10000)) {
                writer.create("/w", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                watcher.sync("/w");
                watcher.addWatch("/w", ev -> {
                    if (ev.getType() != Watcher.Event.EventType.None) {
                        recursive.add(ev);
                    }
                }, AddWatchMode.PERSISTENT_RECURSIVE);
                // the client also hands connection state changes (type None) to every watcher it holds
                assertThat(watcher.exists("/w/later", ev -> {
                    if (ev.getType() != Watcher.Event.EventType.None) {
                        oneShot.add(ev);
                    }
                })).isNull();
                writer.create("/w/before", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                WatchedEvent first = next(recursive);
                assertThat(first.getPath()).isEqualTo("/w/before");
                assertThat(first.getType()).isEqualTo(Watcher.Event.EventType.NodeCreated);

                leader.kill9();
                e.awaitFormed(e.members().stream().filter(Member::isAlive).toList());
                ProcessEnsemble.await("the writer writes again", Duration.ofSeconds(30), () -> {
                    try {
                        writer.create("/w/later", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                        return true;
                    } catch (KeeperException.ConnectionLossException ex) {
                        return writer.exists("/w/later", false) != null;
                    }
                }, () -> "modes " + e.modes());
                WatchedEvent later = next(recursive);
                assertThat(later.getPath()).isEqualTo("/w/later");
                assertThat(later.getType()).isEqualTo(Watcher.Event.EventType.NodeCreated);
                WatchedEvent fired = next(oneShot);
                assertThat(fired.getType()).isEqualTo(Watcher.Event.EventType.NodeCreated);
                assertThat(fired.getPath()).isEqualTo("/w/later");
                writer.setData("/w/later", new byte[] {1}, -1);
                assertThat(next(recursive).getType()).isEqualTo(Watcher.Event.EventType.NodeDataChanged);
                assertThat(oneShot.poll(500, TimeUnit.MILLISECONDS)).as("a one-shot watch fires once").isNull();
            }
        }
    }
}
