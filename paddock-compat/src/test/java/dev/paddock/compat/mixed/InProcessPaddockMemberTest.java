package dev.paddock.compat.mixed;

import static dev.paddock.compat.mixed.ZkOps.create;
import static dev.paddock.compat.mixed.ZkOps.read;
import static dev.paddock.compat.mixed.ZkOps.sync;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.compat.mixed.Member.Kind;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The harness's cheaper Paddock member: {@code PaddockServer.start} in the test JVM beside two ZooKeeper 3.9.3
 * servers in child JVMs (ZooKeeper itself never runs in the test JVM: it exits the process and keeps statics).
 */
class InProcessPaddockMemberTest {
    private MixedEnsemble ensemble;

    @AfterEach
    void tearDown() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void inProcessPaddockFollowerServesAndCatchesUpAfterARestart() throws Exception {
        ensemble = new MixedEnsemble("in-process")
                .member(1, Kind.PADDOCK_IN_PROCESS).member(2, Kind.ZOOKEEPER).member(3, Kind.ZOOKEEPER)
                .allocatePorts();
        ensemble.start(1);
        ensemble.start(3);
        ensemble.awaitMode(3, "leader");
        ensemble.awaitMode(1, "follower");
        ensemble.start(2);
        ensemble.awaitMode(2, "follower");

        ZooKeeper onZk = ensemble.client(2);
        create(onZk, "/fromZk", "zk");
        ZooKeeper onPaddock = ensemble.client(1);
        sync(onPaddock, "/fromZk");
        assertThat(read(onPaddock, "/fromZk")).isEqualTo("zk");
        create(onPaddock, "/fromPaddock", "paddock");
        ZooKeeper onLeader = ensemble.client(3);
        sync(onLeader, "/fromPaddock");
        assertThat(read(onLeader, "/fromPaddock")).isEqualTo("paddock");

        ensemble.stop(1);
        create(onZk, "/whileDown", "missed");
        ensemble.start(1); // same dataDir
        ensemble.awaitMode(1, "follower");
        ZooKeeper again = ensemble.client(1);
        sync(again, "/whileDown");
        assertThat(read(again, "/whileDown")).isEqualTo("missed");
        assertThat(read(again, "/fromPaddock")).isEqualTo("paddock");
    }
}
