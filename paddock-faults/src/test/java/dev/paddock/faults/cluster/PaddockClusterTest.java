package dev.paddock.faults.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.Acls;
import dev.paddock.client.PaddockClient;
import dev.paddock.faults.net.Sandbox;
import dev.paddock.faults.net.Scope;
import dev.paddock.jute.CreateMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real 3-server Paddock ensemble in a sandbox, driven from the root namespace, under each fault primitive.
 * One cluster for the class (starting JVMs is the slow part); every test leaves it healed and serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PaddockClusterTest {
    private static final Duration SERVE = Duration.ofSeconds(60);
    private Sandbox sandbox;
    private Cluster cluster;

    @BeforeAll
    void startCluster() {
        sandbox = Sandbox.create(3);
        try {
            cluster = Cluster.start(sandbox, Kind.PADDOCK, ClusterTestSupport.runDir("paddock3"), Map.of());
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    @AfterEach
    void heal() {
        sandbox.firewall().healAll();
        for (ServerNode n : cluster.nodes()) {
            if (n.isPaused()) {
                n.resume();
            }
            n.freeDisk();
            if (!n.isAlive()) {
                n.start();
            }
        }
    }

    @AfterAll
    void removeEverything() {
        int index = sandbox.index();
        try {
            cluster.close();
        } finally {
            sandbox.close();
        }
        assertThat(Sandbox.traces(index)).isEmpty();
        for (ServerNode n : cluster.nodes()) {
            assertThat(n.logFile()).exists(); // kept for post-mortem
        }
    }

    @Test
    @Order(1)
    void formsAndServesClientsInTheRootNamespace() throws Exception {
        int leader = cluster.awaitServing(SERVE);
        assertThat(cluster.leader()).map(ServerNode::id).contains(leader);
        assertThat(cluster.connectString()).isEqualTo(sandbox.address(1) + ":2181," + sandbox.address(2) + ":2181,"
                + sandbox.address(3) + ":2181");
        int follower = leader % 3 + 1;
        try (PaddockClient writer = ClusterTestSupport.connect(cluster.node(leader).clientConnect());
                PaddockClient reader = ClusterTestSupport.connect(cluster.node(follower).clientConnect())) {
            writer.create("/formed", bytes("yes"), Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(text(reader.getData("/formed", false).data())).isEqualTo("yes"));
        }
        assertThat(cluster.node(follower).fourLetterWord("ruok")).isEqualTo("imok");
        assertThat(Files.readString(cluster.node(1).dataDir().resolve("myid")).trim()).isEqualTo("1");
    }

    @Test
    @Order(2)
    void aPartitionedLeaderStopsServingAndTheMajorityElectsAnother() {
        int old = cluster.awaitServing(SERVE);
        List<Integer> others = others(old);
        sandbox.firewall().partition(List.of(Set.of(old), Set.copyOf(others)), Scope.ALL);
        await().atMost(SERVE).untilAsserted(() -> {
            assertThat(cluster.node(old).mode()).isEmpty();
            assertThat(others.stream().map(n -> cluster.node(n).mode().orElse("")).toList())
                    .containsExactlyInAnyOrder("leader", "follower");
        });
        // the isolated server still answers clients (client traffic is never cut): it says it is not serving
        assertThat(cluster.node(old).fourLetterWord("srvr")).isNotEmpty();
        sandbox.firewall().healAll();
        cluster.awaitServing(SERVE);
        assertThat(cluster.nodes()).allMatch(n -> n.mode().isPresent());
    }

    @Test
    @Order(3)
    void aKilledServerIsGoneAndCatchesUpAfterRestart() throws Exception {
        int leader = cluster.awaitServing(SERVE);
        ServerNode victim = cluster.node(others(leader).get(0));
        long pid = victim.pid().orElseThrow();
        victim.kill9();
        assertThat(victim.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid)).isEmpty();
        cluster.awaitServing(SERVE);
        try (PaddockClient c = ClusterTestSupport.connect(cluster.node(leader).clientConnect())) {
            c.create("/while-down", bytes("1"), Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        victim.start();
        cluster.awaitServing(SERVE);
        assertThat(victim.mode()).isPresent();
        try (PaddockClient c = ClusterTestSupport.connect(victim.clientConnect())) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(c.exists("/while-down", false)).isNotNull());
        }
        assertThat(Files.readString(victim.logFile())).contains("start 2 of server " + victim.id());
    }

    @Test
    @Order(4)
    void aPausedLeaderIsReplacedAndRejoinsWhenResumed() {
        int old = cluster.awaitServing(SERVE);
        ServerNode paused = cluster.node(old);
        paused.pause();
        assertThat(paused.isPaused()).isTrue();
        assertThat(paused.fourLetterWord("ruok")).isEmpty(); // a stopped process answers nothing
        int next = cluster.awaitServing(SERVE);
        assertThat(next).isNotEqualTo(old);
        paused.resume();
        assertThat(paused.isPaused()).isFalse();
        cluster.awaitServing(SERVE);
        assertThat(paused.mode()).isPresent();
    }

    @Test
    @Order(5)
    void aFilledDiskHasNoSpaceLeftUntilFreed() throws Exception {
        int leader = cluster.awaitServing(SERVE);
        ServerNode victim = cluster.node(others(leader).get(0));
        long filled = victim.fillDisk();
        assertThat(filled).isGreaterThan(100L << 20); // most of the 256 MiB tmpfs
        assertThat(Files.getFileStore(victim.dataDir()).getUsableSpace()).isLessThan(64 * 1024);
        // the two others still make a quorum; the victim, which must log every write too, fails and stops. 3 MiB
        // of writes: more than the zeros its log had written ahead of its records (a MiB) before the disk filled
        try (PaddockClient c = ClusterTestSupport.connect(cluster.node(leader).clientConnect())) {
            for (int i = 0; i < 48; i++) {
                c.create("/full-" + i, new byte[64 * 1024], Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !victim.isAlive()
                || Files.readString(victim.logFile()).contains("No space left"));
        victim.freeDisk();
        assertThat(Files.exists(victim.dataDir().resolve(ServerNode.FILLER))).isFalse();
        assertThat(Files.getFileStore(victim.dataDir()).getUsableSpace()).isGreaterThan(200L << 20);
        if (!victim.isAlive()) {
            victim.start(); // a server may exit when a write fails for want of space
        }
        cluster.awaitServing(SERVE);
    }

    @Test
    @Order(6)
    void quorumOnlyLossAndOneWayRulesKeepClientsServed() {
        cluster.awaitServing(SERVE);
        sandbox.firewall().loss(1, 0.1);
        sandbox.firewall().dropOneWay(2, 3, Scope.QUORUM_ONLY);
        assertThat(sandbox.firewall().rules(1)).hasSize(2);
        assertThat(sandbox.firewall().rules(3)).hasSize(1);
        // client traffic is untouched by peer rules
        for (ServerNode n : cluster.nodes()) {
            assertThat(n.fourLetterWord("ruok")).isEqualTo("imok");
        }
        sandbox.firewall().isolateFromClients(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.node(2).fourLetterWord("ruok").isEmpty());
        assertThat(sandbox.firewall().isClientIsolated(2)).isTrue();
        cluster.awaitServing(SERVE); // does not wait on the server it cannot ask
        sandbox.firewall().healAll();
        assertThat(sandbox.firewall().isClientIsolated(2)).isFalse();
        assertThat(sandbox.firewall().rules(1)).isEmpty();
        assertThat(cluster.node(2).fourLetterWord("ruok")).isEqualTo("imok");
        cluster.awaitServing(SERVE);
    }

    @Test
    @Order(7)
    void extraEnvAndJvmFlagsReachTheServerJvmWhosePidWeHold() throws Exception {
        int leader = cluster.awaitServing(SERVE);
        ServerNode node = cluster.node(others(leader).get(1));
        node.kill9();
        node.extraEnv(Map.of("PADDOCK_FAULTS_PROBE", "env-ok"))
                .extraJvmFlags(List.of("-Dpaddock.faults.probe=flag-ok"));
        node.start();
        long pid = node.pid().orElseThrow();
        // ip netns exec and bin/paddock-server both exec: the pid we hold is the server JVM's own
        java.nio.file.Path proc = java.nio.file.Path.of("/proc", Long.toString(pid));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Files.readSymbolicLink(proc.resolve("exe")).getFileName().toString()).isEqualTo("java"));
        String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
        assertThat(cmdline).contains("-Dpaddock.faults.probe=flag-ok", "-Xmx256m", "-XX:+UseSerialGC",
                "dev.paddock.server.PaddockServer");
        assertThat(Files.readString(proc.resolve("environ"))).contains("PADDOCK_FAULTS_PROBE=env-ok");
        // it runs in a network namespace of its own ("net:[inode]" differs from ours)
        assertThat(Files.readSymbolicLink(proc.resolve("ns/net")))
                .isNotEqualTo(Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/net")));
        cluster.awaitServing(SERVE);
    }

    @Test
    @Order(8)
    void aQuorumOnlyPartitionStopsAFollowerWhileClientsStillReachIt() {
        int leader = cluster.awaitServing(SERVE);
        int follower = others(leader).get(0);
        sandbox.firewall().partition(List.of(Set.of(follower), Set.copyOf(others(follower))), Scope.QUORUM_ONLY);
        await().atMost(SERVE).until(() -> cluster.node(follower).mode().isEmpty());
        assertThat(cluster.node(follower).fourLetterWord("ruok")).isEqualTo("imok");
        assertThat(cluster.node(leader).mode()).contains("leader");
        sandbox.firewall().healAll();
        cluster.awaitServing(SERVE);
        assertThat(cluster.node(follower).mode()).isPresent();
    }

    private static List<Integer> others(int id) {
        return List.of(1, 2, 3).stream().filter(n -> n != id).toList();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
