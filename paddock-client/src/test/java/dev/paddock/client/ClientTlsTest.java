package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.jute.CreateMode;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Id;
import dev.paddock.security.TestPki;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paddock's own client over TLS (zookeeper.client.secure + zookeeper.ssl.*) against Paddock's secure port. */
class ClientTlsTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki.Stores server;
    static TestPki.Stores alice;

    @TempDir
    Path dir;
    private PaddockServer paddock;
    private final List<PaddockClient> clients = new ArrayList<>();

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir);
        server = pki.server();
        alice = pki.client("CN=alice,O=Paddock");
    }

    @AfterEach
    void close() throws Exception {
        for (PaddockClient c : clients) {
            c.close();
        }
        if (paddock != null) {
            paddock.close();
        }
    }

    private int secureServer(String... extra) throws Exception {
        Properties p = new Properties();
        p.setProperty("dataDir", dir.resolve("data").toString());
        p.setProperty("clientPort", "0");
        p.setProperty("secureClientPort", "0");
        p.putAll(server.properties("ssl.", TestPki.Format.PEM));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.setProperty(extra[i], extra[i + 1]);
        }
        paddock = PaddockServer.start(ServerConfig.fromProperties(p));
        return paddock.secureClientPort();
    }

    private PaddockClient client(String host, int port, Map<String, String> config) throws Exception {
        PaddockClient c = PaddockClient.builder(host + ":" + port).sessionTimeout(10_000).properties(config)
                .property("zookeeper.clientCnxnSocket", "org.apache.zookeeper.ClientCnxnSocketNetty").build();
        clients.add(c);
        return c;
    }

    private static Map<String, String> secure(TestPki.Stores who, String... extra) {
        Map<String, String> m = new java.util.HashMap<>(who.properties("zookeeper.ssl.", TestPki.Format.PKCS12));
        m.put("zookeeper.client.secure", "true");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            m.put(extra[i], extra[i + 1]);
        }
        return m;
    }

    @Test
    void connectsOverTlsWithItsCertificateAsX509Id() throws Exception {
        int port = secureServer();
        PaddockClient c = client("127.0.0.1", port, secure(alice));
        assertThat(c.awaitConnected(Duration.ofSeconds(20))).isTrue();
        assertThat(c.whoAmI()).contains(new ClientInfo("x509", alice.subject()));
        c.create("/mine", "m".getBytes(), List.of(new ACL(31, new Id("x509", alice.subject()))),
                CreateMode.PERSISTENT);
        assertThat(c.getData("/mine", false).data()).isEqualTo("m".getBytes());
        PaddockClient plain = client("127.0.0.1", paddock.clientPort(), Map.of());
        assertThat(plain.awaitConnected(Duration.ofSeconds(20))).isTrue();
        assertThatThrownBy(() -> plain.getData("/mine", false)).isInstanceOf(KeeperException.NoAuthException.class);
    }

    @Test
    void verifiesTheServerHostNameUnlessTurnedOff() throws Exception {
        TestPki.Stores other = pki.issue("other", "CN=other", "db.example.com");
        int port = secureServer("ssl.keyStore.location", other.keyStore(TestPki.Format.PEM).toString());
        PaddockClient checked = client("127.0.0.1", port, secure(alice));
        assertThat(checked.awaitConnected(Duration.ofSeconds(3))).isFalse();
        PaddockClient unchecked = client("127.0.0.1", port, secure(alice,
                "zookeeper.ssl.hostnameVerification", "false"));
        assertThat(unchecked.awaitConnected(Duration.ofSeconds(20))).isTrue();
    }

    @Test
    void aBadClientSettingIsAClearError() {
        assertThatThrownBy(() -> client("127.0.0.1", 1, secure(alice, "zookeeper.ssl.keyStore.password", "nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zookeeper.ssl.keyStore.location");
    }
}
