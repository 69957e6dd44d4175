package dev.paddock.it.console;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** An in-process standalone Paddock server with its admin server on 127.0.0.1 (ephemeral port) and the console on. */
final class ConsoleServer implements AutoCloseable {
    private final PaddockServer server;

    private ConsoleServer(PaddockServer server) {
        this.server = server;
    }

    static ConsoleServer start(Path dir, String superDigest) throws IOException {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dir.resolve("data").toString());
        p.setProperty("tickTime", "500");
        p.setProperty("admin.enableServer", "true");
        p.setProperty("admin.serverAddress", "127.0.0.1");
        p.setProperty("admin.serverPort", "0");
        p.setProperty("paddock.console.enabled", "true");
        p.setProperty("extendedTypesEnabled", "true");
        p.setProperty(ServerConfig.SUPER_DIGEST_KEY, superDigest);
        return new ConsoleServer(PaddockServer.start(ServerConfig.fromProperties(p)));
    }

    String consoleUrl() {
        return "http://127.0.0.1:" + server.adminAddress().getPort() + "/console";
    }

    /** ZooKeeper's official client, connected. */
    ZooKeeper zooKeeper() throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.clientPort(), 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(10, TimeUnit.SECONDS)) {
            zk.close();
            throw new IOException("the ZooKeeper client did not connect to " + server.clientPort());
        }
        return zk;
    }

    @Override
    public void close() {
        server.close();
    }
}
