package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.security.TestPki;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsSettings;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.TestConfigs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics over HTTPS: metricsProvider.httpsPort with the metricsProvider.ssl.* stores, alone or on the HTTP port. */
class MetricsHttpsTest {
    @TempDir
    static Path pkiDir;
    static TestPki.Stores server;
    static TestPki.Stores scraper;

    @TempDir
    Path dir;
    private PaddockServer paddock;

    @BeforeAll
    static void pki() {
        TestPki pki = TestPki.create(pkiDir);
        server = pki.server();
        scraper = pki.client("CN=prometheus,O=Paddock");
    }

    @AfterEach
    void stop() {
        if (paddock != null) {
            paddock.close();
        }
    }

    private PaddockServer start(String... keyValues) throws IOException {
        Properties p = TestConfigs.standalone(dir, "metricsProvider.className", MetricsSettings.PROMETHEUS_CLASS,
                "metricsProvider.httpHost", "127.0.0.1");
        server.properties("metricsProvider.ssl.", TestPki.Format.PKCS12).forEach(p::setProperty);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        paddock = PaddockServer.start(ServerConfig.fromProperties(p));
        return paddock;
    }

    private static HttpClient client(TestPki.Stores who) {
        Map<String, String> m = who == null
                ? Map.of("zookeeper.ssl.trustStore.location", server.trustStore(TestPki.Format.JKS).toString(),
                        "zookeeper.ssl.trustStore.password", TestPki.PASSWORD)
                : who.properties("zookeeper.ssl.", TestPki.Format.JKS);
        TlsContext ctx = TlsContext.forClient(TlsSettings.read("zookeeper.ssl.", m));
        return HttpClient.newBuilder().sslContext(ctx.sslContext()).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> scrape(HttpClient c, String scheme, InetSocketAddress at) throws Exception {
        return c.send(HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + at.getPort() + "/metrics"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpsPortAloneNeedsAClientCertificateByDefault() throws Exception {
        PaddockServer s = start("metricsProvider.httpsPort", "0");
        assertThat(s.metricsAddress()).as("no HTTP port when only httpsPort is set").isNull();
        HttpResponse<String> ok = scrape(client(scraper), "https", s.metricsHttpsAddress());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("# TYPE znode_count gauge");
        // ssl.need.client.auth defaults to true: a scraper without a certificate is refused in the handshake
        assertThatThrownBy(() -> scrape(client(null), "https", s.metricsHttpsAddress()))
                .isInstanceOf(IOException.class);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> scrape(plain, "http", s.metricsHttpsAddress())).isInstanceOf(IOException.class);
        // the server still serves clients after the refused handshakes
        assertThat(scrape(client(scraper), "https", s.metricsHttpsAddress()).statusCode()).isEqualTo(200);
    }

    @Test
    void theSamePortForBothServesHttpAndHttps() throws Exception {
        PaddockServer s = start("metricsProvider.httpPort", "0", "metricsProvider.httpsPort", "0",
                "metricsProvider.ssl.need.client.auth", "false", "metricsProvider.ssl.want.client.auth", "false");
        assertThat(s.metricsHttpsAddress()).isNull();
        assertThat(scrape(client(null), "https", s.metricsAddress()).statusCode()).isEqualTo(200);
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        assertThat(scrape(plain, "http", s.metricsAddress()).body()).contains("# TYPE znode_count gauge");
    }

    @Test
    void unusableStoresStopTheStartNamingTheKeys() {
        assertThatThrownBy(() -> start("metricsProvider.httpsPort", "0", "metricsProvider.ssl.keyStore.location",
                dir.resolve("missing.p12").toString()))
                .hasMessageContaining("metricsProvider");
    }
}
