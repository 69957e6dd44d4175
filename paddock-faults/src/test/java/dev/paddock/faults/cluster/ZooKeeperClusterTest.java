package dev.paddock.faults.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.client.Acls;
import dev.paddock.client.PaddockClient;
import dev.paddock.faults.net.Sandbox;
import dev.paddock.jute.CreateMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The control: an Apache ZooKeeper 3.9.3 ensemble forms in a sandbox and serves Paddock's client. */
class ZooKeeperClusterTest {
    @Test
    void formsInASandboxAndServesAClient() throws Exception {
        int index;
        Cluster cluster;
        try (Sandbox sandbox = Sandbox.create(3)) {
            index = sandbox.index();
            cluster = Cluster.start(sandbox, Kind.ZOOKEEPER, ClusterTestSupport.runDir("zookeeper3"), Map.of());
            try (cluster) {
                int leader = cluster.awaitServing(Duration.ofSeconds(90));
                assertThat(cluster.node(leader).fourLetterWord("srvr")).contains("Zookeeper version: 3.9.3");
                try (PaddockClient c = ClusterTestSupport.connect(cluster.connectString())) {
                    c.create("/control", "zk".getBytes(StandardCharsets.UTF_8), Acls.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT);
                    assertThat(new String(c.getData("/control", false).data(), StandardCharsets.UTF_8))
                            .isEqualTo("zk");
                }
                ServerNode follower = cluster.node(leader % 3 + 1);
                follower.kill9();
                follower.start();
                cluster.awaitServing(Duration.ofSeconds(90));
            }
        }
        assertThat(Sandbox.traces(index)).isEmpty();
        assertThat(cluster.node(1).logFile()).exists();
        assertThat(Files.exists(cluster.node(1).dir().resolve("data-final/myid"))).isTrue();
    }
}
