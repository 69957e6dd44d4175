package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.client.PaddockClient;
import dev.paddock.security.TestPki;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsSettings;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS on the client port, side by side: the same zoo.cfg TLS keys (secureClientPort, ssl.*,
 * X509AuthenticationProvider.superUser, serverCnxnFactory=NettyServerCnxnFactory) on ZooKeeper 3.9.3 (child JVM)
 * and Paddock, the same tests against both with the official client, Curator and Paddock's client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsCompatTest {
    /** One server: its name, plain and TLS ports. */
    record Target(String name, int plainPort, int securePort) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Path pkiDir;
    private TestPki pki;
    private TestPki.Stores server;
    private TestPki.Stores alice;
    private TestPki.Stores bob;
    private TestPki.Stores root;
    private ZooKeeperProcess zk;
    private int zkSecurePort;
    private PaddockServer paddock;
    private Path paddockDir;
    private final List<AutoCloseable> perTest = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        pkiDir = Files.createTempDirectory("tls-compat-pki-");
        pki = TestPki.create(pkiDir);
        server = pki.server();
        alice = pki.client("CN=alice,OU=compat,O=Paddock");
        bob = pki.client("CN=bob,OU=compat,O=Paddock");
        root = pki.client("CN=root,O=Paddock");
        Map<String, String> tls = new LinkedHashMap<>(server.properties("ssl.", TestPki.Format.PKCS12));
        tls.put("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        tls.put("X509AuthenticationProvider.superUser", root.subject());
        Map<String, String> zkCfg = new LinkedHashMap<>(tls);
        zkSecurePort = ChildJvm.freePort();
        zkCfg.put("secureClientPort", Integer.toString(zkSecurePort));
        zkCfg.put("secureClientPortAddress", "127.0.0.1");
        zk = ZooKeeperProcess.start(new ZooKeeperProcess.Options(false, false, zkCfg));
        paddockDir = Files.createTempDirectory("tls-compat-paddock-");
        Properties p = new Properties();
        p.setProperty("dataDir", paddockDir.resolve("data").toString());
        p.setProperty("clientPort", "0");
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("secureClientPort", "0");
        p.setProperty("secureClientPortAddress", "127.0.0.1");
        p.setProperty("4lw.commands.whitelist", "*");
        p.setProperty("admin.enableServer", "false");
        p.putAll(tls);
        paddock = PaddockServer.start(ServerConfig.fromProperties(p));
    }

    @AfterAll
    void stop() {
        if (paddock != null) {
            paddock.close();
        }
        if (zk != null) {
            zk.close();
        }
        Files2.deleteTree(paddockDir);
        Files2.deleteTree(pkiDir);
    }

    @AfterEach
    void closePerTest() throws Exception {
        for (int i = perTest.size() - 1; i >= 0; i--) {
            perTest.get(i).close();
        }
        perTest.clear();
    }

    Stream<Target> targets() {
        List<Target> t = new ArrayList<>();
        for (String name : ServerUnderTest.selectedTargets()) {
            t.add(name.equals("zookeeper")
                    ? new Target(name, zk.clientPort(), zkSecurePort)
                    : new Target(name, paddock.clientPort(), paddock.secureClientPort()));
        }
        return t.stream();
    }

    private static ZKClientConfig tlsConfig(TestPki.Stores who) {
        ZKClientConfig c = new ZKClientConfig();
        c.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        c.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        who.properties("zookeeper.ssl.", TestPki.Format.JKS).forEach(c::setProperty);
        return c;
    }

    private ZooKeeper official(int port, TestPki.Stores who) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper z = new ZooKeeper("127.0.0.1:" + port, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        }, tlsConfig(who));
        perTest.add(z::close);
        assertThat(up.await(30, TimeUnit.SECONDS)).as("TLS session").isTrue();
        return z;
    }

    private static Set<String> whoAmI(ZooKeeper z) throws Exception {
        Set<String> out = new HashSet<>();
        for (ClientInfo i : z.whoAmI()) {
            out.add(i.getAuthScheme() + ":" + i.getUser());
        }
        return out;
    }

    private static List<ACL> acl(ACL... entries) {
        return new ArrayList<>(List.of(entries));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void officialClientOverTlsGetsX509IdsAndAcls(Target t) throws Exception {
        String node = "/x509-" + t.name();
        ZooKeeper a = official(t.securePort(), alice);
        assertThat(whoAmI(a)).contains("x509:" + alice.subject()).contains("ip:127.0.0.1");
        a.create(node, "a".getBytes(), acl(new ACL(ZooDefs.Perms.ALL, new Id("x509", alice.subject()))),
                CreateMode.PERSISTENT);
        assertThat(a.getACL(node, null)).containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("x509", alice.subject())));
        ZooKeeper b = official(t.securePort(), bob);
        assertThatThrownBy(() -> b.getData(node, false, null)).isInstanceOf(KeeperException.NoAuthException.class);
        b.create(node + "-bob", null, ZooDefs.Ids.CREATOR_ALL_ACL, CreateMode.PERSISTENT);
        assertThat(b.getACL(node + "-bob", null))
                .containsExactly(new ACL(ZooDefs.Perms.ALL, new Id("x509", bob.subject())));
        assertThatThrownBy(() -> b.create(node + "-bad", null, acl(new ACL(31, new Id("x509", "no dn"))),
                CreateMode.PERSISTENT)).isInstanceOf(KeeperException.InvalidACLException.class);
        ZooKeeper r = official(t.securePort(), root);
        assertThat(whoAmI(r)).contains("super:", "x509:" + root.subject());
        assertThat(r.getData(node, false, null)).isEqualTo("a".getBytes());
        r.delete(node, -1);
        r.delete(node + "-bob", -1);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void addAuthInfoX509IsOkOverTlsAndFailsOverPlainText(Target t) throws Exception {
        ZooKeeper a = official(t.securePort(), alice);
        Set<String> before = whoAmI(a);
        a.addAuthInfo("x509", new byte[0]);
        assertThat(a.exists("/", false)).isNotNull();
        assertThat(whoAmI(a)).isEqualTo(before);

        CountDownLatch authFailed = new CountDownLatch(1);
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper plain = new ZooKeeper("127.0.0.1:" + t.plainPort(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            } else if (e.getState() == Watcher.Event.KeeperState.AuthFailed) {
                authFailed.countDown();
            }
        });
        perTest.add(plain::close);
        assertThat(up.await(30, TimeUnit.SECONDS)).isTrue();
        plain.addAuthInfo("x509", new byte[0]);
        assertThat(authFailed.await(30, TimeUnit.SECONDS)).as("AuthFailed on a plain connection").isTrue();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void curatorOverTls(Target t) throws Exception {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString("127.0.0.1:" + t.securePort())
                .zkClientConfig(tlsConfig(alice)).sessionTimeoutMs(30_000).connectionTimeoutMs(15_000)
                .retryPolicy(new RetryOneTime(200)).build();
        perTest.add(c::close);
        c.start();
        assertThat(c.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
        String path = "/curator-tls-" + t.name() + "/a/b";
        c.create().creatingParentsIfNeeded().forPath(path, "v".getBytes());
        assertThat(c.getData().forPath(path)).isEqualTo("v".getBytes());
        c.delete().deletingChildrenIfNeeded().forPath("/curator-tls-" + t.name());
    }

    @ParameterizedTest
    @MethodSource("targets")
    void paddockClientOverTls(Target t) throws Exception {
        Map<String, String> cfg = new LinkedHashMap<>(alice.properties("zookeeper.ssl.", TestPki.Format.PEM));
        cfg.put("zookeeper.client.secure", "true");
        PaddockClient c = PaddockClient.builder("127.0.0.1:" + t.securePort()).properties(cfg).build();
        perTest.add(c::close);
        assertThat(c.awaitConnected(Duration.ofSeconds(30))).isTrue();
        String path = "/paddock-client-tls-" + t.name();
        c.create(path, "p".getBytes(), List.of(new dev.paddock.jute.data.ACL(31,
                new dev.paddock.jute.data.Id("x509", alice.subject()))), dev.paddock.jute.CreateMode.PERSISTENT);
        assertThat(c.getData(path, false).data()).isEqualTo("p".getBytes());
        assertThat(c.whoAmI()).contains(new dev.paddock.jute.data.ClientInfo("x509", alice.subject()));
        c.delete(path, -1);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void fourLetterWordsOverTlsAndPlainTextOnTheTlsPortIsClosed(Target t) throws Exception {
        TlsContext ctx = TlsContext.forClient(TlsSettings.read("zookeeper.ssl.",
                alice.properties("zookeeper.ssl.", TestPki.Format.JKS)));
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", t.securePort()), 5000);
        plain.setSoTimeout(10_000);
        try (SSLSocket s = ctx.clientSocket(plain, "127.0.0.1", t.securePort())) {
            s.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("imok");
        }
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress("127.0.0.1", t.securePort()), 5000);
            raw.setSoTimeout(10_000);
            raw.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
            raw.getOutputStream().flush();
            int read;
            try {
                read = raw.getInputStream().read();
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).as("a plain-text client on the TLS port gets no answer").isEqualTo(-1);
        }
        // and the server goes on serving TLS clients
        assertThat(official(t.securePort(), alice).exists("/", false)).isNotNull();
    }
}
