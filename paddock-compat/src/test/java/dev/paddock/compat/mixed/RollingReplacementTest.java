package dev.paddock.compat.mixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.compat.mixed.Member.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A running 3-server ZooKeeper 3.9.3 ensemble is replaced by Paddock one server at a time, followers first and the
 * leader last, under a steady stream of creates from a client that knows all three servers. Each Paddock server
 * takes over the sid, ports and a fresh dataDir of the ZooKeeper server it replaces (ZooKeeper's on-disk format is
 * not Paddock's) and so joins by SNAP. In the end every create the client saw acknowledged exists on every server.
 *
 * <p>{@code -Dpaddock.mixed.long=true} also replaces the Paddock ensemble back by ZooKeeper, kills more leaders,
 * and writes more per step.
 */
class RollingReplacementTest {
    private static final boolean LONG = Boolean.getBoolean("paddock.mixed.long");
    private static final int WRITES_PER_STEP = LONG ? 300 : 40;
    private static final int LEADER_KILLS = LONG ? 8 : 2;

    private MixedEnsemble ensemble;
    private Thread loader;
    private volatile boolean stopLoad;

    @AfterEach
    void tearDown() throws InterruptedException {
        stopLoad = true;
        if (loader != null) {
            loader.join(30_000);
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void zooKeeperEnsembleIsReplacedByPaddockOneServerAtATimeUnderLoad() throws Exception {
        ensemble = new MixedEnsemble("rolling-replacement")
                .member(1, Kind.ZOOKEEPER).member(2, Kind.ZOOKEEPER).member(3, Kind.ZOOKEEPER).allocatePorts();
        for (long sid = 1; sid <= 3; sid++) {
            ensemble.start(sid);
        }
        for (long sid = 1; sid <= 3; sid++) {
            ensemble.awaitMode(sid, "leader", "follower");
        }
        ZooKeeper setup = ensemble.client(leader());
        setup.create("/load", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> loadFailure = new AtomicReference<>();
        String connectString = connectString(List.of(1L, 2L, 3L));
        loader = new Thread(() -> load(connectString, acknowledged, loadFailure), "mixed-load");
        loader.start();
        awaitProgress(acknowledged, loadFailure);

        replaceAll(Kind.PADDOCK, acknowledged, loadFailure);
        if (LONG) {
            replaceAll(Kind.ZOOKEEPER, acknowledged, loadFailure);
        }

        stopLoad = true;
        loader.join(30_000);
        assertThat(loadFailure.get()).isNull();
        assertThat(acknowledged).hasSizeGreaterThan(3 * WRITES_PER_STEP);
        for (long sid = 1; sid <= 3; sid++) {
            ZooKeeper zk = ensemble.client(sid);
            ZkOps.sync(zk, "/load");
            Set<String> children = new HashSet<>(zk.getChildren("/load", false));
            assertThat(children).as("creates acknowledged to the client, on %s", ensemble.get(sid))
                    .containsAll(acknowledged);
        }
        ensemble.assertNoDigestMismatch();
    }

    @Test
    void mixedEnsembleLosesNoAcknowledgedWriteWhenALeaderOfEitherKindIsKilled() throws Exception {
        ensemble = new MixedEnsemble("leader-kill")
                .member(1, Kind.ZOOKEEPER).member(2, Kind.PADDOCK).member(3, Kind.ZOOKEEPER).allocatePorts();
        // the ZooKeeper servers first, so that a ZooKeeper server (3) leads at first
        ensemble.start(1);
        ensemble.start(3);
        ensemble.awaitMode(3, "leader");
        ensemble.start(2);
        ensemble.awaitMode(2, "follower");
        ensemble.client(3).create("/load", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicReference<Throwable> loadFailure = new AtomicReference<>();
        loader = new Thread(() -> load(connectString(List.of(1L, 2L, 3L)), acknowledged, loadFailure), "mixed-load");
        loader.start();
        awaitProgress(acknowledged, loadFailure);

        // kill -9 whichever server leads, mid-load: the ZooKeeper server first, then (usually) the Paddock server
        // the survivors elect when its zxid is at least the other's; the dead one comes back as a follower
        for (int round = 0; round < LEADER_KILLS; round++) {
            long leader = leader();
            ensemble.kill(leader);
            for (long sid = 1; sid <= 3; sid++) {
                if (sid != leader) {
                    ensemble.awaitMode(sid, "leader", "follower");
                }
            }
            awaitProgress(acknowledged, loadFailure);
            ensemble.start(leader);
            ensemble.awaitMode(leader, "follower");
            awaitProgress(acknowledged, loadFailure);
        }

        stopLoad = true;
        loader.join(30_000);
        assertThat(loadFailure.get()).isNull();
        for (long sid = 1; sid <= 3; sid++) {
            ZooKeeper zk = ensemble.client(sid);
            ZkOps.sync(zk, "/load");
            assertThat(new HashSet<>(zk.getChildren("/load", false)))
                    .as("creates acknowledged to the client, on %s", ensemble.get(sid)).containsAll(acknowledged);
        }
        ensemble.assertNoDigestMismatch();
    }

    /** Followers first, the leader last: one leader change, as an operator would do it. */
    private long leader() {
        for (long sid = 1; sid <= 3; sid++) {
            if (ensemble.get(sid).mode().equals("leader")) {
                return sid;
            }
        }
        throw new AssertionError("no leader among the members; logs:" + ensemble.logs());
    }

    private void replaceAll(Kind kind, Set<String> acknowledged, AtomicReference<Throwable> loadFailure) {
        long leader = leader();
        for (long sid = 1; sid <= 3; sid++) {
            if (sid != leader) {
                replace(sid, kind, acknowledged, loadFailure);
            }
        }
        replace(leader, kind, acknowledged, loadFailure);
    }

    private void replace(long sid, Kind kind, Set<String> acknowledged, AtomicReference<Throwable> loadFailure) {
        ensemble.stop(sid);
        ensemble.replaceKind(sid, kind);
        ensemble.freshDataDir(sid);
        ensemble.start(sid);
        ensemble.awaitMode(sid, "leader", "follower");
        assertThat(ensemble.awaitSyncPath(sid)).as("how the new %s joined", ensemble.get(sid)).isEqualTo("SNAP");
        awaitProgress(acknowledged, loadFailure);
    }

    private void awaitProgress(Set<String> acknowledged, AtomicReference<Throwable> loadFailure) {
        int target = acknowledged.size() + WRITES_PER_STEP;
        await("writes to continue").atMost(MixedEnsemble.START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (loadFailure.get() != null) {
                        throw new IllegalStateException("load failed", loadFailure.get());
                    }
                    return acknowledged.size() >= target;
                });
    }

    private String connectString(List<Long> sids) {
        StringBuilder sb = new StringBuilder();
        for (long sid : sids) {
            sb.append(sb.length() == 0 ? "" : ",").append("127.0.0.1:").append(ensemble.get(sid).clientPort);
        }
        return sb.toString();
    }

    /**
     * Creates /load/n-0, n-1, ... one at a time and records each acknowledged one. A create that fails with a
     * connection loss may or may not have happened: it is neither recorded nor retried (the next name is new).
     */
    private void load(String connectString, Set<String> acknowledged, AtomicReference<Throwable> failure) {
        ZooKeeper zk = null;
        try {
            zk = connect(connectString);
            for (int i = 0; !stopLoad; i++) {
                String name = "n-" + i;
                try {
                    zk.create("/load/" + name, name.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT);
                    acknowledged.add(name);
                } catch (KeeperException.ConnectionLossException e) {
                    // outcome unknown; the client reconnects to another server by itself
                } catch (KeeperException.SessionExpiredException e) {
                    zk.close();
                    zk = connect(connectString);
                }
            }
        } catch (Throwable t) {
            failure.set(t);
        } finally {
            if (zk != null) {
                try {
                    zk.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static ZooKeeper connect(String connectString) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        try {
            ZooKeeper zk = new ZooKeeper(connectString, 10_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            if (!connected.await(45, TimeUnit.SECONDS)) {
                zk.close();
                throw new IllegalStateException("load client did not connect to " + connectString);
            }
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
