package dev.paddock.client.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.ClientState;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.ClientInfo;
import dev.paddock.jute.data.Id;
import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestKdc;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paddock's own client with SASL (DIGEST-MD5 and Kerberos) against a Paddock server. The server reads the JVM's
 * {@code java.security.auth.login.config}, which this class sets while it runs and restores after.
 */
class PaddockClientSaslTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static String previousJaas;
    private static Path jaas;

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void jaas() throws Exception {
        TestKdc kdc = TestKdc.shared();
        Path jaasDir = Files.createTempDirectory("paddock-client-sasl");
        jaas = JaasFiles.write(jaasDir.resolve("jaas.conf"),
            JaasFiles.digestServer("Server", Map.of("bob", "secret")),
            JaasFiles.digestClient("Client", "bob", "secret"),
            JaasFiles.digestClient("WrongClient", "bob", "wrong"),
            JaasFiles.kerberos("KerberosServer", kdc.keytab("zookeeper/localhost"), TestKdc.SERVER_PRINCIPAL),
            JaasFiles.kerberos("KerberosClient", kdc.keytab("pclient"), kdc.principal("pclient")));
        previousJaas = System.setProperty("java.security.auth.login.config", jaas.toString());
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

    private PaddockServer start(String... keyValues) throws Exception {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", dir.resolve("data").toString());
        p.setProperty("tickTime", "200");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(p));
        open.add(server);
        return server;
    }

    private PaddockClient client(PaddockServer server, String section, List<KeeperState> states) throws Exception {
        PaddockClient.Builder b = PaddockClient.builder("127.0.0.1:" + server.clientPort()).sessionTimeout(10_000)
            .watcher(e -> states.add(e.state()))
            .property("zookeeper.server.principal", TestKdc.SERVER_PRINCIPAL);
        if (section == null) {
            b.property("zookeeper.sasl.client", "false");
        } else {
            b.property("zookeeper.sasl.clientconfig", section);
        }
        PaddockClient c = b.build();
        open.add(c::close);
        return c;
    }

    @Test
    void digestMd5AuthenticatesBeforeAnyRequest() throws Exception {
        PaddockServer server = start("authProvider.1", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
            "enforce.auth.enabled", "true", "enforce.auth.schemes", "sasl");
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        PaddockClient bob = client(server, "Client", states);
        // sent at once: must wait behind the SASL exchange, or enforce.auth would refuse it
        bob.create("/b", new byte[0], List.of(new ACL(Perms.ALL, new Id("sasl", "bob"))), CreateMode.PERSISTENT);
        assertThat(states).containsSubsequence(KeeperState.SYNC_CONNECTED, KeeperState.SASL_AUTHENTICATED);
        assertThat(bob.whoAmI()).contains(new ClientInfo("sasl", "bob"));

        PaddockClient anonymous = client(server, null, new CopyOnWriteArrayList<>());
        assertThatThrownBy(() -> anonymous.exists("/b", false))
            .isInstanceOf(KeeperException.SessionClosedRequireAuthException.class);
    }

    @Test
    void wrongPasswordIsAuthFailed() throws Exception {
        PaddockServer server = start();
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        PaddockClient wrong = client(server, "WrongClient", states);
        await().atMost(WAIT).until(() -> states.contains(KeeperState.AUTH_FAILED));
        assertThat(wrong.getState()).isEqualTo(ClientState.AUTH_FAILED);
        assertThatThrownBy(() -> wrong.exists("/", false)).isInstanceOf(KeeperException.class);
    }

    @Test
    void kerberosAuthenticates() throws Exception {
        PaddockServer server = start("sasl.serverconfig", "KerberosServer");
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        PaddockClient c = client(server, "KerberosClient", states);
        assertThat(c.exists("/", false)).isNotNull();
        assertThat(states).contains(KeeperState.SASL_AUTHENTICATED);
        assertThat(c.whoAmI()).contains(new ClientInfo("sasl", "pclient@EXAMPLE.COM"));
    }

    @Test
    void aMissingExplicitSectionIsAClearError() {
        assertThatThrownBy(() -> PaddockClient.builder("127.0.0.1:1").property("zookeeper.sasl.clientconfig", "Nope")
            .build()).hasMessageContaining("'Nope'");
    }
}
