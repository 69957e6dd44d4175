package dev.paddock.compat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Paddock's server ({@code dev.paddock.server.PaddockServer}) started in this JVM with the same settings
 * as the ZooKeeper reference, given as zoo.cfg keys. Bound reflectively so this module compiles and the
 * ZooKeeper side runs even before paddock-server exists.
 */
final class PaddockUnderTest implements ServerUnderTest {

    private final ServerSettings settings;
    private final Object server;
    private final int port;
    private final Path dataDir;
    private boolean closed;

    private PaddockUnderTest(ServerSettings settings, Object server, int port, Path dataDir) {
        this.settings = settings;
        this.server = server;
        this.port = port;
        this.dataDir = dataDir;
    }

    static Properties zooCfg(ServerSettings s, Path dataDir) {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("tickTime", Integer.toString(s.tickTime()));
        p.setProperty("maxClientCnxns", Integer.toString(s.maxClientCnxns()));
        if (!ServerSettings.UNSET.equals(s.fourLetterWhitelist())) {
            p.setProperty("4lw.commands.whitelist", s.fourLetterWhitelist());
        }
        p.setProperty("extendedTypesEnabled", Boolean.toString(s.extendedTypesEnabled()));
        p.setProperty("znode.container.checkIntervalMs", Integer.toString(s.containerCheckIntervalMs()));
        p.setProperty("DigestAuthenticationProvider.superDigest", Digests.digest("super", SUPER_PASSWORD));
        p.setProperty("admin.enableServer", "false");
        if (s.minSessionTimeout() != -1) {
            p.setProperty("minSessionTimeout", Integer.toString(s.minSessionTimeout()));
        }
        if (s.maxSessionTimeout() != -1) {
            p.setProperty("maxSessionTimeout", Integer.toString(s.maxSessionTimeout()));
        }
        return p;
    }

    static PaddockUnderTest start(ServerSettings settings) {
        return start(settings, null);
    }

    static PaddockUnderTest start(ServerSettings settings, Path existingDataDir) {
        Path dataDir = existingDataDir;
        try {
            if (dataDir == null) {
                dataDir = Files.createTempDirectory("paddock-compat-");
            }
            Class<?> configClass = Class.forName("dev.paddock.server.ServerConfig");
            Class<?> serverClass = Class.forName("dev.paddock.server.PaddockServer");
            Object config = configClass.getMethod("fromProperties", Properties.class)
                .invoke(null, zooCfg(settings, dataDir));
            Object server = serverClass.getMethod("start", configClass).invoke(null, config);
            int port = (Integer) serverClass.getMethod("clientPort").invoke(server);
            return new PaddockUnderTest(settings, server, port, dataDir);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            Files2.deleteTree(dataDir);
            throw new IllegalStateException("Paddock server is not available on the test classpath ("
                + e + "); run with -Dpaddock.compat.targets=zookeeper", e);
        } catch (InvocationTargetException e) {
            Files2.deleteTree(dataDir);
            throw new IllegalStateException("Paddock server failed to start", e.getCause());
        } catch (IOException | IllegalAccessException e) {
            Files2.deleteTree(dataDir);
            throw new IllegalStateException("Paddock server failed to start", e);
        }
    }

    @Override
    public String target() {
        return "paddock";
    }

    @Override
    public int clientPort() {
        return port;
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
        try {
            stop();
        } finally {
            Files2.deleteTree(dataDir);
        }
    }

    private void stop() {
        closed = true;
        try {
            Method close = server.getClass().getMethod("close");
            close.invoke(server);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("failed to close Paddock server", e);
        }
    }

    @Override
    public synchronized ServerUnderTest restart() {
        stop();
        return start(settings, dataDir);
    }

    @Override
    public String toString() {
        return "paddock@" + port;
    }
}
