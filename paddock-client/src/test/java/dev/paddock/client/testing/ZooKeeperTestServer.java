package dev.paddock.client.testing;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/** Apache ZooKeeper 3.9.3's standalone server, in-process, on an ephemeral port of 127.0.0.1. */
public final class ZooKeeperTestServer implements TestServer {
    static {
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
        System.setProperty("zookeeper.admin.enableServer", "false");
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
    }

    private final Path dataDir;
    private final int tickTime;
    private int port;
    private ZooKeeperServer zks;
    private ServerCnxnFactory factory;

    public ZooKeeperTestServer(Path dataDir, int tickTime) {
        this.dataDir = dataDir;
        this.tickTime = tickTime;
    }

    public static TestServerFactory factory(int tickTime) {
        return dir -> new ZooKeeperTestServer(dir, tickTime);
    }

    @Override
    public synchronized void start() throws Exception {
        if (factory != null) {
            return;
        }
        Files.createDirectories(dataDir);
        File d = dataDir.toFile();
        zks = new ZooKeeperServer(d, d, tickTime);
        factory = ServerCnxnFactory.createFactory(new InetSocketAddress("127.0.0.1", port), 200);
        factory.startup(zks);
        port = factory.getLocalPort();
    }

    @Override
    public synchronized void stop() {
        if (factory == null) {
            return;
        }
        factory.shutdown();
        zks.shutdown();
        factory = null;
        zks = null;
    }

    @Override
    public synchronized void wipeData() throws IOException {
        if (factory != null) {
            throw new IllegalStateException("stop the server first");
        }
        Dirs.deleteRecursively(dataDir);
    }

    @Override
    public String connectString() {
        return "127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    /** The server object, for tests that need to look inside (e.g. session counts). */
    public ZooKeeperServer server() {
        return zks;
    }

    @Override
    public void close() {
        stop();
    }
}
