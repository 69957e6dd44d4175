package dev.paddock.server.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestKdc;
import dev.paddock.server.ConfigException;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.login.Configuration;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL on Paddock's client port with the official ZooKeeper 3.9.3 client over real sockets: DIGEST-MD5 and Kerberos
 * (the test KDC), sasl ACLs, a wrong password, enforced authentication. JAAS is JVM-global, so this class owns
 * {@code java.security.auth.login.config} while it runs (one file with every section) and restores it after.
 */
class SaslClientPortTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static String previousJaas;
    private static Path jaasDir;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void jaas() throws Exception {
        TestKdc kdc = TestKdc.shared();
        jaasDir = Files.createTempDirectory("paddock-sasl-jaas");
        Path file = JaasFiles.write(jaasDir.resolve("jaas.conf"),
            JaasFiles.digestServer("Server", Map.of("bob", "secret", "admin", "adminpw")),
            JaasFiles.digestClient("Client", "bob", "secret"),
            JaasFiles.digestClient("AdminClient", "admin", "adminpw"),
            JaasFiles.digestClient("WrongClient", "bob", "wrong"),
            JaasFiles.kerberos("KerberosServer", kdc.keytab("zookeeper/localhost"), TestKdc.SERVER_PRINCIPAL),
            JaasFiles.kerberos("KerberosClient", kdc.keytab("zkcli/localhost"), kdc.principal("zkcli/localhost")));
        previousJaas = System.setProperty("java.security.auth.login.config", file.toString());
        Configuration.getConfiguration().refresh();
    }

    @AfterAll
    static void restore() {
        if (previousJaas == null) {
            System.clearProperty("java.security.auth.login.config");
        } else {
            System.setProperty("java.security.auth.login.config", previousJaas);
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private PaddockServer start(String... keyValues) throws java.io.IOException {
        PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(TestConfigs.standalone(dir, keyValues)));
        open.add(server);
        return server;
    }

    /** An official client with its own config; {@code section} null means SASL off. */
    private ZooKeeper client(PaddockServer server, String section, List<KeeperState> states) throws Exception {
        ZKClientConfig config = new ZKClientConfig();
        if (section == null) {
            config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false");
        } else {
            config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
            config.setProperty(ZKClientConfig.ZK_SASL_CLIENT_USERNAME, "zookeeper");
            config.setProperty("zookeeper.server.principal", TestKdc.SERVER_PRINCIPAL);
        }
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.clientPort(), 10_000, e -> states.add(e.getState()),
            config);
        open.add(zk);
        return zk;
    }

    private static List<ACL> only(String id) {
        // a mutable list: the official client's validateACL calls contains(null)
        return new java.util.ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL, new Id("sasl", id))));
    }

    @Test
    void digestMd5AuthenticatesAndSaslAclsApply() throws Exception {
        PaddockServer server = start("authProvider.1", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
            "superUser", "admin");
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper bob = client(server, "Client", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.SaslAuthenticated));
        assertThat(bob.whoAmI()).contains(new ClientInfo("sasl", "bob"));
        bob.create("/bob", "x".getBytes(), only("bob"), CreateMode.PERSISTENT);
        assertThat(bob.getData("/bob", false, null)).isEqualTo("x".getBytes());

        ZooKeeper anonymous = client(server, null, new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> anonymous.getData("/bob", false, null)).isInstanceOf(KeeperException.NoAuthException.class);
        List<KeeperState> adminStates = new CopyOnWriteArrayList<>();
        ZooKeeper admin = client(server, "AdminClient", adminStates);
        await().atMost(WAIT).until(() -> adminStates.contains(KeeperState.SaslAuthenticated));
        assertThat(admin.getData("/bob", false, null)).isEqualTo("x".getBytes());
        assertThatThrownBy(() -> bob.create("/bad", new byte[0], only("a@b@c"), CreateMode.PERSISTENT))
            .isInstanceOf(KeeperException.InvalidACLException.class);
    }

    @Test
    void wrongPasswordIsAuthFailedAndTheServerKeepsServing() throws Exception {
        PaddockServer server = start();
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper wrong = client(server, "WrongClient", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.AuthFailed));
        assertThatThrownBy(() -> wrong.exists("/", false)).isInstanceOf(KeeperException.AuthFailedException.class);
        List<KeeperState> okStates = new CopyOnWriteArrayList<>();
        ZooKeeper ok = client(server, "Client", okStates);
        await().atMost(WAIT).until(() -> okStates.contains(KeeperState.SaslAuthenticated));
        assertThat(ok.exists("/", false)).isNotNull();
    }

    @Test
    void kerberosAuthenticatesWithThePrincipalRules() throws Exception {
        PaddockServer server = start("sasl.serverconfig", "KerberosServer", "kerberos.removeHostFromPrincipal",
            "true");
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper zk = client(server, "KerberosClient", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.SaslAuthenticated));
        assertThat(zk.whoAmI()).contains(new ClientInfo("sasl", "zkcli@EXAMPLE.COM"));
        zk.create("/k", new byte[0], only("zkcli@EXAMPLE.COM"), CreateMode.PERSISTENT);
        assertThat(zk.exists("/k", false)).isNotNull();
    }

    @Test
    void enforcedSaslRefusesAClientWithoutIt() throws Exception {
        PaddockServer server = start("authProvider.1", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
            "enforce.auth.enabled", "true", "enforce.auth.schemes", "sasl");
        ZooKeeper anonymous = client(server, null, new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> anonymous.create("/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
            CreateMode.PERSISTENT)).isInstanceOf(KeeperException.SessionClosedRequireAuthException.class);
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        ZooKeeper bob = client(server, "Client", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.SaslAuthenticated));
        assertThat(bob.exists("/x", false)).isNull();
        bob.create("/x", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @Test
    void configurationErrorsAreClear() {
        assertThatThrownBy(() -> start("enforce.auth.enabled", "true", "enforce.auth.schemes", "sasl"))
            .isInstanceOf(ConfigException.class).hasMessageContaining("sasl is not available");
        assertThatThrownBy(() -> start("sasl.serverconfig", "Missing")).hasMessageContaining("Missing");
    }
}
