package dev.paddock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS beside plain text: each server kind runs with the same TLS zoo.cfg (secureClientPort, ssl.* keys,
 * serverCnxnFactory=NettyServerCnxnFactory so ZooKeeper can serve TLS at all) and the same closed-loop load runs
 * against its plain client port and its TLS port, read-only and write-only; then the same TLS runs with
 * {@code ssl.sslProvider=OPENSSL} (BoringSSL through netty-tcnative, on both servers) when it loads. The key
 * material is a self-signed RSA 2048 certificate (SAN 127.0.0.1, localhost) made with the JDK's keytool; the
 * official client connects over TLS with its own system properties ({@code zookeeper.client.secure},
 * {@code zookeeper.clientCnxnSocket=...Netty}, {@code zookeeper.ssl.*}), set only while the TLS load runs.
 */
final class TlsScenario {
    private static final Logger LOG = LoggerFactory.getLogger(TlsScenario.class);
    private static final String PASSWORD = "paddock-bench";
    static final List<Double> RATIOS = List.of(0.0, 1.0);

    /** The TLS port of a server, for the load generator; CPU and RSS are the server process's. */
    private record SecurePort(ServerProcess server, int port) implements LoadTarget {
        @Override
        public String connectString(int session) {
            return "127.0.0.1:" + port;
        }

        @Override
        public double cpuSeconds() {
            return server.cpuSeconds();
        }

        @Override
        public long rssBytes() {
            return server.rssBytes();
        }
    }

    private TlsScenario() {
    }

    /**
     * Runs the scenario; results go to {@code results.tlsPlain}, {@code results.tls} (JDK provider) and
     * {@code results.tlsOpenSsl}, failures to {@code fail}.
     */
    static void run(Settings s, String classpath, List<ServerKind> kinds, Results results,
            java.util.function.BiConsumer<String, Exception> fail) {
        Path dir;
        Map<String, String> stores;
        try {
            dir = Files.createTempDirectory("paddock-bench-tls-");
            ServerProcess.deleteAtExit(dir);
            stores = keyMaterial(dir);
        } catch (IOException | InterruptedException e) {
            fail.accept("tls key material", e);
            return;
        }
        List<String> providers = io.netty.handler.ssl.OpenSsl.isAvailable() ? List.of("JDK", "OPENSSL")
                : List.of("JDK");
        if (providers.size() == 1) {
            results.notes.add("tls: netty-tcnative did not load; only the JDK provider was measured");
        }
        for (ServerKind k : kinds) {
            for (String provider : providers) {
                try {
                    measure(s, classpath, k, provider, stores, results);
                } catch (Exception e) {
                    fail.accept("tls " + k.label() + " " + provider, e);
                }
            }
        }
    }

    /** One server with {@code ssl.sslProvider=provider}: plain load (JDK round only) and TLS load per ratio. */
    private static void measure(Settings s, String classpath, ServerKind k, String provider,
            Map<String, String> stores, Results results) throws Exception {
        int securePort = ServerProcess.freePort();
        List<String> cfg = new ArrayList<>();
        cfg.add("secureClientPort=" + securePort);
        cfg.add("secureClientPortAddress=127.0.0.1");
        cfg.add("serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory");
        cfg.add("ssl.sslProvider=" + provider);
        stores.forEach((key, v) -> cfg.add("ssl." + key + "=" + v));
        boolean jdk = provider.equals("JDK");
        LOG.info("tls: starting {} with a secure client port ({})", k.label(), provider);
        try (ServerProcess server = ServerProcess.start(k, classpath, s.jvmFlags(), cfg)) {
            for (double ratio : RATIOS) {
                Load.Config c = new Load.Config(s.sessions(), s.outstanding(), s.payload(), ratio, s.warmupMs(),
                        s.measureMs(), 0);
                if (jdk) {
                    LOG.info("tls: {} plain, {}% writes", k.label(), Math.round(ratio * 100));
                    results.tlsPlain.computeIfAbsent(k.name(), x -> new ArrayList<>()).add(Load.run(server, c));
                }
                LOG.info("tls: {} TLS ({}), {}% writes", k.label(), provider, Math.round(ratio * 100));
                Load.Result r = withClientTls(stores, () -> Load.run(new SecurePort(server, securePort), c));
                (jdk ? results.tls : results.tlsOpenSsl).computeIfAbsent(k.name(), x -> new ArrayList<>()).add(r);
            }
        }
    }

    private interface LoadRun {
        Load.Result run() throws Exception;
    }

    /** Runs {@code body} with the official client's TLS system properties set, then removes them. */
    private static Load.Result withClientTls(Map<String, String> stores, LoadRun body) throws Exception {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("zookeeper.client.secure", "true");
        props.put("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty");
        stores.forEach((k, v) -> props.put("zookeeper.ssl." + k, v));
        props.forEach(System::setProperty);
        try {
            return body.run();
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
    }

    /** A self-signed key store and a trust store holding its certificate; their ssl.* keys without the prefix. */
    static Map<String, String> keyMaterial(Path dir) throws IOException, InterruptedException {
        Path key = dir.resolve("bench-key.p12");
        Path cert = dir.resolve("bench.cer");
        Path trust = dir.resolve("bench-trust.p12");
        // RSA: ZooKeeper 3.9.3 with ssl.sslProvider=OPENSSL finds no key material for an EC key
        keytool("-genkeypair", "-alias", "bench", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "7", "-keystore",
                key.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "bench", "-keystore", key.toString(), "-storepass", PASSWORD, "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "bench", "-file", cert.toString(), "-keystore",
                trust.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("keyStore.location", key.toString());
        m.put("keyStore.password", PASSWORD);
        m.put("keyStore.type", "PKCS12");
        m.put("trustStore.location", trust.toString());
        m.put("trustStore.password", PASSWORD);
        m.put("trustStore.type", "PKCS12");
        return m;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + out.strip());
        }
    }
}
