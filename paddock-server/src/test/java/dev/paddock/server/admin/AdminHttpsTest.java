package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.security.TestPki;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsSettings;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin server over HTTPS (admin.forceHttps / admin.portUnification, ssl.quorum.* stores) and x509 auth. */
class AdminHttpsTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki.Stores server;
    static TestPki.Stores alice;
    static TestPki.Stores bob;
    static TestPki.Stores root;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir);
        server = pki.server();
        alice = pki.client("CN=alice,O=Paddock");
        bob = pki.client("CN=bob,O=Paddock");
        root = pki.client("CN=root,O=Paddock");
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private PaddockServer start(String... keyValues) throws IOException {
        Properties p = AdminFixture.config(dir);
        p.putAll(server.properties("ssl.quorum.", TestPki.Format.PKCS12));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        PaddockServer s = PaddockServer.start(ServerConfig.fromProperties(p));
        open.add(s);
        return s;
    }

    private static HttpClient https(TestPki.Stores who) {
        Map<String, String> m = who == null
                ? Map.of("zookeeper.ssl.trustStore.location", server.trustStore(TestPki.Format.JKS).toString(),
                        "zookeeper.ssl.trustStore.password", TestPki.PASSWORD)
                : who.properties("zookeeper.ssl.", TestPki.Format.JKS);
        TlsContext ctx = TlsContext.forClient(TlsSettings.read("zookeeper.ssl.", m));
        return HttpClient.newBuilder().sslContext(ctx.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(HttpClient c, String scheme, PaddockServer s, String path,
            String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:"
                + s.adminAddress().getPort() + path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void forceHttpsWithClientAuthServesOnlyHttpsClientsWithACertificate() throws Exception {
        PaddockServer s = start("admin.forceHttps", "true", "admin.needClientAuth", "true");
        HttpResponse<String> ok = get(https(alice), "https", s, "/commands/ruok");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"command\" : \"ruok\"");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> get(plain, "http", s, "/commands/ruok")).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> get(https(null), "https", s, "/commands/ruok")).isInstanceOf(IOException.class);
    }

    @Test
    void portUnificationServesHttpAndHttpsOnOnePort() throws Exception {
        PaddockServer s = start("admin.portUnification", "true");
        assertThat(get(https(null), "https", s, "/commands/ruok").statusCode()).isEqualTo(200);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThat(get(plain, "http", s, "/commands/ruok").statusCode()).isEqualTo(200);
    }

    @Test
    void x509AuthorizesAdminCommandsByTheCertificateSubject() throws Exception {
        PaddockServer s = start("admin.forceHttps", "true", "admin.needClientAuth", "true",
                "admin.rateLimiterIntervalInMS", "0", "X509AuthenticationProvider.superUser", root.subject());
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + s.clientPort(), 10_000, e -> { });
        open.add(zk::close);
        zk.setACL("/", new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("x509", alice.subject())))), -1);
        String snapshot = "/commands/snapshot?streaming=false";
        assertThat(get(https(alice), "https", s, snapshot, "Authorization", "x509").statusCode()).isEqualTo(200);
        assertThat(get(https(bob), "https", s, snapshot, "Authorization", "x509").statusCode()).isEqualTo(403);
        assertThat(get(https(root), "https", s, snapshot, "Authorization", "x509").statusCode()).isEqualTo(200);
        assertThat(get(https(bob), "https", s, snapshot).statusCode()).isEqualTo(401);
    }

    @Test
    void x509OverPlainHttpIsNotAuthenticated() throws Exception {
        PaddockServer s = start("admin.portUnification", "true");
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThat(get(plain, "http", s, "/commands/snapshot?streaming=false", "Authorization", "x509")
                .statusCode()).isEqualTo(401);
    }

    @Test
    void unusableHttpsSettingsLeaveTheServerRunningWithoutTheAdminServer() throws Exception {
        PaddockServer s = start("admin.forceHttps", "true", "ssl.quorum.keyStore.password", "wrong");
        assertThat(s.adminAddress()).isNull();
        assertThat(s.clientPort()).isPositive();
    }
}
