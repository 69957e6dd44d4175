package dev.paddock.compat.mixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Client features across two servers of different kinds in one ensemble: config, watches, multi, Curator. */
final class CrossKindClients {
    private CrossKindClients() {
    }

    /** Every member shows the same /zookeeper/config (the ensemble's config text, as ZooKeeper writes it). */
    static void sameConfigEverywhere(MixedEnsemble ensemble, long... sids) throws Exception {
        String expected = null;
        for (long sid : sids) {
            ZooKeeper zk = ensemble.client(sid);
            String config = new String(zk.getConfig(false, null), StandardCharsets.UTF_8);
            assertThat(config).as("/zookeeper/config on %s", ensemble.get(sid)).contains("server." + sid + "=");
            if (expected == null) {
                expected = config;
            } else {
                assertThat(config).as("/zookeeper/config on %s", ensemble.get(sid)).isEqualTo(expected);
            }
        }
    }

    /** A watch set through {@code watchSid} fires for a multi written through {@code writeSid}. */
    static void watchFiresForMultiFromOtherKind(MixedEnsemble ensemble, long watchSid, long writeSid)
            throws Exception {
        String base = "/multi-" + watchSid + "-" + writeSid;
        ZooKeeper watching = ensemble.client(watchSid);
        ZooKeeper writing = ensemble.client(writeSid);
        CompletableFuture<WatchedEvent> created = new CompletableFuture<>();
        assertThat(watching.exists(base, created::complete)).isNull();
        List<OpResult> results = writing.multi(List.of(
                Op.create(base, "m".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT),
                Op.create(base + "/seq-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT_SEQUENTIAL),
                Op.setData(base, "m2".getBytes(StandardCharsets.UTF_8), 0)));
        assertThat(results).hasSize(3);
        assertThat(((OpResult.CreateResult) results.get(1)).getPath()).isEqualTo(base + "/seq-0000000000");
        WatchedEvent e = created.get(30, TimeUnit.SECONDS);
        assertThat(e.getType()).isEqualTo(Watcher.Event.EventType.NodeCreated);
        assertThat(e.getPath()).isEqualTo(base);
        assertThat(ZkOps.read(watching, base)).isEqualTo("m2");
        assertThat(watching.getChildren(base, false)).containsExactly("seq-0000000000");
    }

    /**
     * A session opened on {@code fromSid} is resumed on {@code toSid} with its id and password (the server there
     * checks the password ZooKeeper derives from the id and revalidates the session with the leader); it keeps its
     * ephemeral, and a wrong password is refused.
     */
    static void sessionMovesBetweenKinds(MixedEnsemble ensemble, long fromSid, long toSid) throws Exception {
        String path = "/moved-" + fromSid + "-" + toSid;
        ZooKeeper first = ensemble.client(fromSid);
        first.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long sessionId = first.getSessionId();
        byte[] password = first.getSessionPasswd();
        first.getTestable().injectSessionExpiration(); // drops the connection, leaves the session open

        byte[] wrong = password.clone();
        wrong[0] ^= 1;
        CompletableFuture<Watcher.Event.KeeperState> refused = new CompletableFuture<>();
        ZooKeeper impostor = new ZooKeeper("127.0.0.1:" + ensemble.get(toSid).clientPort, 4000, e -> {
            if (e.getState() != Watcher.Event.KeeperState.Disconnected) {
                refused.complete(e.getState());
            }
        }, sessionId, wrong);
        try {
            assertThat(refused.get(30, TimeUnit.SECONDS)).as("a wrong password")
                    .isEqualTo(Watcher.Event.KeeperState.Expired);
        } finally {
            impostor.close();
        }

        CompletableFuture<Watcher.Event.KeeperState> resumed = new CompletableFuture<>();
        ZooKeeper moved = new ZooKeeper("127.0.0.1:" + ensemble.get(toSid).clientPort, 4000, e -> {
            if (e.getState() != Watcher.Event.KeeperState.Disconnected) {
                resumed.complete(e.getState());
            }
        }, sessionId, password);
        try {
            assertThat(resumed.get(30, TimeUnit.SECONDS)).isEqualTo(Watcher.Event.KeeperState.SyncConnected);
            assertThat(moved.getSessionId()).isEqualTo(sessionId);
            assertThat(moved.exists(path, false).getEphemeralOwner()).isEqualTo(sessionId);
            moved.setData(path, "still-mine".getBytes(StandardCharsets.UTF_8), -1);
        } finally {
            moved.close();
        }
        ZooKeeper check = ensemble.client(fromSid);
        ZkOps.sync(check, "/");
        assertThat(check.exists(path, false)).as("the ephemeral of the closed session").isNull();
    }

    /**
     * Curator clients on servers of both kinds take one InterProcessMutex in turn and increment a counter under
     * it with a Curator transaction; no increment is lost.
     */
    static void curatorMutexAcrossKinds(MixedEnsemble ensemble, long... sids) throws Exception {
        String counter = "/counter-" + sids[0];
        List<CuratorFramework> curators = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(sids.length);
        try {
            for (long sid : sids) {
                CuratorFramework c = CuratorFrameworkFactory.newClient("127.0.0.1:" + ensemble.get(sid).clientPort,
                        10_000, 10_000, new RetryNTimes(3, 100));
                c.start();
                assertThat(c.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
                curators.add(c);
            }
            curators.get(0).create().forPath(counter, "0".getBytes(StandardCharsets.UTF_8));
            int perClient = 10;
            AtomicInteger inside = new AtomicInteger();
            List<Future<?>> runs = new ArrayList<>();
            for (CuratorFramework c : curators) {
                runs.add(pool.submit(() -> {
                    InterProcessMutex lock = new InterProcessMutex(c, "/lock-" + sids[0]);
                    for (int i = 0; i < perClient; i++) {
                        if (!lock.acquire(30, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("lock not acquired");
                        }
                        try {
                            assertThat(inside.incrementAndGet()).as("holders at once").isEqualTo(1);
                            c.sync().forPath(counter);
                            int value = Integer.parseInt(new String(c.getData().forPath(counter),
                                    StandardCharsets.UTF_8));
                            List<CuratorTransactionResult> r = c.transaction().forOperations(
                                    c.transactionOp().setData().forPath(counter,
                                            Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8)),
                                    c.transactionOp().create().forPath(counter + "-" + (value + 1)));
                            assertThat(r).hasSize(2);
                            inside.decrementAndGet();
                        } finally {
                            lock.release();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get(120, TimeUnit.SECONDS);
            }
            for (CuratorFramework c : curators) {
                c.sync().forPath(counter);
                assertThat(new String(c.getData().forPath(counter), StandardCharsets.UTF_8))
                        .isEqualTo(Integer.toString(perClient * sids.length));
            }
        } finally {
            pool.shutdownNow();
            curators.forEach(CuratorFramework::close);
        }
    }
}
