package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quorum.auth.*, sslQuorum, portUnification and ssl.quorum.* keys as ZooKeeper 3.9.3 reads them. */
class QuorumSecuritySettingsTest {
    @TempDir
    java.nio.file.Path tmp;

    private ServerConfig parse(String... kv) {
        Properties p = new Properties();
        p.setProperty("dataDir", tmp.toString());
        p.setProperty("clientPort", "0");
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return ServerConfig.fromProperties(p);
    }

    @Test
    void defaultsAreZooKeepers() {
        ServerConfig c = parse();
        assertThat(c.quorumAuth()).isEqualTo(QuorumAuthSettings.NONE);
        assertThat(c.quorumAuth().learnerLoginContext()).isEqualTo("QuorumLearner");
        assertThat(c.quorumAuth().serverLoginContext()).isEqualTo("QuorumServer");
        assertThat(c.quorumAuth().servicePrincipal()).isEqualTo("zkquorum/localhost");
        assertThat(c.quorumTls().enabled()).isFalse();
    }

    @Test
    void allKeysAreReadAndNoneIsLeftForLater() {
        ServerConfig c = parse("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true",
                "quorum.auth.serverRequireSasl", "true", "quorum.auth.learner.saslLoginContext", "L",
                "quorum.auth.server.saslLoginContext", "S", "quorum.auth.kerberos.servicePrincipal", "zkquorum/_HOST",
                "quorum.cnxn.threads.size", "40", "sslQuorum", "true", "portUnification", "true",
                "sslQuorumReloadCertFiles", "true", "ssl.quorum.keyStore.location", "/k.p12",
                "ssl.quorum.keyStore.password", "pw", "ssl.quorum.trustStore.location", "/t.p12",
                "ssl.quorum.clientAuth", "want", "ssl.quorum.hostnameVerification", "false",
                "ssl.quorum.enabledProtocols", "TLSv1.2,TLSv1.3");
        assertThat(c.quorumAuth()).isEqualTo(new QuorumAuthSettings(true, true, true, "L", "S", "zkquorum/_HOST", 40));
        assertThat(c.quorumTls().sslQuorum()).isTrue();
        assertThat(c.quorumTls().portUnification()).isTrue();
        assertThat(c.quorumTls().reloadCertFiles()).isTrue();
        assertThat(c.quorumTls().tls().keyStoreLocation()).isEqualTo("/k.p12");
        assertThat(c.quorumTls().tls().hostnameVerification()).isFalse();
        assertThat(c.quorumTls().tls().enabledProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(c.acceptedForLater()).isEmpty();
        assertThat(c.unknownKeys()).isEmpty();
    }

    @Test
    void smallThreadCountsAreRaisedToTwenty() {
        assertThat(parse("quorum.cnxn.threads.size", "3").quorumAuth().cnxnThreads()).isEqualTo(20);
    }

    @Test
    void zooKeepersForbiddenCombinationsStopStartUp() {
        assertThatThrownBy(() -> parse("quorum.auth.serverRequireSasl", "true", "quorum.auth.learnerRequireSasl",
                "true")).isInstanceOf(ConfigException.class).hasMessageContaining("enableSasl is false");
        assertThatThrownBy(() -> parse("quorum.auth.learnerRequireSasl", "true"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("enableSasl is false");
        assertThatThrownBy(() -> parse("quorum.auth.enableSasl", "true", "quorum.auth.serverRequireSasl", "true"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("learnerRequireSasl is false");
        assertThatThrownBy(() -> parse("quorum.auth.enableSasl", "yes"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("quorum.auth.enableSasl=yes");
    }

    @Test
    void tlsWithoutAKeyStoreStopsStartUp() {
        assertThatThrownBy(() -> parse("sslQuorum", "true")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssl.quorum.keyStore.location");
        assertThatThrownBy(() -> parse("portUnification", "true", "ssl.quorum.keyStore.location", "/k.p12",
                "ssl.quorum.clientAuth", "sometimes")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("ssl.quorum.clientAuth");
    }
}
