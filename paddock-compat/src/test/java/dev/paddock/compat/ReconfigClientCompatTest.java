package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.EnsembleConfig;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.client.Results.NodeData;
import dev.paddock.client.WatchedEvent;
import dev.paddock.compat.ReconfigEnsemble.Target;
import dev.paddock.jute.EventType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Paddock's client against a 3-server ensemble with dynamic reconfiguration: getConfig and its watch, incremental
 * and non-incremental reconfig, conditional reconfig, the errors, and updateServerList rebalancing. Each test runs
 * per {@link Target}; one ensemble per target is shared by the tests, each of which leaves members 1-3 in place.
 * The client connects to a follower and the server removed is the other follower, so that no session depends on
 * a member leaving.
 */
class ReconfigClientCompatTest {
    private static final Map<Target, ReconfigEnsemble> ENSEMBLES = new EnumMap<>(Target.class);
    private static final Pattern VERSION = Pattern.compile("(?m)^version=([0-9a-f]+)$");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private ReconfigEnsemble ensemble;
    /** The leader, the follower the clients use, and the follower removed and added back. */
    private long leader;
    private long a;
    private long b;

    static ReconfigEnsemble ensemble(Target target) {
        return ENSEMBLES.computeIfAbsent(target, t -> new ReconfigEnsemble(t, "client").startAll(3));
    }

    @AfterAll
    static void stopEnsembles() {
        ENSEMBLES.values().forEach(ReconfigEnsemble::close);
        ENSEMBLES.clear();
    }

