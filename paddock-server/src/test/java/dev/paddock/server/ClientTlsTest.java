package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.paddock.security.TestPki;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsSettings;
import dev.paddock.server.net.ClientTls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** TLS on the client port, with the official 3.9.3 client (Netty socket) and raw TLS sockets. */
class ClientTlsTest {
    @TempDir
    static Path pkiDir;
    static TestPki pki;
    static TestPki.Stores server;
    static TestPki.Stores alice;
    static TestPki.Stores bob;
    static TestPki.Stores admin;

    @TempDir
    Path dir;
    private PaddockServer paddock;
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final ListAppender<ILoggingEvent> tlsLog = new ListAppender<>();

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir);
        server = pki.server();
        alice = pki.client("CN=alice,OU=test,O=Paddock");
        bob = pki.client("CN=bob,OU=test,O=Paddock");
        admin = pki.client("CN=admin,O=Paddock");
    }

    @BeforeEach
    void captureTlsLog() {
        tlsLog.start();
        ((Logger) LoggerFactory.getLogger(ClientTls.class)).addAppender(tlsLog);
    }

    @AfterEach
    void close() throws InterruptedException {
        ((Logger) LoggerFactory.getLogger(ClientTls.class)).detachAppender(tlsLog);
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        if (paddock != null) {
            paddock.close();
        }
    }

    private PaddockServer start(TestPki.Format f, String... keyValues) throws IOException {
        List<String> kv = new ArrayList<>();
        server.properties("ssl.", f).forEach((k, v) -> {
            kv.add(k);
            kv.add(v);
        });
        kv.addAll(List.of(keyValues));
        paddock = PaddockServer.start(ServerConfig.fromProperties(
                TestConfigs.standalone(dir, kv.toArray(new String[0]))));
        return paddock;
    }

    /** The official client over TLS (ClientCnxnSocketNetty), as a ZKClientConfig sets it up. */
    private ZooKeeper tlsClient(int port, TestPki.Stores who) throws Exception {
        ZKClientConfig c = new ZKClientConfig();
        c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        who.properties("zookeeper.ssl.", TestPki.Format.PKCS12).forEach(c::setProperty);
        return connected(port, c);
    }

    private ZooKeeper plainClient(int port) throws Exception {
        return connected(port, new ZKClientConfig());
    }

    private ZooKeeper connected(int port, ZKClientConfig c) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        }, c);
        clients.add(zk);
        assertThat(up.await(20, TimeUnit.SECONDS)).as("connected over " + (c.getBoolean(
                ZKClientConfig.SECURE_CLIENT) ? "TLS" : "plain text")).isTrue();
        return zk;
    }

    private static SSLSocket tlsSocket(int port, TestPki.Stores who) throws IOException {
        TlsContext ctx = TlsContext.forClient(TlsSettings.read("zookeeper.ssl.",
                who.properties("zookeeper.ssl.", TestPki.Format.JKS)));
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        plain.setSoTimeout(10_000);
        return ctx.clientSocket(plain, "127.0.0.1", port);
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** The server closed the connection: EOF or a reset, and never an answer. */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** A mutable list: the official client's ACL check calls contains(null) on it. */
    private static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(List.of(entries));
    }

    private List<String> tlsWarnings() {
        return tlsLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void secureClientPortServesTheOfficialClientAndGivesX509Ids() throws Exception {
        PaddockServer p = start(TestPki.Format.JKS, "secureClientPort", "0");
        assertThat(p.secureClientPort()).isPositive().isNotEqualTo(p.clientPort());
        ZooKeeper a = tlsClient(p.secureClientPort(), alice);
        assertThat(a.whoAmI()).extracting(ClientInfo::getAuthScheme, ClientInfo::getUser)
                .contains(org.assertj.core.groups.Tuple.tuple("x509", alice.subject()));
        List<ACL> onlyAlice = acl(new ACL(ZooDefs.Perms.ALL, new Id("x509", alice.subject())));
        a.create("/alice", "a".getBytes(), onlyAlice, CreateMode.PERSISTENT);
        assertThat(a.getData("/alice", false, null)).isEqualTo("a".getBytes());
        assertThat(a.getACL("/alice", null)).isEqualTo(onlyAlice);

        ZooKeeper b = tlsClient(p.secureClientPort(), bob);
        assertThatThrownBy(() -> b.getData("/alice", false, null)).isInstanceOf(KeeperException.NoAuthException.class);
        // "auth" expands to the caller's x509 id
        b.create("/bob", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        assertThat(b.getACL("/bob", null)).containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("x509", bob.subject())));
        // the plain port still serves, without x509 ids
        ZooKeeper plain = plainClient(p.clientPort());
        assertThatThrownBy(() -> plain.getData("/alice", false, null))
                .isInstanceOf(KeeperException.NoAuthException.class);
        // an invalid x509 id is refused as ZooKeeper does
        assertThatThrownBy(() -> a.create("/bad", null, acl(new ACL(31, new Id("x509", "no dn here"))),
                CreateMode.PERSISTENT)).isInstanceOf(KeeperException.InvalidACLException.class);
    }

    @Test
    void theX509SuperUserPassesEveryAcl() throws Exception {
        PaddockServer p = start(TestPki.Format.PEM, "secureClientPort", "0",
                "X509AuthenticationProvider.superUser", admin.subject());
        ZooKeeper a = tlsClient(p.secureClientPort(), alice);
        a.create("/private", "x".getBytes(), acl(new ACL(ZooDefs.Perms.ALL, new Id("x509", alice.subject()))),
                CreateMode.PERSISTENT);
        ZooKeeper root = tlsClient(p.secureClientPort(), admin);
        assertThat(root.getData("/private", false, null)).isEqualTo("x".getBytes());
        assertThat(root.whoAmI()).extracting(ClientInfo::getAuthScheme).contains("super", "x509");
    }

    @Test
    void portUnificationServesTlsAndPlainOnOnePort() throws Exception {
        PaddockServer p = start(TestPki.Format.PKCS12, "client.portUnification", "true");
        assertThat(p.secureClientPort()).isEqualTo(-1);
        ZooKeeper tls = tlsClient(p.clientPort(), alice);
        ZooKeeper plain = plainClient(p.clientPort());
        tls.create("/shared", "t".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        assertThat(plain.getData("/shared", false, null)).isEqualTo("t".getBytes());
        assertThat(tls.whoAmI()).extracting(ClientInfo::getAuthScheme).contains("x509");
        assertThat(plain.whoAmI()).extracting(ClientInfo::getAuthScheme).doesNotContain("x509");
        // four-letter words both ways
        assertThat(RawClient.fourLetterWord(p.clientPort(), "ruok")).isEqualTo("imok");
        try (SSLSocket s = tlsSocket(p.clientPort(), alice)) {
            s.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(s.getInputStream())).isEqualTo("imok");
        }
    }

    @Test
    void fourLetterWordsWorkOverTlsOnTheSecurePort() throws Exception {
        PaddockServer p = start(TestPki.Format.JKS, "secureClientPort", "0");
        try (SSLSocket s = tlsSocket(p.secureClientPort(), alice)) {
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            assertThat(read(s.getInputStream())).contains("Mode: standalone");
        }
    }

    @Test
    void plainTextExpiredAndUntrustedClientsAreClosedAndTheServerGoesOn() throws Exception {
        PaddockServer p = start(TestPki.Format.JKS, "secureClientPort", "0");
        int port = p.secureClientPort();
        try (RawClient raw = new RawClient(port)) { // a plain-text connect request on the TLS-only port
            raw.socket.setSoTimeout(10_000);
            raw.socket.getOutputStream().write(new byte[] {0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0x75, 0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            assertThat(closedByServer(raw.socket)).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> tlsWarnings().stream()
                .anyMatch(m -> m.contains("not a TLS record") && m.contains("127.0.0.1")));
        for (TestPki.Stores bad : new TestPki.Stores[] {pki.expired("CN=old"), pki.untrusted("CN=mallory")}) {
            int before = tlsWarnings().size();
            try (SSLSocket s = tlsSocket(port, bad)) {
                s.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
                assertThat(closedByServer(s)).isTrue(); // TLS 1.3: the refusal comes on the first read
            } catch (IOException refused) {
                // TLS 1.2 or an early alert: refused in the handshake
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> tlsWarnings().size() == before + 1);
            assertThat(tlsWarnings().get(before)).contains("TLS handshake with /127.0.0.1")
                    .contains("closing the connection");
        }
        // a client without a certificate while clientAuth=need
        TlsContext anonymous = TlsContext.forClient(TlsSettings.read("zookeeper.ssl.", Map.of(
                "zookeeper.ssl.trustStore.location", server.trustStore(TestPki.Format.JKS).toString(),
                "zookeeper.ssl.trustStore.password", TestPki.PASSWORD)));
        try (SSLSocket s = anonymous.clientSocket(new Socket("127.0.0.1", port), "127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
            assertThat(closedByServer(s)).isTrue();
        } catch (IOException refused) {
            // refused in the handshake
        }
        ZooKeeper ok = tlsClient(port, alice);
        assertThat(ok.exists("/", false)).isNotNull();
    }

    @Test
    void clientAuthWantAcceptsAClientWithoutACertificateWithoutX509Id() throws Exception {
        PaddockServer p = start(TestPki.Format.JKS, "secureClientPort", "0", "ssl.clientAuth", "want");
        ZKClientConfig c = new ZKClientConfig();
        c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        c.setProperty("zookeeper.ssl.trustStore.location", server.trustStore(TestPki.Format.JKS).toString());
        c.setProperty("zookeeper.ssl.trustStore.password", TestPki.PASSWORD);
        ZooKeeper zk = connected(p.secureClientPort(), c);
        assertThat(zk.whoAmI()).extracting(ClientInfo::getAuthScheme).containsExactly("ip");
    }

    @Test
    void certReloadServesTheNewCertificateToNewConnections() throws Exception {
        Path live = dir.resolve("live-server.p12");
        Files.copy(server.keyStore(TestPki.Format.PKCS12), live);
        PaddockServer p = start(TestPki.Format.PKCS12, "secureClientPort", "0", "client.certReload", "true",
                "ssl.keyStore.location", live.toString());
        ZooKeeper before = tlsClient(p.secureClientPort(), alice);
        try (SSLSocket s = tlsSocket(p.secureClientPort(), alice)) {
            assertThat(s.getSession().getPeerCertificates()[0]).isEqualTo(server.certificate());
        }
        TestPki.Stores renewed = pki.issue("renewed", "CN=localhost,OU=renewed", "localhost", "127.0.0.1");
        Files.copy(renewed.keyStore(TestPki.Format.PKCS12), live, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(live, FileTime.from(Instant.now().plusSeconds(5)));
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            try (SSLSocket s = tlsSocket(p.secureClientPort(), alice)) {
                return ((X509Certificate) s.getSession().getPeerCertificates()[0]).equals(renewed.certificate());
            }
        });
        assertThat(before.exists("/", false)).isNotNull(); // the open connection goes on
    }

    @Test
    void badTlsSettingsStopStartUpNamingTheKey() {
        assertThatThrownBy(() -> PaddockServer.start(ServerConfig.fromProperties(
                TestConfigs.standalone(dir, "secureClientPort", "0"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keyStore.location");
        assertThatThrownBy(() -> start(TestPki.Format.JKS, "secureClientPort", "0", "ssl.keyStore.password", "nope"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.keyStore.location");
        assertThatThrownBy(() -> start(TestPki.Format.JKS, "secureClientPort", "0", "ssl.clientAuth", "sometimes"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("ssl.clientAuth=sometimes");
    }
}
