package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Paddock servers with localSessionsEnabled and localSessionsUpgradingEnabled, on real sockets with the
 * official client: a follower's session costs the leader nothing until it creates an ephemeral node.
 */
class LocalSessionsEnsembleTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private InProcessEnsemble ensemble;
    private long leader;
    private final List<Long> followers = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        ensemble = InProcessEnsemble.start(tmp, 3, 0, sid -> null,
                Map.of("localSessionsEnabled", "true", "localSessionsUpgradingEnabled", "true"));
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> "2".equals(ensemble.mntr(leaderNow()).get("zk_synced_followers")));
        leader = leaderNow();
        ensemble.servers.keySet().stream().filter(id -> id != leader).forEach(followers::add);
    }

    private long leaderNow() throws IOException {
        for (long id : ensemble.servers.keySet()) {
            if ("leader".equals(ensemble.mntr(id).get("zk_server_state"))) {
                return id;
            }
        }
        return 1;
    }

    @AfterEach
    void tearDown() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private String address(long id) {
        return "127.0.0.1:" + ensemble.server(id).clientPort();
    }

    private ZooKeeper client(long id) throws IOException {
        return ensemble.client(id, 4_000);
    }

    private long figure(long id, String key) throws IOException {
        return Long.parseLong(ensemble.mntr(id).get(key));
    }

    @Test
    void aFollowersLocalSessionWritesWithoutTheLeaderAndIsUpgradedByItsFirstEphemeral() throws Exception {
        long f = followers.get(0);
        ZooKeeper zk = client(f);
        zk.create("/ls", "a".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        zk.setData("/ls", "b".getBytes(), -1);
        assertThat(new String(zk.getData("/ls", false, null))).isEqualTo("b");
        assertThat(figure(f, "zk_local_sessions")).isEqualTo(1);
        assertThat(figure(leader, "zk_global_sessions")).as("no createSession reached the leader").isZero();

        String eph = zk.create("/ls/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        assertThat(zk.exists(eph, false).getEphemeralOwner()).isEqualTo(zk.getSessionId());
        assertThat(figure(leader, "zk_global_sessions")).isEqualTo(1);
        assertThat(figure(f, "zk_local_sessions")).isZero();
        List<ZooKeeper> everywhere = new ArrayList<>();
        for (long id : ensemble.servers.keySet()) {
            ZooKeeper other = client(id);
            everywhere.add(other);
            await().atMost(WAIT).until(() -> other.exists(eph, false) != null);
        }

        zk.close();
        for (ZooKeeper other : everywhere) {
            await().atMost(WAIT).until(() -> other.exists(eph, false) == null);
        }
        assertThat(figure(leader, "zk_global_sessions")).isZero();
    }

    @Test
    void anUpgradedSessionsEphemeralGoesWhenTheSessionExpires() throws Exception {
        long f = followers.get(0);
        ZooKeeper zk = client(f);
        zk.create("/dies", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        ZooKeeper watcher = client(leader);
        assertThat(watcher.exists("/dies", false)).isNotNull();
        // the client stops talking: it reconnects to a server that does not exist, so nobody hears from it
        ensemble.server(f).close();
        await().atMost(WAIT).until(() -> watcher.exists("/dies", false) == null);
    }

    @Test
    void aLocalSessionMovedToAnotherServerIsExpiredThere() throws Exception {
        ZooKeeper zk = client(followers.get(0));
        zk.create("/here", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (long elsewhere : List.of(followers.get(1), leader)) {
            CountDownLatch expired = new CountDownLatch(1);
            ZooKeeper moved = new ZooKeeper(address(elsewhere), 4_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.Expired) {
                    expired.countDown();
                }
            }, zk.getSessionId(), zk.getSessionPasswd());
            try {
                assertThat(expired.await(30, TimeUnit.SECONDS)).as("expired on server %d", elsewhere).isTrue();
            } finally {
                moved.close(1000);
            }
        }
        // where it lives, the session goes on
        assertThat(zk.exists("/here", false)).isNotNull();
    }

    @Test
    void theLeadersOwnClientsGetLocalSessionsToo() throws Exception {
        ZooKeeper zk = client(leader);
        zk.create("/l", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(figure(leader, "zk_local_sessions")).isEqualTo(1);
        assertThat(figure(leader, "zk_global_sessions")).isZero();
        zk.create("/l/e", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
        assertThat(figure(leader, "zk_global_sessions")).isEqualTo(1);
        assertThat(figure(leader, "zk_local_sessions")).isZero();
        assertThatThrownBy(() -> zk.create("/l", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .as("a working session").isInstanceOf(KeeperException.NodeExistsException.class);
    }
}
