package dev.paddock.compat.mixed;

import static dev.paddock.compat.mixed.ZkOps.create;
import static dev.paddock.compat.mixed.ZkOps.read;
import static dev.paddock.compat.mixed.ZkOps.sync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.compat.mixed.Member.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ZooKeeper 3.9.3 followers in a Paddock-led ensemble: sids 1 and 2 ZooKeeper, sid 3 Paddock (it leads: equal
 * zxids, highest sid), sid 4 a ZooKeeper observer. One ensemble for the class; the tests run in order. The last two arrange TRUNC both ways:
 * a leader logs a proposal while both followers are frozen (SIGSTOP), every member is killed, the two others elect
 * a leader of the other kind, and the old leader comes back as a learner with a txn nobody committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaddockLedEnsembleTest {
    /** Small preallocated log files, so looking for a txn's bytes in a dataDir reads little. */
    private static final Map<String, String> SMALL_LOGS = Map.of("preAllocSize", "1024");
    private MixedEnsemble ensemble;

    @BeforeAll
    void startEnsemble() {
        ensemble = new MixedEnsemble("paddock-led")
                .member(1, Kind.ZOOKEEPER, false, SMALL_LOGS)
                .member(2, Kind.ZOOKEEPER, false, SMALL_LOGS)
                .member(3, Kind.PADDOCK, false, SMALL_LOGS)
                .member(4, Kind.ZOOKEEPER, true, SMALL_LOGS)
                .allocatePorts();
        // Paddock and one ZooKeeper server first: a quorum of two, led by the higher sid (Paddock's 3)
        ensemble.start(3);
        ensemble.start(2);
        ensemble.awaitMode(3, "leader");
        ensemble.start(1);
        ensemble.start(4);
    }

    @AfterAll
    void stopEnsemble() {
        ensemble.close();
    }

    @Test
    @Order(1)
    void zooKeeperFollowersSyncServeReadsAndForwardWrites() throws Exception {
        ensemble.awaitMode(1, "follower");
        ensemble.awaitMode(2, "follower");
        // 2 took part in the first election (DIFF of nothing); 1 joined the established epoch (DIFF or SNAP)
        assertThat(ensemble.awaitSyncPath(2)).isEqualTo("DIFF");
        assertThat(ensemble.awaitSyncPath(1)).isIn("DIFF", "SNAP");

        ZooKeeper onPaddock = ensemble.client(3);
        create(onPaddock, "/fromPaddock", "leader-write");
        ZooKeeper onZk = ensemble.client(1);
        sync(onZk, "/fromPaddock");
        assertThat(read(onZk, "/fromPaddock")).isEqualTo("leader-write");

        create(onZk, "/fromZk", "follower-write");
        assertThat(read(onPaddock, "/fromZk")).isEqualTo("follower-write");
        ZooKeeper onOtherZk = ensemble.client(2);
        sync(onOtherZk, "/fromZk");
        assertThat(read(onOtherZk, "/fromZk")).isEqualTo("follower-write");
        assertThat(onOtherZk.getChildren("/", false)).contains("fromPaddock", "fromZk", "zookeeper");
    }

    @Test
    @Order(2)
    void clientFeaturesWorkAcrossPaddockAndZooKeeperServers() throws Exception {
        CrossKindClients.sameConfigEverywhere(ensemble, 1, 2, 3, 4);
        CrossKindClients.watchFiresForMultiFromOtherKind(ensemble, 3, 1);
        CrossKindClients.watchFiresForMultiFromOtherKind(ensemble, 4, 3);
        CrossKindClients.sessionMovesBetweenKinds(ensemble, 3, 1);
        CrossKindClients.sessionMovesBetweenKinds(ensemble, 2, 3);
        CrossKindClients.sessionMovesBetweenKinds(ensemble, 4, 3);
        CrossKindClients.curatorMutexAcrossKinds(ensemble, 1, 3, 4);
    }

    @Test
    @Order(2)
    void zooKeeperObserverSyncsServesReadsAndForwardsWrites() throws Exception {
        ensemble.awaitMode(4, "observer");
        assertThat(ensemble.awaitSyncPath(4)).isIn("DIFF", "SNAP");
        ZooKeeper onObserver = ensemble.client(4);
        sync(onObserver, "/fromZk");
        assertThat(read(onObserver, "/fromZk")).isEqualTo("follower-write");
        create(onObserver, "/fromObserver", "observer-write");
        assertThat(read(ensemble.client(3), "/fromObserver")).isEqualTo("observer-write");
        ZkOps.assertPingsReachTheLeader(ensemble, 4, 1);
    }

    @Test
    @Order(2)
    void sessionsOnAZooKeeperFollowerAreKeptAliveAndExpiredByThePaddockLeader() throws Exception {
        ZkOps.assertPingsReachTheLeader(ensemble, 2, 3);
    }

    @Test
    @Order(2)
    void restartedZooKeeperFollowerCatchesUpByDiff() throws Exception {
        SyncScenarios.restartedFollowerCatchesUpByDiff(ensemble, 1, 3);
    }

    @Test
    @Order(3)
    void zooKeeperFollowerThatMissedMoreThanTheCommitWindowGetsSnap() throws Exception {
        SyncScenarios.followerThatMissedTheWindowGetsSnap(ensemble, 1, 3);
    }

    @Test
    @Order(4)
    void paddockLearnerTruncatesATxnAZooKeeperLeaderNeverHad() throws Exception {
        ensemble.awaitMode(3, "leader");
        orphanOnLeader(3, new long[] {1, 2}, "/orphan-of-paddock");
        ensemble.start(1);
        ensemble.start(2);
        ensemble.awaitMode(2, "leader");
        ensemble.start(3);
        ensemble.awaitMode(3, "follower");
        assertThat(ensemble.awaitSyncPath(3)).isEqualTo("TRUNC");
        ZooKeeper onPaddock = ensemble.client(3);
        sync(onPaddock, "/");
        assertThat(onPaddock.exists("/orphan-of-paddock", false)).isNull();
        assertThat(read(onPaddock, "/afterSnap")).isEqualTo("ok");
        create(onPaddock, "/afterPaddockTrunc", "ok");
        ZooKeeper onZk = ensemble.client(1);
        sync(onZk, "/");
        assertThat(read(onZk, "/afterPaddockTrunc")).isEqualTo("ok");
        assertThat(onZk.exists("/orphan-of-paddock", false)).isNull();
    }

    @Test
    @Order(5)
    void zooKeeperLearnerTruncatesATxnAPaddockLeaderNeverHad() throws Exception {
        ensemble.awaitMode(2, "leader");
        ensemble.awaitMode(1, "follower");
        ensemble.awaitMode(3, "follower");
        orphanOnLeader(2, new long[] {1, 3}, "/orphan-of-zookeeper");
        ensemble.start(1);
        ensemble.start(3);
        ensemble.awaitMode(3, "leader");
        ensemble.start(2);
        ensemble.awaitMode(2, "follower");
        assertThat(ensemble.awaitSyncPath(2)).isEqualTo("TRUNC");
        ZooKeeper onZk = ensemble.client(2);
        sync(onZk, "/");
        assertThat(onZk.exists("/orphan-of-zookeeper", false)).isNull();
        assertThat(read(onZk, "/afterPaddockTrunc")).isEqualTo("ok");
        create(onZk, "/afterZooKeeperTrunc", "ok");
        ZooKeeper onPaddock = ensemble.client(3);
        assertThat(read(onPaddock, "/afterZooKeeperTrunc")).isEqualTo("ok");
    }

    /**
     * Freezes both followers, has the leader log a create it can never commit (the followers' sockets buffer the
     * proposal, but they are killed before reading it), then kills every member: the leader's log holds one txn
     * no other server has.
     */
    private void orphanOnLeader(long leader, long[] followers, String path) {
        // connected first: creating a session is a txn too, and it could not commit with the followers frozen
        ZooKeeper onLeader = ensemble.client(leader);
        for (long f : followers) {
            ensemble.suspend(f);
        }
        onLeader.create(path, "never-committed".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT, (rc, p, ctx, name) -> { }, null);
        ensemble.awaitLogged(leader, path);
        ensemble.kill(leader);
        for (long f : followers) {
            ensemble.kill(f);
        }
    }

    @Test
    @Order(99)
    void noZooKeeperServerSawADigestMismatch() {
        ensemble.assertNoDigestMismatch();
    }
}
