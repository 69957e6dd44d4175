package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic reconfiguration of a Paddock ensemble through the official ZooKeeper client's ZooKeeperAdmin: remove and
 * add servers, remove the leader, promote an observer, let a new server join; under write load, with no
 * acknowledged write lost; the new configuration in /zookeeper/config on every member and in the files.
 */
class ReconfigEnsembleTest {
    @TempDir
    Path tmp;

    private FileEnsemble ensemble;
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

    private FileEnsemble threeVoters() throws Exception {
        ensemble = new FileEnsemble(tmp);
        for (long sid = 1; sid <= 3; sid++) {
            ensemble.declare(sid);
        }
        List<String> lines = List.of(ensemble.line(1, "participant"), ensemble.line(2, "participant"),
                ensemble.line(3, "participant"));
        for (long sid = 1; sid <= 3; sid++) {
            ensemble.start(sid, lines);
        }
        return ensemble;
    }

    private <T extends ZooKeeper> T connected(T zk, CountDownLatch latch) throws InterruptedException {
        clients.add(zk);
        assertThat(latch.await(30, TimeUnit.SECONDS)).as("connected").isTrue();
        return zk;
    }

    private ZooKeeperAdmin admin(String connect) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeperAdmin a = connected(new ZooKeeperAdmin(connect, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        }), up);
        a.addAuthInfo("digest", "super:test".getBytes(StandardCharsets.UTF_8));
        return a;
    }

    private ZooKeeper client(String connect) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        return connected(new ZooKeeper(connect, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        }), up);
    }

    private static String config(ZooKeeper zk) throws Exception {
        zk.sync("/zookeeper/config");
        return new String(zk.getConfig(false, null), StandardCharsets.UTF_8);
    }

    private static Set<String> serverIds(String config) {
        Set<String> ids = new java.util.TreeSet<>();
        for (String l : config.split("\n")) {
            if (l.startsWith("server.")) {
                ids.add(l.substring(7, l.indexOf('=')));
            }
        }
        return ids;
    }

    /** Writes sequential nodes until stopped; remembers each acknowledged one. */
    private static final class Writer implements Runnable {
        final ZooKeeper zk;
        final ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread = new Thread(this, "writer");

        Writer(ZooKeeper zk) throws Exception {
            this.zk = zk;
            zk.create("/load", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            thread.start();
        }

        @Override
        public void run() {
            while (!stop.get()) {
                try {
                    acked.add(zk.create("/load/n-", new byte[8], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT_SEQUENTIAL));
                } catch (KeeperException e) {
                    Thread.onSpinWait(); // connection loss while the ensemble changes: go on
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        int stopAndCount() throws InterruptedException {
            stop.set(true);
            thread.join(30_000);
            return acked.size();
        }
    }

    private void awaitAcked(Writer w, int more) {
        int target = w.acked.size() + more;
        await().atMost(Duration.ofSeconds(30)).until(() -> w.acked.size() >= target);
    }

    private void assertAllAckedPresent(Writer w, long... sids) throws Exception {
        for (long sid : sids) {
            ZooKeeper zk = client(ensemble.connect(sid));
            zk.sync("/load");
            Set<String> children = Set.copyOf(zk.getChildren("/load", false));
            for (String path : w.acked) {
                assertThat(children).as("acknowledged %s on server %d", path, sid)
                        .contains(path.substring("/load/".length()));
            }
        }
    }

    @Test
    void removeAndAddBackAServerThenRemoveTheLeaderUnderWriteLoad() throws Exception {
        threeVoters();
        ZooKeeperAdmin admin = admin(ensemble.connect(1, 2, 3));
        assertThat(serverIds(config(admin))).containsExactly("1", "2", "3");
        Writer writer = new Writer(client(ensemble.connect(1, 2, 3)));
        awaitAcked(writer, 50);

        Stat stat = new Stat();
        String removed = new String(admin.reconfigure(null, "3", null, -1, stat), StandardCharsets.UTF_8);
        assertThat(serverIds(removed)).containsExactly("1", "2");
        assertThat(removed).endsWith("version=" + Long.toHexString(stat.getMzxid()));
        for (long sid : new long[] {1, 2}) {
            ZooKeeper zk = client(ensemble.connect(sid));
            await().atMost(Duration.ofSeconds(20)).until(() -> config(zk).equals(removed));
            Path dynamic = tmp.resolve("zoo-" + sid + ".cfg.dynamic." + Long.toHexString(stat.getMzxid()));
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dynamic));
            assertThat(Files.readString(ensemble.zooCfg(sid))).contains("dynamicConfigFile=" + dynamic)
                    .doesNotContain("server.");
            assertThat(Files.readString(dynamic)).contains("server.1=").contains("server.2=")
                    .doesNotContain("server.3=").doesNotContain("version=");
        }
        awaitAcked(writer, 50);

        // with the version it now has, not the one before
        assertThatThrownBy(() -> admin.reconfigure(ensemble.line(3, "participant"), null, null, 0, new Stat()))
                .isInstanceOf(KeeperException.BadVersionException.class);
        String added = new String(admin.reconfigure(ensemble.line(3, "participant"), null, null, stat.getMzxid(),
                stat), StandardCharsets.UTF_8);
        assertThat(serverIds(added)).containsExactly("1", "2", "3");
        awaitAcked(writer, 50);

        java.util.concurrent.atomic.AtomicLong found = new java.util.concurrent.atomic.AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30)).until(() -> found.updateAndGet(x -> leaderOf(1, 2, 3)) >= 0);
        long leader = found.get();
        String noLeader = new String(admin.reconfigure(null, Long.toString(leader), null, -1, stat),
                StandardCharsets.UTF_8);
        assertThat(serverIds(noLeader)).doesNotContain(Long.toString(leader)).hasSize(2);
        long[] rest = java.util.stream.LongStream.of(1, 2, 3).filter(s -> s != leader).toArray();
        await().atMost(Duration.ofSeconds(30)).until(() -> leaderOf(rest) >= 0);
        awaitAcked(writer, 50);
        int acked = writer.stopAndCount();
        assertThat(acked).isGreaterThan(200);
        assertAllAckedPresent(writer, rest);
    }

    private long leaderOf(long... sids) {
        for (long sid : sids) {
            if ("leader".equals(ensemble.mode(sid))) {
                return sid;
            }
        }
        return -1;
    }

    @Test
    void anObserverIsPromotedToParticipantAndBack() throws Exception {
        ensemble = new FileEnsemble(tmp);
        for (long sid = 1; sid <= 4; sid++) {
            ensemble.declare(sid);
        }
        List<String> lines = List.of(ensemble.line(1, "participant"), ensemble.line(2, "participant"),
                ensemble.line(3, "participant"), ensemble.line(4, "observer"));
        for (long sid = 1; sid <= 4; sid++) {
            ensemble.start(sid, lines);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "observer".equals(ensemble.mode(4)));
        ZooKeeperAdmin admin = admin(ensemble.connect(1, 2, 3));
        String promoted = new String(admin.reconfigure(ensemble.line(4, "participant"), null, null, -1, new Stat()),
                StandardCharsets.UTF_8);
        assertThat(promoted).contains(ensemble.spec(4, "participant"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "follower".equals(ensemble.mode(4)));
        // the admin server's voting_view lists the voters in force
        await().atMost(Duration.ofSeconds(20)).until(() -> ensemble.admin(1, "voting_view").contains("\"4\""));

        String demoted = new String(admin.reconfigure(ensemble.line(4, "observer"), null, null, -1, new Stat()),
                StandardCharsets.UTF_8);
        assertThat(demoted).contains(ensemble.spec(4, "observer"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "observer".equals(ensemble.mode(4)));
        ZooKeeper viaObserver = client(ensemble.connect(4));
        assertThat(config(viaObserver)).isEqualTo(demoted);
    }

    @Test
    void aNewServerJoinsAfterSyncingAndCountsOnceAdded() throws Exception {
        threeVoters();
        ensemble.declare(4);
        ZooKeeperAdmin admin = admin(ensemble.connect(1, 2, 3));
        admin.create("/before", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        // the joiner knows the ensemble and itself
        ensemble.start(4, List.of(ensemble.line(1, "participant"), ensemble.line(2, "participant"),
                ensemble.line(3, "participant"), ensemble.line(4, "participant")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "follower".equals(ensemble.mode(4)));
        ZooKeeper viaNew = client(ensemble.connect(4));
        assertThat(viaNew.getData("/before", false, null)).isEqualTo("x".getBytes(StandardCharsets.UTF_8));

        long leader = leaderOf(1, 2, 3);
        assertThat(ensemble.fourLetterWord(leader, "mntr")).contains("zk_synced_non_voting_followers\t1\n");
        String grown = new String(admin.reconfigure(ensemble.line(4, "participant"), null, null, -1, new Stat()),
                StandardCharsets.UTF_8);
        assertThat(serverIds(grown)).containsExactly("1", "2", "3", "4");
        // conf shows the membership in force, as ZooKeeper's quorum servers do
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ensemble.fourLetterWord(4, "conf"))
                .endsWith("peerType=0\nmembership: \n" + grown + "\n")); // the tool ends every line
        assertThat(ensemble.fourLetterWord(leaderOf(1, 2, 3, 4), "mntr"))
                .contains("zk_synced_non_voting_followers\t0\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> config(viaNew).equals(grown));

        // now 3 of 4 make a quorum: with two servers down, writes stop; with one down, they go on
        ensemble.stop(1);
        ZooKeeper writer = client(ensemble.connect(2, 3, 4));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                writer.create("/after", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT) != null);
    }

    @Test
    void refusalsFollowZooKeeper() throws Exception {
        threeVoters();
        ZooKeeperAdmin admin = admin(ensemble.connect(1, 2, 3));
        // a server that is not running cannot be part of a synced quorum of the new configuration
        ensemble.declare(4);
        ensemble.declare(5);
        assertThatThrownBy(() -> admin.reconfigure(ensemble.line(4, "participant") + ","
                + ensemble.line(5, "participant"), "1", null, -1, new Stat()))
                .isInstanceOf(KeeperException.NewConfigNoQuorum.class);
        // a joiner without a client port
        assertThatThrownBy(() -> admin.reconfigure("server.6=127.0.0.1:1:2:participant", null, null, -1,
                new Stat())).isInstanceOf(KeeperException.BadArgumentsException.class);
        // too few voters left
        assertThatThrownBy(() -> admin.reconfigure(null, "1,2", null, -1, new Stat()))
                .isInstanceOf(KeeperException.BadArgumentsException.class);
        // not the super user; ZooKeeper checks the ACL after the quorum: wait until both followers are synced
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                ensemble.fourLetterWord(leaderOf(1, 2, 3), "mntr").contains("zk_synced_followers\t2\n"));
        ZooKeeperAdmin plain = (ZooKeeperAdmin) connectedPlainAdmin();
        assertThatThrownBy(() -> plain.reconfigure(null, "3", null, -1, new Stat()))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThat(serverIds(config(admin))).containsExactly("1", "2", "3");
    }

    /**
     * A member that was down while the ensemble reconfigured comes back with its old zoo.cfg (it still names it a
     * participant): it learns the configuration in force from its peers and serves as the observer it now is.
     */
    @Test
    void aServerRestartedWithAnOlderConfigurationLearnsTheCurrentOne() throws Exception {
        threeVoters();
        java.util.concurrent.atomic.AtomicLong found = new java.util.concurrent.atomic.AtomicLong(-1);
        await().atMost(Duration.ofSeconds(30)).until(() -> found.updateAndGet(x -> leaderOf(1, 2, 3)) >= 0);
        long down = found.get() == 3 ? 2 : 3;
        long[] up = java.util.stream.LongStream.of(1, 2, 3).filter(s -> s != down).toArray();
        ZooKeeperAdmin admin = admin(ensemble.connect(up));
        ensemble.stop(down);
        String demoted = new String(admin.reconfigure(ensemble.line(down, "observer"), null, null, -1, new Stat()),
                StandardCharsets.UTF_8);
        assertThat(demoted).contains(ensemble.spec(down, "observer"));
        // the zoo.cfg it was first started with: three participants, no version
        ensemble.start(down, List.of(ensemble.line(1, "participant"), ensemble.line(2, "participant"),
                ensemble.line(3, "participant")));
        await().atMost(Duration.ofSeconds(30)).until(() -> "observer".equals(ensemble.mode(down)));
        ZooKeeper viaDown = client(ensemble.connect(down));
        assertThat(config(viaDown)).isEqualTo(demoted);
        assertThat(Files.readString(ensemble.zooCfg(down))).contains("dynamicConfigFile=");
    }

    /**
     * The operations guide's procedure: one server with standaloneEnabled=false grows to three, then five, and
     * shrinks back to one. Joiners start with the current members plus themselves listed as observers; they learn
     * the configuration in force from the members, follow the leader without a vote, and count once added.
     */
    @Test
    void growsFromOneToThreeToFiveAndShrinksBackToOne() throws Exception {
        ensemble = new FileEnsemble(tmp);
        for (long sid = 1; sid <= 5; sid++) {
            ensemble.declare(sid);
        }
        List<String> alone = List.of("standaloneEnabled=false");
        ensemble.start(1, List.of(ensemble.line(1, "participant")), alone);
        await().atMost(Duration.ofSeconds(30)).until(() -> "leader".equals(ensemble.mode(1)));
        ZooKeeperAdmin admin = admin(ensemble.connect(1));
        admin.create("/grow", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        Writer writer = new Writer(client(ensemble.connect(1)));
        awaitAcked(writer, 20);

        growBy(admin, alone, 2, 3);
        awaitAcked(writer, 20);
        assertThat(serverIds(config(admin))).containsExactly("1", "2", "3");
        growBy(admin, alone, 4, 5);
        assertThat(serverIds(config(admin))).containsExactly("1", "2", "3", "4", "5");
        ZooKeeper viaFive = client(ensemble.connect(5));
        await().atMost(Duration.ofSeconds(20)).until(() -> viaFive.getChildren("/grow", false).size() == 2);
        awaitAcked(writer, 20);

        admin.reconfigure(null, "4,5", null, -1, new Stat());
        assertThat(serverIds(config(admin))).containsExactly("1", "2", "3");
        awaitAcked(writer, 20);
        admin.reconfigure(null, "2,3", null, -1, new Stat());
        assertThat(serverIds(config(admin))).containsExactly("1");
        awaitAcked(writer, 20);
        assertThat(writer.stopAndCount()).isGreaterThan(100);
        assertAllAckedPresent(writer, 1, 2, 3, 4, 5);
        for (long sid = 2; sid <= 5; sid++) {
            ensemble.stop(sid);
        }
        ZooKeeper last = client(ensemble.connect(1));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> last.create("/grow/alone", new byte[0],
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT) != null);
        assertThat(last.getChildren("/grow", false)).containsExactlyInAnyOrder("3", "5", "alone");
    }

    /** Starts the joiners (current members plus themselves as observers), waits until they follow, adds them. */
    private void growBy(ZooKeeperAdmin admin, List<String> extra, long... joiners) throws Exception {
        String current = config(admin);
        for (long sid : joiners) {
            List<String> lines = new ArrayList<>();
            for (String l : current.split("\n")) {
                if (l.startsWith("server.")) {
                    lines.add(l);
                }
            }
            lines.add(ensemble.line(sid, "observer"));
            ensemble.start(sid, lines, extra);
        }
        for (long sid : joiners) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "follower".equals(ensemble.mode(sid)));
        }
        StringBuilder joining = new StringBuilder();
        for (long sid : joiners) {
            joining.append(joining.length() == 0 ? "" : ",").append(ensemble.line(sid, "participant"));
        }
        admin.reconfigure(joining.toString(), null, null, -1, new Stat());
        admin.create("/grow/" + joiners[joiners.length - 1], new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
    }

    private ZooKeeper connectedPlainAdmin() throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        return connected(new ZooKeeperAdmin(ensemble.connect(1, 2, 3), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        }), up);
    }
}
