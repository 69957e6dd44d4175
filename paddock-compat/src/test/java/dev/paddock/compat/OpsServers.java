package dev.paddock.compat;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * ZooKeeper 3.9.3 (child JVM, Jetty admin server) and Paddock (in this JVM) side by side, both with their admin
 * server on loopback and, when asked, the Prometheus endpoint; the same {@link OpsWorkload} applied to each, its
 * sessions open until {@link #close()}.
 */
final class OpsServers implements AutoCloseable {
    final ZooKeeperProcess zk;
    final PaddockServer paddock;
    final OpsWorkload zkWork;
    final OpsWorkload paddockWork;
    private final Path paddockDir;

    private OpsServers(ZooKeeperProcess zk, PaddockServer paddock, Path paddockDir, OpsWorkload zkWork,
                       OpsWorkload paddockWork) {
        this.zk = zk;
        this.paddock = paddock;
        this.paddockDir = paddockDir;
        this.zkWork = zkWork;
        this.paddockWork = paddockWork;
    }

    static OpsServers start(ZooKeeperProcess.Options options) throws Exception {
        ZooKeeperProcess zk = ZooKeeperProcess.start(options);
        Path dir = null;
        PaddockServer paddock = null;
        OpsWorkload zkWork = null;
        try {
            dir = Files.createTempDirectory("paddock-ops-");
            // from a zoo.cfg file, as ZooKeeper's child: initial_configuration shows the file's text
            Path zooCfg = dir.resolve("zoo.cfg");
            StringBuilder text = new StringBuilder();
            paddockConfig(options, Files.createDirectories(dir.resolve("data")))
                .forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Files.writeString(zooCfg, text.toString());
            paddock = PaddockServer.start(ServerConfig.load(zooCfg));
            zkWork = OpsWorkload.apply(zk.connectString());
            OpsWorkload paddockWork = OpsWorkload.apply("127.0.0.1:" + paddock.clientPort());
            return new OpsServers(zk, paddock, dir, zkWork, paddockWork);
        } catch (Exception | Error e) {
            if (zkWork != null) {
                zkWork.close();
            }
            if (paddock != null) {
                paddock.close();
            }
            zk.close();
            Files2.deleteTree(dir);
            throw e;
        }
    }

    /** The compat suite's usual zoo.cfg keys, with the admin server and metrics settings ZooKeeper's child got. */
    static Properties paddockConfig(ZooKeeperProcess.Options options, Path dataDir) {
        Properties p = PaddockUnderTest.zooCfg(CompatExtension.settingsOf(OpsServers.class), dataDir);
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("admin.enableServer", "true");
        p.setProperty("admin.serverAddress", "127.0.0.1");
        p.setProperty("admin.serverPort", "0");
        if (options.prometheus()) {
            p.setProperty("metricsProvider.className", ZooKeeperProcess.PROMETHEUS_PROVIDER);
            p.setProperty("metricsProvider.httpHost", "127.0.0.1");
            p.setProperty("metricsProvider.httpPort", "0");
            p.setProperty("metricsProvider.exportJvmInfo", Boolean.toString(options.exportJvmInfo()));
        }
        options.extraCfg().forEach(p::setProperty);
        return p;
    }

    AdminHttp zkAdmin() {
        return zk.admin();
    }

    AdminHttp paddockAdmin() {
        InetSocketAddress a = paddock.adminAddress();
        if (a == null) {
            throw new IllegalStateException("Paddock's admin server is not running");
        }
        return new AdminHttp("127.0.0.1", a.getPort());
    }

    AdminHttp.Reply zkMetrics() {
        return AdminHttp.get("127.0.0.1", zk.metricsPort(), "/metrics");
    }

    AdminHttp.Reply paddockMetrics() {
        InetSocketAddress a = paddock.metricsAddress();
        if (a == null) {
            throw new IllegalStateException("Paddock's metrics endpoint is not running");
        }
        return AdminHttp.get("127.0.0.1", a.getPort(), "/metrics");
    }

    AdminJson.Side zkSide() {
        return new AdminJson.Side("zookeeper", sessions(zkWork), zk.dataDir().toString(), zk.clientPort());
    }

    AdminJson.Side paddockSide() {
        return new AdminJson.Side("paddock", sessions(paddockWork), paddockDir.resolve("data").toString(),
            paddock.clientPort());
    }

    private static List<Long> sessions(OpsWorkload w) {
        return List.of(w.first.getSessionId(), w.second.getSessionId());
    }

    @Override
    public void close() {
        try {
            zkWork.close();
            paddockWork.close();
        } finally {
            try {
                paddock.close();
            } finally {
                zk.close();
                Files2.deleteTree(paddockDir);
            }
        }
    }
}
