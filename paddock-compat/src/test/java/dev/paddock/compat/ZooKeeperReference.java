package dev.paddock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.command.FourLetterCommands;
import org.awaitility.Awaitility;

/** Apache ZooKeeper 3.9.3's standalone server, started in this JVM on an ephemeral port. */
final class ZooKeeperReference implements ServerUnderTest {

    static {
        System.setProperty("zookeeper.admin.enableServer", "false");
        System.setProperty("zookeeper.DigestAuthenticationProvider.superDigest", superDigest());
    }

    /** Must not touch ZooKeeper's DigestAuthenticationProvider: it reads the property once, at class load. */
    static String superDigest() {
        return Digests.digest("super", SUPER_PASSWORD);
    }

    private static final class Main extends ZooKeeperServerMain {
        void stop() {
            shutdown();
        }
    }

    private final ServerSettings settings;
    private final Main main = new Main();
    private final Thread thread;
    private final Path dataDir;
    private volatile Throwable failure;
    private boolean closed;

    private ZooKeeperReference(ServerSettings settings, Path existingDataDir) throws IOException {
        this.settings = settings;
        // These are process-wide in ZooKeeper; compat test classes run one after another.
        if (ServerSettings.UNSET.equals(settings.fourLetterWhitelist())) {
            System.clearProperty("zookeeper.4lw.commands.whitelist");
        } else {
            System.setProperty("zookeeper.4lw.commands.whitelist", settings.fourLetterWhitelist());
        }
        FourLetterCommands.resetWhiteList();
        System.setProperty("zookeeper.extendedTypesEnabled", Boolean.toString(settings.extendedTypesEnabled()));
        System.setProperty("znode.container.checkIntervalMs", Integer.toString(settings.containerCheckIntervalMs()));
        this.dataDir = existingDataDir != null ? existingDataDir : Files.createTempDirectory("zk-ref-");
        ServerConfig config = new ServerConfig() {
            {
                minSessionTimeout = settings.minSessionTimeout();
                maxSessionTimeout = settings.maxSessionTimeout();
            }
        };
        config.parse(new String[] {"0", dataDir.toString(), Integer.toString(settings.tickTime()),
            Integer.toString(settings.maxClientCnxns())});
        this.thread = new Thread(() -> {
            try {
                main.runFromConfig(config);
            } catch (Throwable t) {
                failure = t;
            }
        }, "zk-reference");
        thread.setDaemon(true);
        thread.start();
        // the connection factory exists a moment before it is bound, hence ignoreExceptions
        Awaitility.await("ZooKeeper reference server to listen").atMost(30, TimeUnit.SECONDS).ignoreExceptions()
            .pollInterval(10, TimeUnit.MILLISECONDS)
            .until(() -> failure != null || main.getClientPort() != 0);
        if (failure != null) {
            throw new IllegalStateException("ZooKeeper reference server failed to start", failure);
        }
    }

    static ZooKeeperReference start(ServerSettings settings) {
        try {
            return new ZooKeeperReference(settings, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String target() {
        return "zookeeper";
    }

    @Override
    public int clientPort() {
        return main.getClientPort();
    }

    @Override
    public ServerSettings settings() {
        return settings;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        Files2.deleteTree(dataDir);
    }

    private void stop() {
        closed = true;
        main.stop();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized ServerUnderTest restart() {
        stop();
        try {
            return new ZooKeeperReference(settings, dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "zookeeper@" + clientPort();
    }
}
