package dev.paddock.compat.mixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.compat.mixed.Member.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Local sessions (localSessionsEnabled, with and without localSessionsUpgradingEnabled) on a three-server
 * ZooKeeper 3.9.3 ensemble and a three-server Paddock ensemble: the same scenario on both, with the official
 * client and Curator, and what each shows (errors, mntr's session figures, zxids spent) must be the same.
 */
class LocalSessionsCompatTest {

    /** What one run observed, in order: name to value. */
    private static final class Seen {
        final Map<String, Object> values = new LinkedHashMap<>();

        void put(String what, Object value) {
            values.put(what, value);
        }
    }

    private static final class Roles {
        long leader;
        final List<Long> followers = new ArrayList<>();
    }

    private static MixedEnsemble start(String name, Kind kind, boolean upgrading, Roles roles) {
        Map<String, String> cfg = Map.of("localSessionsEnabled", "true",
                "localSessionsUpgradingEnabled", Boolean.toString(upgrading));
        MixedEnsemble e = new MixedEnsemble(name);
        for (long sid = 1; sid <= 3; sid++) {
            e.member(sid, kind, false, cfg);
        }
        e.allocatePorts();
        for (long sid = 1; sid <= 3; sid++) {
            e.start(sid);
        }
        for (long sid = 1; sid <= 3; sid++) {
            e.awaitMode(sid, "leader", "follower");
            if ("leader".equals(e.get(sid).mode())) {
                roles.leader = sid;
            } else {
                roles.followers.add(sid);
            }
        }
        return e;
    }

    private static long mntr(MixedEnsemble e, long sid, String key) {
        for (String line : e.get(sid).fourLetterWord("mntr").split("\n")) {
            if (line.startsWith(key + "\t")) {
                return Long.parseLong(line.substring(key.length() + 1).trim());
            }
        }
        throw new AssertionError("no " + key + " in mntr of " + e.get(sid));
    }

    private static int code(ThrowingCall call) throws Exception {
        try {
            call.run();
            return 0;
        } catch (KeeperException ke) {
            return ke.code().intValue();
        }
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    private static boolean expiresOn(MixedEnsemble e, long sid, ZooKeeper owner) throws Exception {
        CountDownLatch expired = new CountDownLatch(1);
        ZooKeeper moved = new ZooKeeper("127.0.0.1:" + e.get(sid).clientPort, 4_000, ev -> {
            if (ev.getState() == Watcher.Event.KeeperState.Expired) {
                expired.countDown();
            }
        }, owner.getSessionId(), owner.getSessionPasswd());
        try {
            return expired.await(30, TimeUnit.SECONDS);
        } finally {
            moved.close(1000);
        }
    }

    private interface Scenario {
        void run(MixedEnsemble e, Roles r, Seen seen) throws Exception;
    }

    /** Runs {@code scenario} on a fresh three-server ensemble of {@code kind}; what it saw. */
    private static Seen observe(Kind kind, boolean upgrading, Scenario scenario) throws Exception {
        Seen seen = new Seen();
        Roles r = new Roles();
        String name = "local-sessions-" + (upgrading ? "upgrading-" : "no-upgrade-") + kind.name().toLowerCase();
        try (MixedEnsemble e = start(name, kind, upgrading, r)) {
            scenario.run(e, r, seen);
        }
        return seen;
    }

    private static void upgrading(MixedEnsemble e, Roles r, Seen seen) throws Exception {
        long f = r.followers.get(0);
        ZooKeeper zk = e.client(f, 4_000);
        zk.create("/ls", "v".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        seen.put("read own write", new String(zk.getData("/ls", false, null)));
        seen.put("leader global_sessions before the ephemeral", mntr(e, r.leader, "zk_global_sessions"));
        seen.put("follower local_sessions before", mntr(e, f, "zk_local_sessions"));

        String eph = zk.create("/ls/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        seen.put("ephemeral owner is the session", zk.exists(eph, false).getEphemeralOwner() == zk.getSessionId());
        seen.put("leader global_sessions after", mntr(e, r.leader, "zk_global_sessions"));
        seen.put("follower local_sessions after", mntr(e, f, "zk_local_sessions"));

        ZooKeeper local = e.client(f, 4_000);
        local.exists("/ls", false);
        seen.put("a local session expires on another follower", expiresOn(e, r.followers.get(1), local));
        seen.put("a local session expires on the leader", expiresOn(e, r.leader, local));
        seen.put("the local session still works at home", local.exists("/ls", false) != null);

        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString("127.0.0.1:" + e.get(r.followers.get(1)).clientPort)
                .sessionTimeoutMs(4_000).connectionTimeoutMs(15_000).retryPolicy(new RetryOneTime(200)).build();
        try {
            curator.start();
            assertThat(curator.blockUntilConnected(20, TimeUnit.SECONDS)).isTrue();
            InterProcessMutex lock = new InterProcessMutex(curator, "/locks/a");
            seen.put("curator lock acquired", lock.acquire(20, TimeUnit.SECONDS));
            seen.put("leader global_sessions with the lock held", mntr(e, r.leader, "zk_global_sessions"));
            lock.release();
            seen.put("lock node gone after release", curator.getChildren().forPath("/locks/a").isEmpty());
        } finally {
            curator.close();
        }

        ZooKeeper watcher = e.client(r.leader, 4_000);
        zk.close();
        await().atMost(Duration.ofSeconds(20)).until(() -> watcher.exists(eph, false) == null);
        seen.put("ephemeral gone after close", watcher.exists(eph, false) == null);
    }

    private static void noUpgrade(MixedEnsemble e, Roles r, Seen seen) throws Exception {
        long f = r.followers.get(0);
        ZooKeeper onFollower = e.client(f, 4_000);
        ZooKeeper onLeader = e.client(r.leader, 4_000);
        onFollower.create("/p", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        long zxid = e.get(r.leader).zxid();
        seen.put("ephemeral on a follower's local session", code(() -> onFollower.create("/p/e", new byte[0],
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)));
        seen.put("zxids spent by it", e.get(r.leader).zxid() - zxid);
        zxid = e.get(r.leader).zxid();
        seen.put("ephemeral on the leader's local session", code(() -> onLeader.create("/p/e", new byte[0],
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL)));
        seen.put("zxids spent by the leader's", e.get(r.leader).zxid() - zxid);
        seen.put("multi with an ephemeral on a follower", code(() -> onFollower.multi(List.of(
                Op.create("/p/m", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)))));
        seen.put("multi with an ephemeral on the leader", code(() -> onLeader.multi(List.of(
                Op.create("/p/m", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL)))));
        seen.put("nothing created", onLeader.getChildren("/p", false));
        seen.put("sessions still work", onFollower.exists("/p", false) != null
                && onLeader.exists("/p", false) != null);
        seen.put("leader global_sessions", mntr(e, r.leader, "zk_global_sessions"));
        seen.put("leader local_sessions", mntr(e, r.leader, "zk_local_sessions"));
    }

    @Test
    void withUpgradingBothBehaveTheSame() throws Exception {
        Seen zookeeper = observe(Kind.ZOOKEEPER, true, LocalSessionsCompatTest::upgrading);
        Seen paddock = observe(Kind.PADDOCK_IN_PROCESS, true, LocalSessionsCompatTest::upgrading);
        assertThat(zookeeper.values).containsEntry("leader global_sessions before the ephemeral", 0L)
                .containsEntry("follower local_sessions before", 1L)
                .containsEntry("leader global_sessions after", 1L)
                .containsEntry("follower local_sessions after", 0L)
                .containsEntry("a local session expires on another follower", true)
                .containsEntry("curator lock acquired", true)
                .containsEntry("ephemeral gone after close", true);
        System.out.println("local sessions seen: zookeeper " + zookeeper.values + "\n paddock " + paddock.values);
        assertThat(paddock.values).as("Paddock against ZooKeeper").containsExactlyEntriesOf(zookeeper.values);
    }

    @Test
    void withoutUpgradingBothBehaveTheSame() throws Exception {
        Seen zookeeper = observe(Kind.ZOOKEEPER, false, LocalSessionsCompatTest::noUpgrade);
        Seen paddock = observe(Kind.PADDOCK_IN_PROCESS, false, LocalSessionsCompatTest::noUpgrade);
        int ephemeralOnLocal = KeeperException.Code.EPHEMERALONLOCALSESSION.intValue();
        assertThat(zookeeper.values).containsEntry("ephemeral on a follower's local session", ephemeralOnLocal)
                .containsEntry("ephemeral on the leader's local session", ephemeralOnLocal)
                // a learner forwards the multi anyway and answers with the leader's verdict on a session it does
                // not know; the leader's own local session fails the multi's create with EPHEMERALONLOCALSESSION
                .containsEntry("multi with an ephemeral on a follower", KeeperException.Code.SESSIONEXPIRED.intValue())
                .containsEntry("multi with an ephemeral on the leader", ephemeralOnLocal)
                .containsEntry("zxids spent by it", 1L);
        System.out.println("local sessions seen: zookeeper " + zookeeper.values + "\n paddock " + paddock.values);
        assertThat(paddock.values).as("Paddock against ZooKeeper").containsExactlyEntriesOf(zookeeper.values);
    }
}
