package dev.paddock.faults.workload;

import ch.qos.logback.classic.Level;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.faults.FaultControl;
import dev.paddock.server.ServerConfig;
import java.nio.file.Path;
import java.util.Properties;
import org.slf4j.LoggerFactory;

/** A Paddock standalone server in this JVM on 127.0.0.1, for the workload tests. */
final class StandaloneServer implements WorkloadRunTestBase.TestServer {
    private final PaddockServer server;

    StandaloneServer(Path dataDir) throws Exception {
        this(dataDir, 0);
    }

    /** On {@code port} (0: an ephemeral one), recovering what {@code dataDir} holds. */
    StandaloneServer(Path dataDir, int port) throws Exception {
        this(dataDir, port, null);
    }

    /**
     * As {@link #StandaloneServer(Path, int)}; with {@code faultControl} (a control file, see {@link FaultControl})
     * the log is fsynced (forceSync on) and each fsync takes the delay the file asks for.
     */
    StandaloneServer(Path dataDir, int port, Path faultControl) throws Exception {
        quietLogs();
        Properties p = new Properties();
        p.setProperty("tickTime", "500");
        p.setProperty("dataDir", dataDir.toString());
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("clientPort", Integer.toString(port));
        p.setProperty("forceSync", faultControl == null ? "no" : "yes");
        p.setProperty("maxClientCnxns", "200");
        server = PaddockServer.startWithFaults(ServerConfig.fromProperties(p),
                faultControl == null ? null : new FaultControl(faultControl));
    }

    int port() {
        return server.clientPort();
    }

    @Override
    public String connect() {
        return "127.0.0.1:" + server.clientPort();
    }

    /** Workload tests log only warnings: the servers' and clients' info lines would be thousands. */
    static void quietLogs() {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(Level.WARN);
    }

    @Override
    public void close() {
        server.close();
    }
}
