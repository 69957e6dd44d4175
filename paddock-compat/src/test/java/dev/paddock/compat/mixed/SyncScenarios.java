package dev.paddock.compat.mixed;

import static dev.paddock.compat.mixed.ZkOps.create;
import static dev.paddock.compat.mixed.ZkOps.read;
import static dev.paddock.compat.mixed.ZkOps.sync;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.zookeeper.ZooKeeper;

/**
 * The catch-up scenarios both mixed ensembles run, each with a learner of the kind that does not lead: the
 * learner is stopped, writes go on through {@code writerSid}, and it comes back by the expected sync path.
 */
final class SyncScenarios {
    private SyncScenarios() {
    }

    /** A follower that missed a few writes gets a DIFF and then holds them. */
    static void restartedFollowerCatchesUpByDiff(MixedEnsemble ensemble, long followerSid, long writerSid)
            throws Exception {
        ensemble.stop(followerSid);
        ZooKeeper writer = ensemble.client(writerSid);
        create(writer, "/whileDown", "");
        for (int i = 0; i < 20; i++) {
            create(writer, "/whileDown/n" + i, "v" + i);
        }
        ensemble.start(followerSid);
        ensemble.awaitMode(followerSid, "follower");
        assertThat(ensemble.awaitSyncPath(followerSid)).isEqualTo("DIFF");
        ZooKeeper onFollower = ensemble.client(followerSid);
        sync(onFollower, "/whileDown");
        assertThat(onFollower.getChildren("/whileDown", false)).hasSize(20);
        assertThat(read(onFollower, "/whileDown/n7")).isEqualTo("v7");
        assertThat(read(onFollower, "/whileDown/n19")).isEqualTo("v19");
    }

    /**
     * A follower that missed more than the 500-txn commit window, with ~300 KB of log against a tiny snapshot,
     * gets a SNAP rather than a DIFF from the log; afterwards it still takes part (a write through it reaches the
     * writer's side). Expects {@link #restartedFollowerCatchesUpByDiff} to have run first.
     */
    static void followerThatMissedTheWindowGetsSnap(MixedEnsemble ensemble, long followerSid, long writerSid)
            throws Exception {
        ensemble.stop(followerSid);
        ZooKeeper writer = ensemble.client(writerSid);
        create(writer, "/big", "");
        ZkOps.setDataMany(writer, "/big", 600, 512);
        create(writer, "/afterBig", "last");
        ensemble.start(followerSid);
        ensemble.awaitMode(followerSid, "follower");
        assertThat(ensemble.awaitSyncPath(followerSid)).isEqualTo("SNAP");
        ZooKeeper onFollower = ensemble.client(followerSid);
        sync(onFollower, "/afterBig");
        assertThat(read(onFollower, "/afterBig")).isEqualTo("last");
        assertThat(onFollower.exists("/big", false).getVersion()).isEqualTo(600);
        assertThat(onFollower.getChildren("/whileDown", false)).hasSize(20);
        create(onFollower, "/afterSnap", "ok");
        sync(writer, "/afterSnap");
        assertThat(read(writer, "/afterSnap")).isEqualTo("ok");
    }
}
