package dev.paddock.client;

import dev.paddock.security.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.testing.PaddockTestServer;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.KeeperState;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client connected to a read-only server leaves it for a read-write server it finds by itself: here the lone
 * running member of a three-member ensemble (read-only after its grace period) and a standalone server, which
 * answers isro with rw.
 */
class ReadOnlyClientTest {
    @TempDir
    Path tmp;

    private PaddockServer lone;
    private PaddockTestServer standalone;
    private PaddockClient client;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (client != null) {
            client.close();
        }
        if (lone != null) {
            lone.close();
        }
        if (standalone != null) {
            standalone.stop();
        }
    }


    private static String isro(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write("isro".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            s.getInputStream().transferTo(buf);
            return buf.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Member 1 of a three-member ensemble whose other members never start: it serves read-only clients only. */
    private PaddockServer loneReadOnlyMember() throws IOException {
        Path dataDir = tmp.resolve("member1");
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve("myid"), "1");
        Properties p = new Properties();
        p.setProperty("tickTime", "200");
        p.setProperty("initLimit", "10");
        p.setProperty("syncLimit", "5");
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("readonlymode.enabled", "true");
        p.setProperty("localSessionsEnabled", "true");
        p.setProperty("4lw.commands.whitelist", "*");
        for (int i = 1; i <= 3; i++) {
            p.setProperty("server." + i, "127.0.0.1:" + FreePorts.next() + ":" + FreePorts.next() + ";127.0.0.1:"
                    + FreePorts.next());
        }
        return PaddockServer.start(ServerConfig.fromProperties(p));
    }

    /** The lone member (once it is read-only) and the standalone server. */
    private void startServers() throws Exception {
        lone = loneReadOnlyMember();
        standalone = new PaddockTestServer(tmp.resolve("standalone"), 200);
        standalone.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> isro(lone.clientPort()).equals("ro"));
    }

    @Test
    void aReadOnlyClientFindsTheReadWriteServerAndMovesThere() throws Exception {
        startServers();

        List<KeeperState> states = new CopyOnWriteArrayList<>();
        client = PaddockClient.builder("127.0.0.1:" + lone.clientPort() + "," + standalone.connectString())
                .shuffleHosts(false).canBeReadOnly(true).sessionTimeout(10_000)
                .watcher(e -> {
                    if (e.path() == null) {
                        states.add(e.state());
                    }
                }).build();
        await().atMost(Duration.ofSeconds(20)).until(() -> client.getState() == ClientState.CONNECTED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(states)
                .startsWith(KeeperState.CONNECTED_READ_ONLY).endsWith(KeeperState.SYNC_CONNECTED));
        assertThat(client.getConnectedServer().getPort()).isEqualTo(standalone.port());
        client.create("/written", new byte[0], Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(isro(lone.clientPort())).as("the other server is still read-only").isEqualTo("ro");
    }

    @Test
    void theOfficialClientFindsTheReadWriteServerByAskingPaddockIsro() throws Exception {
        startServers();

        List<org.apache.zookeeper.Watcher.Event.KeeperState> states = new CopyOnWriteArrayList<>();
        // the official client shuffles its hosts; with the read-write server found it settles there either way
        org.apache.zookeeper.ZooKeeper zk = new org.apache.zookeeper.ZooKeeper("127.0.0.1:" + lone.clientPort(),
                10_000, e -> states.add(e.getState()), true);
        try {
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> zk.getState() == org.apache.zookeeper.ZooKeeper.States.CONNECTEDREADONLY);
            zk.updateServerList("127.0.0.1:" + lone.clientPort() + "," + standalone.connectString());
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> zk.getState() == org.apache.zookeeper.ZooKeeper.States.CONNECTED);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(states)
                    .startsWith(org.apache.zookeeper.Watcher.Event.KeeperState.ConnectedReadOnly)
                    .endsWith(org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected));
        } finally {
            zk.close();
        }
    }
}
