package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

/**
 * Three participants and an observer, from bin/paddock-server: the official client and Curator work against the
 * ensemble, and through the observer alone (writes forwarded to the leader, reads and watches served locally).
 */
class ObserverEnsembleTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void clientsWorkThroughTheObserverAndTheEnsemble() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("observer"), 3, 1, Map.of())) {
            e.startAll();
            Member leader = e.awaitFormed();
            Member observer = e.member(4);
            assertThat(observer.mode()).contains("observer");
            assertThat(leader.observer).isFalse();
            assertThat(observer.status().output()).contains("Mode: observer");

            // the official client through the observer only: a write, a read of it, a watch fired by a write
            // made elsewhere
            try (ZooKeeper viaObserver = Clients.connect(observer.connectString(), 10000);
                 ZooKeeper viaFollower = Clients.connect(e.followers().get(0).connectString(), 10000)) {
                String p = viaObserver.create("/obs", b("one"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                assertThat(p).isEqualTo("/obs");
                Stat stat = new Stat();
                assertThat(viaObserver.getData("/obs", false, stat)).isEqualTo(b("one"));
                assertThat(stat.getVersion()).isZero();
                CompletableFuture<Watcher.Event.EventType> fired = new CompletableFuture<>();
                viaObserver.getData("/obs", ev -> fired.complete(ev.getType()), null);
                viaFollower.sync("/obs");
                assertThat(viaFollower.getData("/obs", false, null)).isEqualTo(b("one"));
                viaFollower.setData("/obs", b("two"), 0);
                assertThat(fired.get(20, TimeUnit.SECONDS)).isEqualTo(Watcher.Event.EventType.NodeDataChanged);
                assertThat(viaObserver.getData("/obs", false, stat)).isEqualTo(b("two"));
                assertThat(stat.getVersion()).isEqualTo(1);
                String eph = viaObserver.create("/obs/eph-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.EPHEMERAL_SEQUENTIAL);
                assertThat(eph).isEqualTo("/obs/eph-0000000000");
                viaFollower.sync("/obs");
                assertThat(viaFollower.getChildren("/obs", false)).containsExactly("eph-0000000000");
            }

            // Curator through the observer alone, and through the whole ensemble: a lock and a counter shared
            try (CuratorFramework c1 = CuratorFrameworkFactory.newClient(observer.connectString(), 10000, 10000,
                    new RetryNTimes(3, 200));
                 CuratorFramework c2 = CuratorFrameworkFactory.newClient(e.connectString(), 10000, 10000,
                         new ExponentialBackoffRetry(100, 3))) {
                c1.start();
                c2.start();
                assertThat(c1.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
                assertThat(c2.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
                c1.create().creatingParentsIfNeeded().forPath("/curator/a/b", b("x"));
                c2.sync().forPath("/curator/a/b");
                assertThat(c2.getData().forPath("/curator/a/b")).isEqualTo(b("x"));

                InterProcessMutex lock1 = new InterProcessMutex(c1, "/curator/lock");
                InterProcessMutex lock2 = new InterProcessMutex(c2, "/curator/lock");
                assertThat(lock1.acquire(20, TimeUnit.SECONDS)).isTrue();
                assertThat(lock2.acquire(300, TimeUnit.MILLISECONDS)).as("the lock is held via the observer")
                        .isFalse();
                lock1.release();
                assertThat(lock2.acquire(20, TimeUnit.SECONDS)).isTrue();
                lock2.release();

                DistributedAtomicLong n1 = new DistributedAtomicLong(c1, "/curator/counter", new RetryNTimes(10, 50));
                DistributedAtomicLong n2 = new DistributedAtomicLong(c2, "/curator/counter", new RetryNTimes(10, 50));
                for (int i = 0; i < 10; i++) {
                    assertThat(n1.increment().succeeded()).isTrue();
                    assertThat(n2.increment().succeeded()).isTrue();
                }
                c1.sync().forPath("/curator/counter");
                assertThat(n1.get().postValue()).isEqualTo(20L);
                assertThat(c1.getChildren().forPath("/curator")).containsExactlyInAnyOrder("a", "lock", "counter");
            }
            assertThat(e.modes().values()).as("nobody lost its role").containsExactlyInAnyOrderElementsOf(
                    List.of("leader", "follower", "follower", "observer"));
        }
    }
}
