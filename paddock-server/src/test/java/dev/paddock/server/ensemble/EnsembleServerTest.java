package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three Paddock servers on loopback form an ensemble; the official ZooKeeper client uses it. */
class EnsembleServerTest {
    @TempDir
    Path tmp;

    private InProcessEnsemble ensemble;
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

    private ZooKeeper client(long id) throws IOException {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + ensemble.server(id).clientPort(), 10_000, e -> { });
        clients.add(zk);
        await().atMost(Duration.ofSeconds(20)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
        return zk;
    }

    @Test
    void threeServersElectALeaderAndEveryServerServesTheSameData() throws Exception {
        ensemble = InProcessEnsemble.start(tmp, 3, 0);
        ZooKeeper onOne = client(1);
        onOne.create("/hello", "world".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 0; i < 50; i++) {
            onOne.create("/hello/c-", new byte[] {(byte) i}, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT_SEQUENTIAL);
        }
        for (long id = 2; id <= 3; id++) {
            ZooKeeper zk = client(id);
            zk.sync("/hello", (rc, path, ctx) -> { }, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists("/hello", false) != null
                    && zk.getChildren("/hello", false).size() == 50);
            assertThat(new String(zk.getData("/hello", false, null))).isEqualTo("world");
        }
    }
}
