package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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

    private final Map<Long, PaddockServer> servers = new TreeMap<>();
    private final Map<Long, Properties> configs = new TreeMap<>();
    private final List<ZooKeeper> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        servers.values().forEach(PaddockServer::close);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void configure(int n) throws IOException {
        int[][] ports = new int[n + 1][];
        for (int i = 1; i <= n; i++) {
            ports[i] = new int[] {freePort(), freePort(), freePort()};
        }
        for (long id = 1; id <= n; id++) {
            Path dataDir = tmp.resolve("s" + id);
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("myid"), Long.toString(id), StandardCharsets.US_ASCII);
            Properties p = new Properties();
            p.setProperty("tickTime", "200");
            p.setProperty("initLimit", "10");
            p.setProperty("syncLimit", "5");
            p.setProperty("dataDir", dataDir.toString());
            p.setProperty("clientPort", Integer.toString(ports[(int) id][0]));
            p.setProperty("4lw.commands.whitelist", "*");
            for (int i = 1; i <= n; i++) {
                p.setProperty("server." + i, "127.0.0.1:" + ports[i][1] + ":" + ports[i][2]);
            }
            configs.put(id, p);
        }
    }

    private PaddockServer start(long id) throws IOException {
        PaddockServer s = PaddockServer.start(ServerConfig.fromProperties(configs.get(id)));
        servers.put(id, s);
        return s;
    }

    private ZooKeeper client(long id) throws IOException {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + servers.get(id).clientPort(), 10_000, e -> { });
        clients.add(zk);
        await().atMost(Duration.ofSeconds(20)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
        return zk;
    }

    @Test
    void threeServersElectALeaderAndEveryServerServesTheSameData() throws Exception {
        configure(3);
        for (long id = 1; id <= 3; id++) {
            start(id);
        }
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