    private PaddockClient client(String connectString, boolean superUser, Random random) throws Exception {
        PaddockClient.Builder b = PaddockClient.builder(connectString).sessionTimeout(10_000);
        if (random != null) {
            b.random(random);
        }
        PaddockClient c = b.build();
        toClose.add(c);
        if (superUser) {
            c.addAuthInfo("digest", ReconfigEnsemble.SUPER_AUTH.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(c.awaitConnected(Duration.ofSeconds(30))).as("connected to %s", connectString).isTrue();
        return c;
    }

    private PaddockClient admin(long sid) throws Exception {
        return client(ensemble.address(sid), true, null);
    }

    /** Picks the roles on {@code target}'s ensemble and returns a super user's client of follower {@code a}. */
    private PaddockClient begin(Target target) throws Exception {
        ensemble = ensemble(target);
        leader = ensemble.leader();
        a = ensemble.others(leader).get(0);
        b = ensemble.others(leader).get(1);
        return admin(a);
    }

    /** Puts members 1-3 back (whatever a failed test left) and waits until they serve. */
    @AfterEach
    void restore() throws Exception {
        try {
            if (ensemble != null) {
                long leader = ensemble.leader();
                PaddockClient admin = admin(leader);
                String config = text(admin.getConfig(false));
                if (!config.contains(ensemble.serverLine(1)) || !config.contains(ensemble.serverLine(2))
                        || !config.contains(ensemble.serverLine(3))) {
                    admin.reconfigMembers(List.of(ensemble.serverLine(1), ensemble.serverLine(2),
                            ensemble.serverLine(3)), -1);
                }
                ensemble.awaitServing(1, 2, 3);
            }
        } finally {
            for (AutoCloseable c : toClose) {
                c.close();
            }
            toClose.clear();
        }
    }

    static String text(NodeData d) {
        return new String(d.data(), StandardCharsets.UTF_8);
    }

    /** The next node event (a watcher also sees the connection's Disconnected and SyncConnected), or null. */
    static WatchedEvent nodeEvent(LinkedBlockingQueue<WatchedEvent> q) throws InterruptedException {
        while (true) {
            WatchedEvent e = q.poll(30, TimeUnit.SECONDS);
            if (e == null || e.type() != EventType.NONE) {
                return e;
            }
        }
    }

    static long version(String config) {
        Matcher m = VERSION.matcher(config);
        assertThat(m.find()).as("version line in %s", config).isTrue();
        return Long.parseLong(m.group(1), 16);
    }

    /** The server lines of a configuration, sorted. */
    static Set<String> servers(String config) {
        Set<String> s = new TreeSet<>();
        for (String line : config.split("\n")) {
            if (line.startsWith("server.")) {
                s.add(line);
            }
        }
        return s;
    }

    private Set<String> lines(long... sids) {
        Set<String> s = new TreeSet<>();
        for (long sid : sids) {
            s.add(ensemble.serverLine(sid));
        }
        return s;
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void getConfigWatchFiresOnAnIncrementalRemoveAndAddBack(Target target) throws Exception {
        PaddockClient admin = begin(target);
        PaddockClient chrooted = client(ensemble.address(a) + "/app", false, null);

        NodeData first = admin.getConfig(false);
        assertThat(servers(text(first))).isEqualTo(lines(1, 2, 3));
        assertThat(version(text(first))).isEqualTo(first.stat().mzxid());
        assertThat(chrooted.getConfig(false).data()).as("the chroot does not apply").isEqualTo(first.data());
        Stat zkStat = new Stat();
        ZooKeeper zk = new ZooKeeper(ensemble.address(a), 10_000, e -> { });
        toClose.add(zk::close);
        await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState().isConnected());
        assertThat(zk.getConfig(false, zkStat)).as("ZooKeeper's client reads the same").isEqualTo(first.data());
        assertThat(zkStat.getMzxid()).isEqualTo(first.stat().mzxid());

        LinkedBlockingQueue<WatchedEvent> events = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<WatchedEvent> chrootEvents = new LinkedBlockingQueue<>();
        admin.getConfig(events::add);
        chrooted.getConfig(chrootEvents::add);
        // the chrooted client leaves its server (not in its new list): its config watch moves along, unprefixed
        assertThat(chrooted.updateServerList(ensemble.address(leader) + "/ignored")).isTrue();
        int leaderPort = ensemble.clientPort(leader);
        await().atMost(Duration.ofSeconds(30)).until(() -> chrooted.getConnectedServer() != null
                && chrooted.getConnectedServer().getPort() == leaderPort);
        assertThat(chrooted.getConnectString().chroot()).isEqualTo("/app");

        NodeData removed = admin.reconfigIncremental(null, List.of(Long.toString(b)), -1);
        assertThat(servers(text(removed))).isEqualTo(lines(leader, a));
        assertThat(version(text(removed))).isEqualTo(removed.stat().mzxid()).isGreaterThan(version(text(first)));
        WatchedEvent e = nodeEvent(events);
        assertThat(e).isNotNull();
        assertThat(e.type()).isEqualTo(EventType.NODE_DATA_CHANGED);
        assertThat(e.path()).isEqualTo("/zookeeper/config");
        WatchedEvent ce = nodeEvent(chrootEvents);
        assertThat(ce).isNotNull();
        assertThat(ce.type()).isEqualTo(EventType.NODE_DATA_CHANGED);
        assertThat(ce.path()).as("the chrooted client sees the config node's own path").isEqualTo("/zookeeper/config");
        assertThat(admin.getConfig(false).data()).isEqualTo(removed.data());

        NodeData added = admin.reconfigIncremental(List.of(ensemble.serverLine(b)), null, version(text(removed)));
        assertThat(servers(text(added))).isEqualTo(lines(1, 2, 3));
        ensemble.awaitServing(1, 2, 3);
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void nonIncrementalNewMembersReplaceTheMembership(Target target) throws Exception {
        PaddockClient admin = begin(target);
        NodeData two = admin.reconfigMembers(List.of(ensemble.serverLine(leader), ensemble.serverLine(a)), -1);
        assertThat(servers(text(two))).isEqualTo(lines(leader, a));
        // newline-separated members are accepted as well as commas
        String all = ensemble.serverLine(1) + "\n" + ensemble.serverLine(2) + "\n" + ensemble.serverLine(3);
        NodeData three = admin.reconfig(null, null, all, version(text(two)));
        assertThat(servers(text(three))).isEqualTo(lines(1, 2, 3));
        assertAddresses(EnsembleConfig.connectString(text(three)), 1, 2, 3);
        ensemble.awaitServing(1, 2, 3);
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void failuresAreTypedAsInZooKeeper(Target target) throws Exception {
        PaddockClient admin = begin(target);
        long current = version(text(admin.getConfig(false)));
        List<String> leaving = List.of(Long.toString(b));

        assertThatThrownBy(() -> admin.reconfigIncremental(null, leaving, current + 1))
                .isInstanceOf(KeeperException.BadVersionException.class)
                .hasMessage("KeeperErrorCode = BadVersion");
        ExecutionException async = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> admin.reconfigAsync(List.of(), leaving, null, current + 1).get(30, TimeUnit.SECONDS));
        assertThat(async.getCause()).isInstanceOf(KeeperException.BadVersionException.class);

        PaddockClient anonymous = client(ensemble.address(a), false, null);
        assertThatThrownBy(() -> anonymous.reconfigIncremental(null, leaving, -1))
                .isInstanceOf(KeeperException.NoAuthException.class);

        assertThatThrownBy(() -> admin.reconfig("server.9=bad", null, null, -1))
                .isInstanceOf(KeeperException.BadArgumentsException.class);

        // a new membership of a and a server nobody runs: no quorum of it is connected to the leader
        String ghost = "server.9=127.0.0.1:" + ChildJvm.freePort() + ":" + ChildJvm.freePort()
                + ":participant;127.0.0.1:" + ChildJvm.freePort();
        assertThatThrownBy(() -> admin.reconfigMembers(List.of(ensemble.serverLine(a), ghost), -1))
                .isInstanceOf(KeeperException.NewConfigNoQuorumException.class);

        assertThat(version(text(admin.getConfigAsync(false).get(30, TimeUnit.SECONDS))))
                .as("nothing was committed").isEqualTo(current);
    }

    /** Curator's EnsembleTracker watches the config node and keeps its connection string to the members. */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void curatorsEnsembleTrackerFollowsTheMembership(Target target) throws Exception {
        PaddockClient admin = begin(target);
        CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(ensemble.address(a))
                .retryPolicy(new RetryOneTime(100)).ensembleTracker(true).build();
        toClose.add(curator::close);
        curator.start();
        assertThat(curator.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
        long removed = version(text(admin.reconfigIncremental(null, List.of(Long.toString(b)), -1)));
        awaitVersion(curator, removed);
        assertAddresses(curator.getZookeeperClient().getCurrentConnectionString(), leader, a);
        long added = version(text(admin.reconfigIncremental(List.of(ensemble.serverLine(b)), null, removed)));
        awaitVersion(curator, added);
        assertAddresses(curator.getZookeeperClient().getCurrentConnectionString(), 1, 2, 3);
        ensemble.awaitServing(1, 2, 3);
    }

    private static void awaitVersion(CuratorFramework curator, long version) {
        await("Curator sees version " + Long.toHexString(version)).atMost(Duration.ofSeconds(30))
                .until(() -> curator.getCurrentConfig().getVersion() == version);
    }

    /** {@code connectString} lists exactly the client addresses of {@code sids}. */
    private void assertAddresses(String connectString, long... sids) {
        List<String> expected = new ArrayList<>();
        for (long sid : sids) {
            expected.add(ensemble.address(sid));
        }
        assertThat(connectString.split(",")).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Clients of a 2-server ensemble learn that a third server was added (from the config node) and call
     * updateServerList: about a third of them move to it, keeping their sessions; the others stay where they are.
     */
    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Target.class)
    void updateServerListMovesSomeClientsToAnAddedServer(Target target) throws Exception {
        PaddockClient admin = begin(target);
        NodeData removed = admin.reconfigIncremental(null, List.of(Long.toString(b)), -1);
        String twoServers = EnsembleConfig.connectString(text(removed));

        int n = 24;
        Random seeds = new Random(1); // with these seeds 9 of the 24 decide to move
        List<PaddockClient> clients = new ArrayList<>();
        Map<PaddockClient, InetSocketAddress> before = new java.util.HashMap<>();
        Map<PaddockClient, Long> sessions = new java.util.HashMap<>();
        for (int i = 0; i < n; i++) {
            PaddockClient c = client(twoServers, false, new Random(seeds.nextLong()));
            clients.add(c);
            before.put(c, c.getConnectedServer());
            sessions.put(c, c.getSessionId());
        }

        NodeData added = admin.reconfigIncremental(List.of(ensemble.serverLine(b)), null, -1);
        ensemble.awaitServing(1, 2, 3);
        String threeServers = EnsembleConfig.connectString(text(added));
        Set<PaddockClient> movers = new java.util.HashSet<>();
        for (PaddockClient c : clients) {
            if (c.updateServerList(threeServers)) {
                movers.add(c);
            }
        }
        int bPort = ensemble.clientPort(b);
        await("movers on server " + b).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> movers.stream().allMatch(c -> c.getConnectedServer() != null
                        && c.getConnectedServer().getPort() == bPort));
        for (PaddockClient c : clients) {
            assertThat(c.getSessionId()).as("a moving client keeps its session").isEqualTo(sessions.get(c));
            assertThat(c.getServerList()).hasSize(3);
            if (!movers.contains(c)) {
                assertThat(c.getConnectedServer()).as("a client that does not move stays").isEqualTo(before.get(c));
            }
            c.exists("/", false); // the session works wherever it is
        }
        // each client moves with probability 1 - 2/3: 8 of 24 expected
        assertThat(movers.size()).isBetween(4, 14);
    }
}
