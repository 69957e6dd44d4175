package dev.paddock.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.security.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlsContextTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static TestPki.Stores server;
    static TestPki.Stores alice;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(dir);
        server = pki.server();
        alice = pki.client("CN=alice,OU=test,O=Paddock");
    }

    static TlsSettings settings(String prefix, Map<String, String> m) {
        return TlsSettings.read(prefix, m);
    }

    /** A one-shot TLS server on a real socket: accepts, handshakes, returns the client's subject (or the error). */
    static CompletableFuture<String> serveOnce(ServerSocket ss, TlsContext ctx) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket plain = ss.accept()) {
                SSLEngine e = ctx.serverEngine();
                SSLSocket s = (SSLSocket) ctx.sslContext().getSocketFactory().createSocket(plain, null,
                        plain.getPort(), true);
                s.setUseClientMode(false);
                s.setSSLParameters(e.getSSLParameters());
                s.startHandshake();
                String who = s.getSession().getPeerPrincipal().getName();
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                return who;
            } catch (IOException ex) {
                return "failed: " + ex;
            }
        });
    }

    String handshake(TlsContext serverCtx, TlsContext clientCtx, String host) throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            CompletableFuture<String> who = serveOnce(ss, serverCtx);
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), ss.getLocalPort()));
            try (SSLSocket s = clientCtx.clientSocket(plain, host, ss.getLocalPort())) {
                assertThat(s.getInputStream().read()).isEqualTo(1);
            }
            return who.get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestPki.Format.class)
    void mutualTlsInEveryFormat(TestPki.Format f) throws Exception {
        TlsContext s = TlsContext.forServer(settings("ssl.", server.properties("ssl.", f)));
        TlsContext c = TlsContext.forClient(settings("zookeeper.ssl.", alice.properties("zookeeper.ssl.", f)));
        assertThat(handshake(s, c, "localhost")).isEqualTo("CN=alice,OU=test,O=Paddock");
    }

    @Test
    void typeIsInferredFromTheExtension() throws Exception {
        Map<String, String> m = new HashMap<>(server.properties("ssl.", TestPki.Format.PKCS12));
        m.remove("ssl.keyStore.type");
        m.remove("ssl.trustStore.type");
        Map<String, String> c = new HashMap<>(alice.properties("zookeeper.ssl.", TestPki.Format.PEM));
        c.remove("zookeeper.ssl.keyStore.type");
        c.remove("zookeeper.ssl.trustStore.type");
        assertThat(handshake(TlsContext.forServer(settings("ssl.", m)),
                TlsContext.forClient(settings("zookeeper.ssl.", c)), "127.0.0.1")).startsWith("CN=alice");
    }

    @Test
    void clientChecksTheServerHostName() throws Exception {
        TestPki.Stores elsewhere = pki.issue("elsewhere", "CN=elsewhere", "db.example.com");
        TlsContext s = TlsContext.forServer(settings("ssl.", elsewhere.properties("ssl.", TestPki.Format.JKS)));
        TlsContext c = TlsContext.forClient(settings("zookeeper.ssl.",
                alice.properties("zookeeper.ssl.", TestPki.Format.JKS)));
        assertThatThrownBy(() -> handshake(s, c, "localhost")).isInstanceOf(SSLException.class);
        Map<String, String> off = new HashMap<>(alice.properties("zookeeper.ssl.", TestPki.Format.JKS));
        off.put("zookeeper.ssl.hostnameVerification", "false");
        assertThat(handshake(s, TlsContext.forClient(settings("zookeeper.ssl.", off)), "localhost"))
                .startsWith("CN=alice");
    }

    @Test
    void quorumHostsAreCheckedOnlyWithFipsModeOff() throws Exception {
        TestPki.Stores elsewhere = pki.issue("elsewhere-q", "CN=elsewhere", "db.example.com");
        Map<String, String> peer = new HashMap<>(elsewhere.properties("ssl.quorum.", TestPki.Format.JKS));
        Map<String, String> me = new HashMap<>(server.properties("ssl.quorum.", TestPki.Format.JKS));
        // ZooKeeper's default, fips-mode=true: the JDK's trust manager alone, no host check between members
        assertThat(handshake(TlsContext.forQuorum(settings("ssl.quorum.", me)),
                TlsContext.forQuorum(settings("ssl.quorum.", peer)), "localhost")).startsWith("CN=elsewhere");
        me.put("fips-mode", "false");
        peer.put("fips-mode", "false");
        assertThatThrownBy(() -> handshake(TlsContext.forQuorum(settings("ssl.quorum.", me)),
                TlsContext.forQuorum(settings("ssl.quorum.", peer)), "localhost")).isInstanceOf(IOException.class);
        assertThat(settings("ssl.quorum.", me).fipsMode()).isFalse();
        assertThat(settings("zookeeper.ssl.", Map.of("zookeeper.fips-mode", "false")).fipsMode()).isFalse();
        assertThat(settings("zookeeper.ssl.", Map.of()).fipsMode()).isTrue();
    }

    @Test
    void untrustedAndExpiredClientsFailTheHandshake() throws Exception {
        TlsContext s = TlsContext.forServer(settings("ssl.", server.properties("ssl.", TestPki.Format.JKS)));
        for (TestPki.Stores bad : new TestPki.Stores[] {pki.untrusted("CN=mallory"), pki.expired("CN=old")}) {
            TlsContext c = TlsContext.forClient(settings("zookeeper.ssl.",
                    bad.properties("zookeeper.ssl.", TestPki.Format.JKS)));
            try (ServerSocket ss = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
                CompletableFuture<String> who = serveOnce(ss, s);
                Socket plain = new Socket(java.net.InetAddress.getLoopbackAddress(), ss.getLocalPort());
                try {
                    SSLSocket sock = c.clientSocket(plain, "localhost", ss.getLocalPort());
                    sock.getInputStream().read(); // TLS 1.3: the client learns of the refusal on its first read
                    sock.close();
                } catch (IOException expected) {
                    // refused
                }
                assertThat(who.get(10, TimeUnit.SECONDS)).startsWith("failed:");
            }
        }
    }

    @Test
    void badSettingsNameTheirKey() throws Exception {
        Map<String, String> m = new HashMap<>(server.properties("ssl.", TestPki.Format.JKS));
        m.put("ssl.keyStore.password", "wrong");
        assertThatThrownBy(() -> TlsContext.forServer(settings("ssl.", m)))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("ssl.keyStore.location");
        m.putAll(server.properties("ssl.", TestPki.Format.JKS));
        m.put("ssl.trustStore.location", dir.resolve("missing.jks").toString());
        assertThatThrownBy(() -> TlsContext.forServer(settings("ssl.", m)))
                .isInstanceOf(TlsConfigException.class).hasMessageContaining("ssl.trustStore.location")
                .hasMessageContaining("no such file");
        m.putAll(server.properties("ssl.", TestPki.Format.JKS));
        m.put("ssl.keyStore.type", "XYZ");
        assertThatThrownBy(() -> TlsContext.forServer(settings("ssl.", m)))
                .hasMessageContaining("ssl.keyStore.type=XYZ");
        m.put("ssl.keyStore.type", "PEM");
        assertThatThrownBy(() -> TlsContext.forServer(settings("ssl.", m)))
                .hasMessageContaining("ssl.keyStore.location");
        assertThatThrownBy(() -> settings("ssl.", Map.of("ssl.clientAuth", "maybe")))
                .hasMessageContaining("ssl.clientAuth=maybe");
        assertThatThrownBy(() -> settings("ssl.quorum.", Map.of("ssl.quorum.hostnameVerification", "yes")))
                .hasMessageContaining("ssl.quorum.hostnameVerification=yes");
        assertThatThrownBy(() -> settings("ssl.", Map.of("ssl.protocol", "SSLv9")))
                .hasMessageContaining("ssl.protocol=SSLv9");
        assertThatThrownBy(() -> settings("ssl.", Map.of("ssl.handshakeDetectionTimeoutMillis", "-1")))
                .hasMessageContaining("ssl.handshakeDetectionTimeoutMillis");
        assertThatThrownBy(() -> TlsContext.forServer(settings("ssl.", Map.of())))
                .hasMessageContaining("ssl.keyStore.location is not set");
        Map<String, String> pemNoPassword = new HashMap<>(server.properties("ssl.", TestPki.Format.PEM));
        pemNoPassword.remove("ssl.keyStore.password");
        assertThatThrownBy(() -> TlsContext.forServer(settings("ssl.", pemNoPassword)))
                .hasMessageContaining("encrypted");
    }

    @Test
    void defaultsAreZooKeepers() throws Exception {
        Path pw = dir.resolve("pw.txt");
        Files.writeString(pw, "secret\n");
        TlsSettings s = settings("ssl.", Map.of("ssl.keyStore.passwordPath", pw.toString(),
                "ssl.enabledProtocols", "TLSv1.2, TLSv1.3"));
        assertThat(s.clientAuth()).isEqualTo(ClientAuth.NEED);
        assertThat(s.hostnameVerification()).isTrue();
        assertThat(s.protocol()).isEqualTo("TLSv1.3");
        assertThat(s.enabledProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(s.keyStorePassword()).isEqualTo("secret");
        assertThat(s.handshakeDetectionTimeoutMillis()).isEqualTo(5000);
        assertThat(s.toString()).doesNotContain("secret").contains("protocol=TLSv1.3"); // the default, not unset
    }
}
