package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.compat.ReconfigEnsemble.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.admin.ZooKeeperAdmin;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The leader removed by reconfiguration, twice, under write load from the official 3.9.3 client: it hands over to a
 * designated follower, is added back, and no acknowledged write is lost — on ZooKeeper 3.9.3, on Paddock, and on a
 * mixed ensemble (ZooKeeper and Paddock members hand over to each other).
 */
class ReconfigLeaderCompatTest {
    private ReconfigEnsemble ensemble;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private <T extends ZooKeeper> T connected(T zk, CountDownLatch up) throws InterruptedException {
        clients.add(zk);
        assertThat(up.await(30, TimeUnit.SECONDS)).as("connected").isTrue();
        return zk;
    }

    private Watcher onConnect(CountDownLatch up) {
        return e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        };
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void theLeaderLeavesAndComesBackTwiceWithoutLosingAnAcknowledgedWrite(Target target) throws Exception {
        ensemble = new ReconfigEnsemble(target, "leader").startAll(3);
        String all = ensemble.connectString(1, 2, 3);
        CountDownLatch adminUp = new CountDownLatch(1);
        ZooKeeperAdmin admin = connected(new ZooKeeperAdmin(all, 30_000, onConnect(adminUp)), adminUp);
        admin.addAuthInfo("digest", ReconfigEnsemble.SUPER_AUTH.getBytes(StandardCharsets.UTF_8));
        CountDownLatch writerUp = new CountDownLatch(1);
        ZooKeeper writerZk = connected(new ZooKeeper(all, 30_000, onConnect(writerUp)), writerUp);
        writerZk.create("/handover", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            while (!stop.get()) {
                try {
                    acked.add(writerZk.create("/handover/n-", new byte[16], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT_SEQUENTIAL));
                } catch (KeeperException e) {
                    Thread.onSpinWait(); // connection loss while the leader changes: keep writing
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "writer");
        writer.start();
        try {
            for (int round = 0; round < 2; round++) {
                awaitMore(acked, 30);
                long leader = ensemble.leader();
                Stat stat = new Stat();
                String without = removeLeader(admin, leader, stat);
                assertThat(without).as("round %d: %s left", round, leader)
                        .doesNotContain("server." + leader + "=");
                long[] rest = ensemble.others(leader).stream().mapToLong(Long::longValue).toArray();
                // ZooKeeper's removed leader may still call itself leader for a moment: look among the others
                await().atMost(ReconfigEnsemble.TIMEOUT).until(() -> java.util.Arrays.stream(rest)
                        .anyMatch(s -> ensemble.mode(s).equals("leader")));
                ensemble.awaitServing(rest);
                awaitMore(acked, 30);
                String back = new String(admin.reconfigure(ensemble.serverLine(leader), null, null, stat.getMzxid(),
                        new Stat()), StandardCharsets.UTF_8);
                assertThat(back).contains(ensemble.serverLine(leader));
                ensemble.awaitServing(1, 2, 3);
            }
            awaitMore(acked, 30);
        } finally {
            stop.set(true);
            writer.join(30_000);
        }
        assertThat(acked.size()).isGreaterThan(100);
        for (long sid = 1; sid <= 3; sid++) {
            CountDownLatch up = new CountDownLatch(1);
            ZooKeeper one = connected(new ZooKeeper(ensemble.address(sid), 30_000, onConnect(up)), up);
            one.sync("/handover", (rc, path, ctx) -> { }, null);
            Set<String> children = Set.copyOf(awaitChildren(one));
            for (String path : acked) {
                assertThat(children).as("acknowledged %s on server %d (%s)\n%s", path, sid, target,
                        ensemble.logs()).contains(path.substring("/handover/".length()));
            }
        }
    }

    /**
     * Removes the leader. ZooKeeper 3.9.3's leader may close the client's connection before the answer leaves (the
     * reconfiguration committed all the same): then the configuration is read back.
     */
    private static String removeLeader(ZooKeeperAdmin admin, long leader, Stat stat) throws Exception {
        try {
            return new String(admin.reconfigure(null, Long.toString(leader), null, -1, stat), StandardCharsets.UTF_8);
        } catch (KeeperException.ConnectionLossException e) {
            List<String> got = new ArrayList<>();
            await().atMost(ReconfigEnsemble.TIMEOUT).ignoreExceptions().until(() -> {
                admin.sync("/zookeeper/config", (rc, path, ctx) -> { }, null);
                String c = new String(admin.getConfig(false, stat), StandardCharsets.UTF_8);
                got.add(c);
                return !c.contains("server." + leader + "=");
            });
            return got.get(got.size() - 1);
        }
    }

    private static List<String> awaitChildren(ZooKeeper zk) throws Exception {
        List<List<String>> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            got.add(zk.getChildren("/handover", false));
            return true;
        });
        return got.get(got.size() - 1);
    }

    private static void awaitMore(ConcurrentLinkedQueue<String> acked, int more) {
        int target = acked.size() + more;
        await().atMost(ReconfigEnsemble.TIMEOUT).until(() -> acked.size() >= target);
    }
}
