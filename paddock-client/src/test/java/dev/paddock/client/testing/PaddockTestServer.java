package dev.paddock.client.testing;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;

/** Paddock's standalone server, in-process, on an ephemeral port of 127.0.0.1, with durable storage. */
public final class PaddockTestServer implements TestServer {
    private final Path dataDir;
    private final int tickTime;
    private int port;
    private PaddockServer server;

    public PaddockTestServer(Path dataDir, int tickTime) {
        this.dataDir = dataDir;
        this.tickTime = tickTime;
    }

    public static TestServerFactory factory(int tickTime) {
        return dir -> new PaddockTestServer(dir, tickTime);
    }

    @Override
    public synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("tickTime", Integer.toString(tickTime));
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("clientPort", Integer.toString(port));
        p.setProperty("extendedTypesEnabled", "true");
        p.setProperty("4lw.commands.whitelist", "*");
        p.setProperty("maxClientCnxns", "200");
        server = PaddockServer.start(ServerConfig.fromProperties(p));
        port = server.clientPort();
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public synchronized void wipeData() throws IOException {
        if (server != null) {
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

    @Override
    public void close() {
        stop();
    }
}
