package dev.paddock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for the TLS runs, made with the JDK's {@code keytool} (nothing checked in, nothing beyond the
 * JDK): one self-signed EC certificate for localhost / 127.0.0.1 in a PKCS12 key store, and a trust store holding
 * it. Server and load generator use both, so the TLS runs are mutual (ZooKeeper's default {@code ssl.clientAuth}
 * is need).
 */
public record TlsFiles(Path keyStore, Path trustStore, String password) {

    /** Writes the two stores into {@code dir}. */
    public static TlsFiles create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String password = "bench-" + Long.toHexString(System.nanoTime());
        Path key = dir.resolve("bench-key.p12");
        Path cert = dir.resolve("bench.crt");
        Path trust = dir.resolve("bench-trust.p12");
        keytool("-genkeypair", "-alias", "bench", "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg",
                "SHA256withECDSA", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", key.toString(), "-storepass", password);
        keytool("-exportcert", "-alias", "bench", "-keystore", key.toString(), "-storepass", password,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "bench", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", password);
        return new TlsFiles(key, trust, password);
    }

    /** zoo.cfg lines for a server with a TLS port beside its plain one (same keys for both servers). */
    public List<String> serverLines(int securePort) {
        return List.of("secureClientPort=" + securePort,
                "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory",
                "ssl.keyStore.location=" + keyStore, "ssl.keyStore.password=" + password,
                "ssl.keyStore.type=PKCS12",
                "ssl.trustStore.location=" + trustStore, "ssl.trustStore.password=" + password,
                "ssl.trustStore.type=PKCS12");
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
