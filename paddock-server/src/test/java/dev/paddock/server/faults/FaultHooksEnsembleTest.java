package dev.paddock.server.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ensemble.InProcessEnsemble;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process servers, each with its own fault control on one control file asking for quorum.delayMs=50 (and
 * a small disk delay): the ensemble still elects, commits and serves reads-after-writes everywhere. Functional
 * only; what is asserted about the hooks is that both really ran.
 */
class FaultHooksEnsembleTest {
    @TempDir
    Path tmp;

    private final Map<Long, PaddockServer> servers = new TreeMap<>();
    private InProcessEnsemble ensemble;
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final AtomicLong quorumSleeps = new AtomicLong();
    private final AtomicLong otherSleeps = new AtomicLong();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        servers.values().forEach(PaddockServer::close);
    }

    private FaultControl control(Path file) {
        return new FaultControl(file, System::nanoTime, ms -> {
            (Thread.currentThread().getName().startsWith("paddock-quorum-") ? quorumSleeps : otherSleeps)
                    .incrementAndGet();
            Thread.sleep(ms);
        }, bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    private void startEnsemble(Path controlFile) throws IOException {
        ensemble = InProcessEnsemble.start(tmp, 3, 0, sid -> control(controlFile));
        servers.putAll(ensemble.servers);
    }

    private ZooKeeper client(long id) throws IOException {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + servers.get(id).clientPort(), 10_000, e -> { });
        clients.add(zk);
        await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
        return zk;
    }

    @Test
    void delayedQuorumTrafficStillCommitsAndReadsSeeTheWrites() throws Exception {
        Path controlFile = tmp.resolve("faults.properties");
        Files.writeString(controlFile, "quorum.delayMs=50\ndisk.delayMs=2\n");
        startEnsemble(controlFile);

        ZooKeeper onOne = client(1);
        onOne.create("/held", "v0".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (int i = 1; i <= 10; i++) {
            onOne.setData("/held", ("v" + i).getBytes(), -1);
            assertThat(new String(onOne.getData("/held", false, null))).isEqualTo("v" + i);
        }
        for (long id = 2; id <= 3; id++) {
            ZooKeeper zk = client(id);
            zk.sync("/held", (rc, path, ctx) -> { }, null);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> zk.exists("/held", false) != null
                            && "v10".equals(new String(zk.getData("/held", false, null))));
            zk.create("/from-" + id, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            assertThat(zk.exists("/from-" + id, false)).isNotNull();
        }
        assertThat(quorumSleeps.get()).as("quorum packets were held").isPositive();
        assertThat(otherSleeps.get()).as("fsyncs were delayed").isPositive();
    }
}
