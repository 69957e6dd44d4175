package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.PaddockClient;
import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestKdc;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.ClientInfo;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SASL side by side: the same tests against Apache ZooKeeper 3.9.3 (a child JVM given the JAAS file and the test
 * KDC's krb5.conf as {@code -D} flags) and Paddock (in this JVM), with the official client, Curator and Paddock's own
 * client, DIGEST-MD5 and Kerberos, sasl ACLs and enforce.auth. JAAS is JVM-global for the clients, so this class
 * sets {@code java.security.auth.login.config} while it runs and restores it after; each client picks its section
 * through its own ZKClientConfig.
 */
class SaslCompatTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SASL_PROVIDER = "org.apache.zookeeper.server.auth.SASLAuthenticationProvider";
    private static Path dir;
    private static TestKdc kdc;
    private static JaasFiles.JvmSetting jvmJaas;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    static Stream<String> targets() {
        return ServerUnderTest.selectedTargets().stream();
    }

    @BeforeAll
    static void jaasAndKdc() throws Exception {
        kdc = TestKdc.shared();
        dir = Files.createTempDirectory("sasl-compat-");
        jvmJaas = JaasFiles.standardForJvm(kdc);
    }

    @AfterAll
    static void restore() {
        jvmJaas.close();
        Files2.deleteTree(dir);
    }

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // already gone
            }
        }
    }

    /** The target started with {@code cfg} on top of a plain standalone zoo.cfg; returns its connect string. */
    private String start(String target, Map<String, String> cfg) throws Exception {
        if (target.equals("zookeeper")) {
            ZooKeeperProcess zk = ZooKeeperProcess.start(new ZooKeeperProcess.Options(false, false, cfg,
                List.of("-Djava.security.auth.login.config=" + jvmJaas.file(), "-Djava.security.krb5.conf=" + kdc.krb5Conf())));
            open.add(zk);
            return zk.connectString();
        }
        Path data = Files.createTempDirectory(dir, "paddock-");
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", data.toString());
        p.setProperty("admin.enableServer", "false");
        p.putAll(cfg);
        PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(p));
        open.add(server);
        return "127.0.0.1:" + server.clientPort();
    }

    private static ZKClientConfig clientConfig(String section) {
        ZKClientConfig config = new ZKClientConfig();
        if (section == null) {
            config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        } else {
            config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
            config.setProperty("zookeeper.server.principal", TestKdc.SERVER_PRINCIPAL);
        }
        return config;
    }

    private ZooKeeper client(String connect, String section, List<KeeperState> states) throws Exception {
        ZooKeeper zk = new ZooKeeper(connect, 30_000, e -> states.add(e.getState()), clientConfig(section));
        open.add(zk);
        return zk;
    }

    private ZooKeeper authenticated(String connect, String section) throws Exception {
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper zk = client(connect, section, states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.SaslAuthenticated));
        return zk;
    }

    private static List<ACL> only(String id) {
        return new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("sasl", id))));
    }

    private static Map<String, String> cfg(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @ParameterizedTest
    @MethodSource("targets")
    void digestMd5WithTheOfficialClientAndSaslAcls(String target) throws Exception {
        String connect = start(target, cfg("authProvider.1", SASL_PROVIDER));
        ZooKeeper bob = authenticated(connect, "Client");
        assertThat(bob.whoAmI()).contains(new ClientInfo("sasl", "bob"));
        bob.create("/bob", "b".getBytes(), only("bob"), CreateMode.PERSISTENT);
        assertThat(bob.getData("/bob", false, null)).isEqualTo("b".getBytes());
        assertThat(bob.getACL("/bob", null)).isEqualTo(only("bob"));
        ZooKeeper anonymous = client(connect, null, new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> anonymous.getData("/bob", false, null))
            .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> bob.create("/bad", new byte[0], only("a@b@c"), CreateMode.PERSISTENT))
            .isInstanceOf(KeeperException.InvalidACLException.class);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void wrongPasswordIsAuthFailedAndTheServerKeepsServing(String target) throws Exception {
        String connect = start(target, cfg());
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper wrong = client(connect, "WrongClient", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.AuthFailed));
        assertThatThrownBy(() -> wrong.exists("/", false)).isInstanceOf(KeeperException.AuthFailedException.class);
        ZooKeeper bob = authenticated(connect, "Client");
        assertThat(bob.exists("/", false)).isNotNull();
        // no SASLAuthenticationProvider registered: SASL still authenticates, but the sasl scheme is unknown
        assertThat(bob.whoAmI()).contains(new ClientInfo("sasl", ""));
        assertThatThrownBy(() -> bob.create("/s", new byte[0], only("bob"), CreateMode.PERSISTENT))
            .isInstanceOf(KeeperException.InvalidACLException.class);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void kerberosWithTheOfficialClient(String target) throws Exception {
        String connect = start(target, cfg("sasl.serverconfig", "KerberosServer",
            "kerberos.removeHostFromPrincipal", "true", "authProvider.1", SASL_PROVIDER));
        ZooKeeper zk = authenticated(connect, "KerberosClient");
        assertThat(zk.whoAmI()).contains(new ClientInfo("sasl", "zkcli@EXAMPLE.COM"));
        zk.create("/k", new byte[0], only("zkcli@EXAMPLE.COM"), CreateMode.PERSISTENT);
        assertThat(zk.exists("/k", false)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void enforcedSaslRefusesAClientWithoutIt(String target) throws Exception {
        String connect = start(target, cfg("authProvider.1", SASL_PROVIDER, "enforce.auth.enabled", "true",
            "enforce.auth.schemes", "sasl"));
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper anonymous = client(connect, null, states);
        assertThatThrownBy(() -> anonymous.create("/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT)).isInstanceOf(KeeperException.SessionClosedRequireAuthException.class);
        ZooKeeper bob = authenticated(connect, "Client");
        assertThat(bob.exists("/x", false)).isNull();
    }

    @ParameterizedTest
    @MethodSource("targets")
    void sessionRequireClientSaslAuthRefusesAClientWithoutIt(String target) throws Exception {
        String connect = start(target, cfg("authProvider.1", SASL_PROVIDER, "sessionRequireClientSASLAuth", "true"));
        ZooKeeper anonymous = client(connect, null, new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> anonymous.getChildren("/", false))
            .isInstanceOf(KeeperException.SessionClosedRequireAuthException.class);
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper wrong = client(connect, "WrongClient", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.AuthFailed));
    }

    @ParameterizedTest
    @MethodSource("targets")
    void curatorWithDigestMd5AndKerberos(String target) throws Exception {
        String connect = start(target, cfg("authProvider.1", SASL_PROVIDER));
        try (CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(connect)
            .retryPolicy(new RetryOneTime(100)).zkClientConfig(clientConfig("Client")).build()) {
            curator.start();
            assertThat(curator.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
            curator.create().withACL(only("bob")).forPath("/curator", "c".getBytes());
            assertThat(curator.getData().forPath("/curator")).isEqualTo("c".getBytes());
        }
        String kerberos = start(target, cfg("sasl.serverconfig", "KerberosServer", "authProvider.1", SASL_PROVIDER));
        try (CuratorFramework curator = CuratorFrameworkFactory.builder().connectString(kerberos)
            .retryPolicy(new RetryOneTime(100)).zkClientConfig(clientConfig("KerberosClient")).build()) {
            curator.start();
            assertThat(curator.blockUntilConnected(30, TimeUnit.SECONDS)).isTrue();
            curator.create().withACL(only("zkcli/localhost@EXAMPLE.COM")).forPath("/k", "k".getBytes());
            assertThat(curator.getData().forPath("/k")).isEqualTo("k".getBytes());
        }
    }

    @ParameterizedTest
    @MethodSource("targets")
    void paddocksClientAuthenticates(String target) throws Exception {
        String connect = start(target, cfg("authProvider.1", SASL_PROVIDER, "enforce.auth.enabled", "true",
            "enforce.auth.schemes", "sasl"));
        PaddockClient c = PaddockClient.builder(connect).sessionTimeout(30_000)
            .property("zookeeper.sasl.clientconfig", "Client").build();
        open.add(c::close);
        // the first request waits behind the exchange; enforce.auth would refuse it otherwise
        assertThat(c.exists("/", false)).isNotNull();
        assertThat(c.whoAmI()).contains(new dev.paddock.jute.data.ClientInfo("sasl", "bob"));
        // with the provider registered: without it ZooKeeper's whoAmI reports an empty sasl user
        String kerberos = start(target, cfg("sasl.serverconfig", "KerberosServer", "authProvider.1", SASL_PROVIDER));
        PaddockClient k = PaddockClient.builder(kerberos).sessionTimeout(30_000)
            .property("zookeeper.sasl.clientconfig", "KerberosClient")
            .property("zookeeper.server.principal", TestKdc.SERVER_PRINCIPAL).build();
        open.add(k::close);
        assertThat(k.whoAmI()).contains(new dev.paddock.jute.data.ClientInfo("sasl", "zkcli/localhost@EXAMPLE.COM"));
    }
}
