package dev.paddock.compat.mixed;

import static dev.paddock.compat.mixed.ZkOps.create;
import static dev.paddock.compat.mixed.ZkOps.read;
import static dev.paddock.compat.mixed.ZkOps.sync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.compat.mixed.Member.Kind;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Paddock servers inside a ZooKeeper 3.9.3-led ensemble: sid 1 a Paddock follower, sids 2 and 3 ZooKeeper (3 leads:
 * equal zxids, highest sid), sid 4 a Paddock observer. One ensemble for the class (child JVMs are slow to start);
 * the tests run in order and each leaves every member serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ZooKeeperLedEnsembleTest {
    private MixedEnsemble ensemble;

    @BeforeAll
    void startEnsemble() {
        // no on-disk txn-log sync: a learner behind the 500-txn commit window gets SNAP, as with a big log
        String noLogSync = "-Dzookeeper.snapshotSizeFactor=-1";
        ensemble = new MixedEnsemble("zookeeper-led")
                .member(1, Kind.PADDOCK)
                .member(2, Kind.ZOOKEEPER, false, Map.of(), noLogSync)
                .member(3, Kind.ZOOKEEPER, false, Map.of(), noLogSync)
                .member(4, Kind.PADDOCK, true, Map.of())
                .allocatePorts();
        // Paddock 1 and ZooKeeper 3 first: two of three are a quorum, led by the higher sid (ZooKeeper's 3)
        // whatever the start-up order on a busy machine, and the Paddock follower takes part in the first epoch
        ensemble.start(1);
        ensemble.start(3);
        ensemble.awaitMode(3, "leader");
        ensemble.start(2);
        ensemble.start(4);
    }

    @AfterAll
    void stopEnsemble() {
        ensemble.close();
    }

    @Test
    @Order(1)
    void paddockFollowerSyncsServesReadsAndForwardsWrites() throws Exception {
        ensemble.awaitMode(1, "follower");
        ensemble.awaitMode(2, "follower");
        // empty dataDirs, first epoch: the leader's sync is a DIFF (of nothing)
        assertThat(ensemble.awaitSyncPath(1)).isEqualTo("DIFF");

        ZooKeeper onZk = ensemble.client(2);
        create(onZk, "/fromZk", "written-on-zk2");
        ZooKeeper onPaddock = ensemble.client(1);
        sync(onPaddock, "/fromZk");
        assertThat(read(onPaddock, "/fromZk")).isEqualTo("written-on-zk2");

        create(onPaddock, "/fromPaddock", "written-on-paddock1");
        for (long sid : new long[] {2, 3}) {
            ZooKeeper zk = ensemble.client(sid);
            sync(zk, "/fromPaddock");
            assertThat(read(zk, "/fromPaddock")).as("on zookeeper %d", sid).isEqualTo("written-on-paddock1");
        }
    }

    @Test
    @Order(2)
    void paddockObserverServesReadsAndForwardsWrites() throws Exception {
        ensemble.awaitMode(4, "observer");
        assertThat(ensemble.awaitSyncPath(4)).isIn("DIFF", "SNAP");
        ZooKeeper onZk = ensemble.client(3);
        create(onZk, "/forObserver", "from-the-leader");
        ZooKeeper onObserver = ensemble.client(4);
        sync(onObserver, "/forObserver");
        assertThat(read(onObserver, "/forObserver")).isEqualTo("from-the-leader");

        create(onObserver, "/fromObserver", "observer-write");
        sync(onZk, "/fromObserver");
        assertThat(read(onZk, "/fromObserver")).isEqualTo("observer-write");
    }

    @Test
    @Order(2)
    void clientFeaturesWorkAcrossPaddockAndZooKeeperServers() throws Exception {
        CrossKindClients.sameConfigEverywhere(ensemble, 1, 2, 3, 4);
        CrossKindClients.watchFiresForMultiFromOtherKind(ensemble, 1, 2);
        CrossKindClients.watchFiresForMultiFromOtherKind(ensemble, 3, 4);
        CrossKindClients.sessionMovesBetweenKinds(ensemble, 2, 1);
        CrossKindClients.sessionMovesBetweenKinds(ensemble, 1, 3);
        CrossKindClients.sessionMovesBetweenKinds(ensemble, 4, 2);
        CrossKindClients.curatorMutexAcrossKinds(ensemble, 1, 2, 4);
    }

    @Test
    @Order(3)
    void sessionsOnAPaddockFollowerAreKeptAliveAndExpiredByTheZooKeeperLeader() throws Exception {
        ZkOps.assertPingsReachTheLeader(ensemble, 1, 2);
    }

    @Test
    @Order(3)
    void sessionsOnAPaddockObserverAreKeptAliveAndExpiredByTheZooKeeperLeader() throws Exception {
        ZkOps.assertPingsReachTheLeader(ensemble, 4, 3);
    }

    @Test
    @Order(3)
    void restartedPaddockFollowerCatchesUpByDiff() throws Exception {
        SyncScenarios.restartedFollowerCatchesUpByDiff(ensemble, 1, 2);
    }

    @Test
    @Order(4)
    void paddockFollowerThatMissedMoreThanTheCommitWindowGetsSnap() throws Exception {
        SyncScenarios.followerThatMissedTheWindowGetsSnap(ensemble, 1, 3);
    }

    @Test
    @Order(99)
    void noZooKeeperServerSawADigestMismatch() {
        ensemble.assertNoDigestMismatch();
    }
}
