package dev.paddock.compat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;

/**
 * Apache ZooKeeper 3.9.3's standalone server ({@code ZooKeeperServerMain}) in a child JVM on the test classpath,
 * with its AdminServer (Jetty) and optionally its Prometheus metrics provider on loopback. A child JVM because the
 * admin and metrics settings are process-wide in ZooKeeper (system properties, Prometheus' default registry, the
 * JVM collectors registered once). Ports are picked free just before the zoo.cfg is written.
 */
final class ZooKeeperProcess implements AutoCloseable {
    static final String PROMETHEUS_PROVIDER = "org.apache.zookeeper.metrics.prometheus.PrometheusMetricsProvider";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private final Process process;
    private final Path dir;
    private final int clientPort;
    private final int adminPort;
    private final int metricsPort;
    private final AdminHttp admin;

    private ZooKeeperProcess(Process process, Path dir, int clientPort, int adminPort, int metricsPort) {
        this.process = process;
        this.dir = dir;
        this.clientPort = clientPort;
        this.adminPort = adminPort;
        this.metricsPort = metricsPort;
        this.admin = new AdminHttp("127.0.0.1", adminPort);
    }

    /** What to turn on besides the admin server; {@code jvmOptions} go to the child JVM (e.g. JAAS, krb5.conf). */
    record Options(boolean prometheus, boolean exportJvmInfo, Map<String, String> extraCfg, List<String> jvmOptions) {
        Options(boolean prometheus, boolean exportJvmInfo, Map<String, String> extraCfg) {
            this(prometheus, exportJvmInfo, extraCfg, List.of());
        }

        static Options adminOnly() {
            return new Options(false, false, Map.of());
        }

        static Options withMetrics(boolean exportJvmInfo) {
            return new Options(true, exportJvmInfo, Map.of());
        }
    }

    static ZooKeeperProcess start(Options options) {
        try {
            Path dir = Files.createTempDirectory("zk-ops-");
            Path dataDir = Files.createDirectories(dir.resolve("data"));
            int client = ChildJvm.freePort();
            int adminPort = ChildJvm.freePort();
            int metrics = options.prometheus() ? ChildJvm.freePort() : -1;
            Map<String, String> cfg = new LinkedHashMap<>();
            cfg.put("tickTime", "2000");
            cfg.put("dataDir", dataDir.toString());
            cfg.put("clientPort", Integer.toString(client));
            cfg.put("clientPortAddress", "127.0.0.1");
            cfg.put("maxClientCnxns", "60");
            cfg.put("4lw.commands.whitelist", "*");
            cfg.put("admin.enableServer", "true");
            cfg.put("admin.serverAddress", "127.0.0.1");
            cfg.put("admin.serverPort", Integer.toString(adminPort));
            if (options.prometheus()) {
                cfg.put("metricsProvider.className", PROMETHEUS_PROVIDER);
                cfg.put("metricsProvider.httpHost", "127.0.0.1");
                cfg.put("metricsProvider.httpPort", Integer.toString(metrics));
                cfg.put("metricsProvider.exportJvmInfo", Boolean.toString(options.exportJvmInfo()));
            }
            cfg.putAll(options.extraCfg());
            StringBuilder text = new StringBuilder();
            cfg.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Path zooCfg = dir.resolve("zoo.cfg");
            Files.writeString(zooCfg, text.toString(), StandardCharsets.UTF_8);
            Path logback = dir.resolve("logback.xml");
            Files.writeString(logback, LOGBACK, StandardCharsets.UTF_8);
            List<String> jvm = new java.util.ArrayList<>(List.of("-Dzookeeper.DigestAuthenticationProvider.superDigest="
                + Digests.digest("super", ServerUnderTest.SUPER_PASSWORD)));
            jvm.addAll(options.jvmOptions());
            Process p = ChildJvm.start(logback, jvm, dir.resolve("zookeeper.log"),
                "org.apache.zookeeper.server.ZooKeeperServerMain", zooCfg.toString());
            ZooKeeperProcess zk = new ZooKeeperProcess(p, dir, client, adminPort, metrics);
            zk.awaitServing(options.prometheus());
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitServing(boolean metrics) {
        try {
            Awaitility.await("ZooKeeper child to serve admin commands").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("ZooKeeper child exited:\n" + log());
                    }
                    AdminHttp.Reply r = admin.get("/commands/ruok");
                    return r.status() == 200 && r.body().contains("\"error\" : null")
                        && (!metrics || AdminHttp.get("127.0.0.1", metricsPort, "/metrics").status() == 200);
                });
        } catch (RuntimeException e) {
            String log = log();
            close();
            throw new IllegalStateException("ZooKeeper child did not start; its log:\n" + log, e);
        }
    }

    int clientPort() {
        return clientPort;
    }

    Path dataDir() {
        return dir.resolve("data");
    }

    String connectString() {
        return "127.0.0.1:" + clientPort;
    }

    int adminPort() {
        return adminPort;
    }

    /** -1 without the Prometheus provider. */
    int metricsPort() {
        return metricsPort;
    }

    AdminHttp admin() {
        return admin;
    }

    String log() {
        try {
            Path log = dir.resolve("zookeeper.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        ChildJvm.awaitExit(process, false);
        Files2.deleteTree(dir);
    }

    private static final String LOGBACK = """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{30} - %msg%n</pattern></encoder>
          </appender>
          <root level="WARN"><appender-ref ref="OUT"/></root>
          <logger name="org.apache.zookeeper.server.admin" level="INFO"/>
          <logger name="org.apache.zookeeper.metrics" level="INFO"/>
        </configuration>
        """;
}
