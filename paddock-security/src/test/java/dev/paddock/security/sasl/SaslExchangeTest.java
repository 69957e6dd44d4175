package dev.paddock.security.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestKdc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaslExchangeTest {
    @TempDir
    Path dir;

    private SaslLogin login(Path jaas, String section) throws SaslConfigException {
        return SaslLogin.login(JaasSection.find(jaas, section).orElseThrow());
    }

    /** Runs client and server against each other in memory; returns the server's authorized id. */
    static String run(SaslClientExchange client, SaslServerExchange server) throws SaslException {
        byte[] token = client.initialToken();
        for (int round = 0; round < 10 && !server.isComplete(); round++) {
            byte[] challenge = server.respond(token);
            if (server.isComplete() && client.isComplete()) {
                break;
            }
            token = client.evaluate(challenge);
            if (token == null) {
                token = new byte[0];
            }
        }
        assertThat(server.isComplete()).isTrue();
        return server.authorizedId();
    }

    @Test
    void digestMd5CompletesWithTheSectionsUsers() throws Exception {
        Path jaas = JaasFiles.write(dir.resolve("jaas.conf"),
            JaasFiles.digestServer("Server", Map.of("bob", "secret", "alice", "other")),
            JaasFiles.digestClient("Client", "bob", "secret"));
        ServerSasl server = ServerSasl.forClientPort(login(jaas, "Server"), PrincipalRules.KEEP_ALL);
        assertThat(server.mechanism()).isEqualTo("DIGEST-MD5");
        SaslClientExchange client = SaslClientExchange.create(login(jaas, "Client"), "zookeeper/localhost",
            ServerSasl.CLIENT_PROTOCOL, ServerSasl.CLIENT_SERVER_NAME);
        assertThat(run(client, server.newExchange())).isEqualTo("bob");
    }

    @Test
    void digestMd5WrongPasswordOrUnknownUserFails() throws Exception {
        Path jaas = JaasFiles.write(dir.resolve("jaas.conf"),
            JaasFiles.digestServer("Server", Map.of("bob", "secret")),
            JaasFiles.digestClient("Wrong", "bob", "nope"),
            JaasFiles.digestClient("Nobody", "eve", "secret"));
        ServerSasl server = ServerSasl.forClientPort(login(jaas, "Server"), PrincipalRules.KEEP_ALL);
        for (String section : new String[] {"Wrong", "Nobody"}) {
            SaslClientExchange client = SaslClientExchange.create(login(jaas, section), "zookeeper/localhost",
                ServerSasl.CLIENT_PROTOCOL, ServerSasl.CLIENT_SERVER_NAME);
            SaslServerExchange exchange = server.newExchange();
            assertThatThrownBy(() -> run(client, exchange)).isInstanceOf(SaslException.class);
        }
    }

    @Test
    void missingSectionIsEmptyAndBadFileIsAClearError() throws Exception {
        Path jaas = JaasFiles.write(dir.resolve("jaas.conf"), JaasFiles.digestServer("Server", Map.of("a", "b")));
        assertThat(JaasSection.find(jaas, "Client")).isEmpty();
        Path broken = dir.resolve("broken.conf");
        Files.writeString(broken, "Server { this is not jaas");
        assertThatThrownBy(() -> JaasSection.find(broken, "Server")).isInstanceOf(SaslConfigException.class)
            .hasMessageContaining("broken.conf");
        assertThatThrownBy(() -> JaasSection.find(dir.resolve("absent.conf"), "Server"))
            .isInstanceOf(SaslConfigException.class).hasMessageContaining("absent.conf");
    }

    @Test
    void kerberosCompletesAgainstTheTestKdc() throws Exception {
        TestKdc kdc = TestKdc.shared();
        Path jaas = JaasFiles.write(dir.resolve("jaas.conf"),
            JaasFiles.kerberos("Server", kdc.keytab("zookeeper/localhost"), TestKdc.SERVER_PRINCIPAL),
            JaasFiles.kerberos("Client", kdc.keytab("zkcli/localhost"), kdc.principal("zkcli/localhost")));
        SaslLogin serverLogin = login(jaas, "Server");
        assertThat(serverLogin.isKerberos()).isTrue();
        ServerSasl keepAll = ServerSasl.forClientPort(serverLogin, PrincipalRules.KEEP_ALL);
        assertThat(keepAll.mechanism()).isEqualTo("GSSAPI");
        SaslLogin clientLogin = login(jaas, "Client");
        SaslClientExchange client = SaslClientExchange.create(clientLogin, "zookeeper/localhost",
            ServerSasl.CLIENT_PROTOCOL, ServerSasl.CLIENT_SERVER_NAME);
        assertThat(run(client, keepAll.newExchange())).isEqualTo("zkcli/localhost@EXAMPLE.COM");

        ServerSasl stripped = ServerSasl.forClientPort(serverLogin, new PrincipalRules(true, true));
        SaslClientExchange again = SaslClientExchange.create(clientLogin, "zookeeper/localhost@EXAMPLE.COM",
            ServerSasl.CLIENT_PROTOCOL, ServerSasl.CLIENT_SERVER_NAME);
        assertThat(run(again, stripped.newExchange())).isEqualTo("zkcli");
    }

    @Test
    void kerberosLoginWithAMissingKeytabIsAClearError() throws Exception {
        TestKdc.shared();
        Path jaas = JaasFiles.write(dir.resolve("jaas.conf"),
            JaasFiles.kerberos("Server", dir.resolve("none.keytab"), TestKdc.SERVER_PRINCIPAL));
        assertThatThrownBy(() -> login(jaas, "Server")).isInstanceOf(SaslConfigException.class)
            .hasMessageContaining("Kerberos login");
    }
}
