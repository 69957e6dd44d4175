package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.curator.framework.recipes.barriers.DistributedBarrier;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.curator.framework.recipes.queue.SimpleDistributedQueue;
import org.apache.curator.framework.recipes.watch.PersistentWatcher;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.data.Stat;
import org.awaitility.Awaitility;

/** Apache Curator 5.7.1 recipes, each against both targets, inside a per-test namespace. */
class CuratorCompatTest extends CompatBase {

    private CuratorFramework curator() throws Exception {
        CuratorFramework c = CuratorFrameworkFactory.builder()
            .connectString(server.connectString())
            .namespace(root.substring(1))
            .sessionTimeoutMs(30_000)
            .connectionTimeoutMs(15_000)
            .retryPolicy(new RetryOneTime(200))
            .build();
        closeLater(c::close);
        c.start();
        assertThat(c.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @CompatTest
    void crud(ServerUnderTest s) throws Exception {
        CuratorFramework c = curator();
        assertThat(c.create().creatingParentsIfNeeded().forPath("/a/b/c", b("x"))).isEqualTo("/a/b/c");
        assertThat(new String(c.getData().forPath("/a/b/c"))).isEqualTo("x");
        Stat st = c.setData().withVersion(0).forPath("/a/b/c", b("y"));
        assertThat(st.getVersion()).isEqualTo(1);
        assertThat(c.getChildren().forPath("/a")).containsExactly("b");
        assertThat(c.checkExists().forPath("/a/b/c")).isNotNull();
        String seq = c.create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL).forPath("/a/e-");
        assertThat(seq).isEqualTo("/a/e-0000000001");
        c.delete().deletingChildrenIfNeeded().forPath("/a");
        assertThat(c.checkExists().forPath("/a")).isNull();
        // the namespace maps onto the test's root znode
        assertThat(zk.getChildren(root, false)).isEmpty();
        assertThat(c.create().orSetData().forPath("/o", b("1"))).isEqualTo("/o");
        c.create().orSetData().forPath("/o", b("2"));
        assertThat(new String(zk.getData(path("o"), false, null))).isEqualTo("2");
        CompletableFuture<String> async = new CompletableFuture<>();
        c.create().inBackground((cl, ev) -> async.complete(ev.getPath())).forPath("/bg");
        assertThat(async.get(10, TimeUnit.SECONDS)).isEqualTo("/bg");
    }

    @CompatTest
    void interProcessMutex(ServerUnderTest s) throws Exception {
        CuratorFramework c1 = curator();
        CuratorFramework c2 = curator();
        InterProcessMutex m1 = new InterProcessMutex(c1, "/lock");
        InterProcessMutex m2 = new InterProcessMutex(c2, "/lock");
        assertThat(m1.acquire(10, TimeUnit.SECONDS)).isTrue();
        assertThat(m1.acquire(1, TimeUnit.SECONDS)).as("re-entrant").isTrue();
        assertThat(m2.acquire(300, TimeUnit.MILLISECONDS)).isFalse();
        CountDownLatch acquired = new CountDownLatch(1);
        CountDownLatch mayRelease = new CountDownLatch(1);
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                boolean got = m2.acquire(20, TimeUnit.SECONDS);
                acquired.countDown();
                mayRelease.await(20, TimeUnit.SECONDS);
                if (got) {
                    m2.release();
                }
                return got;
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        m1.release();
        assertThat(acquired.await(1, TimeUnit.SECONDS)).as("still held once (re-entrant count 1)").isFalse();
        m1.release();
        assertThat(acquired.await(25, TimeUnit.SECONDS)).isTrue();
        assertThat(m2.isAcquiredInThisProcess()).isTrue();
        mayRelease.countDown();
        assertThat(waiter.get(25, TimeUnit.SECONDS)).isTrue();
        // /lock is a container: once empty, either server may reap it at its next container check (seen in CI on
        // a loaded machine, against both), so "gone" counts as empty
        if (c1.checkExists().forPath("/lock") != null) {
            try {
                assertThat(c1.getChildren().forPath("/lock")).isEmpty();
            } catch (org.apache.zookeeper.KeeperException.NoNodeException reaped) {
                // reaped between the two calls
            }
        }
    }

    @CompatTest
    void leaderLatch(ServerUnderTest s) throws Exception {
        CuratorFramework c1 = curator();
        CuratorFramework c2 = curator();
        LeaderLatch l1 = new LeaderLatch(c1, "/leader", "one");
        LeaderLatch l2 = new LeaderLatch(c2, "/leader", "two");
        l1.start();
        assertThat(l1.await(20, TimeUnit.SECONDS)).isTrue();
        l2.start();
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> l2.getParticipants().size() == 2);
        assertThat(l2.hasLeadership()).isFalse();
        assertThat(l2.getLeader().getId()).isEqualTo("one");
        l1.close();
        assertThat(l2.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(l2.getLeader().getId()).isEqualTo("two");
        l2.close();
    }

    @CompatTest
    void simpleDistributedQueue(ServerUnderTest s) throws Exception {
        CuratorFramework producer = curator();
        CuratorFramework consumer = curator();
        SimpleDistributedQueue out = new SimpleDistributedQueue(producer, "/queue");
        SimpleDistributedQueue in = new SimpleDistributedQueue(consumer, "/queue");
        CompletableFuture<byte[]> first = CompletableFuture.supplyAsync(() -> {
            try {
                return in.poll(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThat(out.offer(b("1"))).isTrue();
        assertThat(out.offer(b("2"))).isTrue();
        assertThat(out.offer(b("3"))).isTrue();
        assertThat(new String(first.get(25, TimeUnit.SECONDS))).isEqualTo("1");
        assertThat(new String(in.take())).isEqualTo("2");
        assertThat(new String(in.poll())).isEqualTo("3");
        assertThat(in.poll()).isNull();
    }

    @CompatTest
    void curatorCache(ServerUnderTest s) throws Exception {
        CuratorFramework c = curator();
        c.create().forPath("/cache", b("0"));
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch initialized = new CountDownLatch(1);
        CuratorCache cache = CuratorCache.build(c, "/cache");
        closeLater(cache::close);
        cache.listenable().addListener(CuratorCacheListener.builder()
            .forCreates(n -> seen.add("create " + n.getPath() + " " + new String(n.getData())))
            .forChanges((o, n) -> seen.add("change " + n.getPath() + " " + new String(n.getData())))
            .forDeletes(o -> seen.add("delete " + o.getPath()))
            .forInitialized(initialized::countDown)
            .build());
        cache.start();
        assertThat(initialized.await(20, TimeUnit.SECONDS)).isTrue();
        // one change at a time: the cache reads data after each event, so faster changes would coalesce
        c.create().forPath("/cache/a", b("1"));
        awaitSeen(seen, "create /cache/a 1");
        c.setData().forPath("/cache/a", b("2"));
        awaitSeen(seen, "change /cache/a 2");
        c.create().forPath("/cache/a/deep", b("3"));
        awaitSeen(seen, "create /cache/a/deep 3");
        c.delete().forPath("/cache/a/deep");
        awaitSeen(seen, "delete /cache/a/deep");
        assertThat(seen).containsExactly("create /cache 0", "create /cache/a 1", "change /cache/a 2",
            "create /cache/a/deep 3", "delete /cache/a/deep");
        assertThat(cache.get("/cache/a")).hasValueSatisfying(d -> assertThat(new String(d.getData())).isEqualTo("2"));
    }

    private static void awaitSeen(List<String> seen, String last) {
        Awaitility.await().atMost(20, TimeUnit.SECONDS).untilAsserted(() -> assertThat(seen).last().isEqualTo(last));
    }

    @CompatTest
    void persistentNodeAndPersistentWatcher(ServerUnderTest s) throws Exception {
        CuratorFramework c = curator();
        List<WatchedEvent> events = new CopyOnWriteArrayList<>();
        PersistentWatcher watcher = new PersistentWatcher(c, "/pn", true);
        closeLater(watcher::close);
        watcher.getListenable().addListener(events::add);
        watcher.start();
        PersistentNode node = new PersistentNode(c, CreateMode.EPHEMERAL, false, "/pn", b("hi"));
        closeLater(node::close);
        node.start();
        assertThat(node.waitForInitialCreate(20, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(c.getData().forPath("/pn"))).isEqualTo("hi");
        // the recipe recreates the node if someone deletes it
        c.delete().forPath("/pn");
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> c.checkExists().forPath("/pn") != null);
        node.setData(b("again"));
        Awaitility.await().atMost(20, TimeUnit.SECONDS)
            .until(() -> events.stream().anyMatch(e -> e.getType() == EventType.NodeDataChanged));
        assertThat(events).extracting(WatchedEvent::getType).startsWith(
            EventType.NodeCreated, EventType.NodeDeleted, EventType.NodeCreated);
        assertThat(events).extracting(WatchedEvent::getPath).allMatch(p -> p.equals("/pn"));
        node.close();
        Awaitility.await().atMost(20, TimeUnit.SECONDS).until(() -> c.checkExists().forPath("/pn") == null);
    }

    @CompatTest
    void transactions(ServerUnderTest s) throws Exception {
        CuratorFramework c = curator();
        c.create().forPath("/t", b(""));
        CuratorOp create = c.transactionOp().create().forPath("/t/a", b("a"));
        CuratorOp set = c.transactionOp().setData().forPath("/t", b("changed"));
        CuratorOp check = c.transactionOp().check().withVersion(0).forPath("/t");
        Collection<CuratorTransactionResult> results = c.transaction().forOperations(check, create, set);
        assertThat(results).extracting(CuratorTransactionResult::getType)
            .containsExactly(OperationType.CHECK, OperationType.CREATE, OperationType.SET_DATA);
        assertThat(results).extracting(CuratorTransactionResult::getForPath).containsExactly("/t", "/t/a", "/t");
        assertThat(new String(c.getData().forPath("/t"))).isEqualTo("changed");
        // a failing transaction leaves nothing behind
        CuratorOp create2 = c.transactionOp().create().forPath("/t/b", b("b"));
        CuratorOp staleCheck = c.transactionOp().check().withVersion(0).forPath("/t");
        org.junit.jupiter.api.Assertions.assertThrows(org.apache.zookeeper.KeeperException.BadVersionException.class,
            () -> c.transaction().forOperations(create2, staleCheck));
        assertThat(c.checkExists().forPath("/t/b")).isNull();
    }

    @CompatTest
    void distributedBarrier(ServerUnderTest s) throws Exception {
        CuratorFramework c1 = curator();
        CuratorFramework c2 = curator();
        DistributedBarrier setter = new DistributedBarrier(c1, "/barrier");
        DistributedBarrier waiter = new DistributedBarrier(c2, "/barrier");
        setter.setBarrier();
        assertThat(waiter.waitOnBarrier(200, TimeUnit.MILLISECONDS)).isFalse();
        CompletableFuture<Boolean> released = CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.waitOnBarrier(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        setter.removeBarrier();
        assertThat(released.get(25, TimeUnit.SECONDS)).isTrue();
    }
}
