package dev.paddock.server.ensemble;


import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestPki;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process Paddock servers with quorum TLS over real sockets (election port on Netty, quorum port on
 * blocking sockets): a member without TLS, with an untrusted certificate or with a certificate for another host is
 * kept out while the others serve; portUnification lets TLS and plain members form one ensemble.
 */
class QuorumTlsEnsembleTest {
    @TempDir
    static Path pkiDir;
    private static TestPki pki;
    private static TestPki.Stores good;

    @TempDir
    Path dir;
    private InProcessEnsemble ensemble;

    @BeforeAll
    static void pki() {
        pki = TestPki.create(pkiDir);
        good = pki.server();
    }

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    static Map<String, String> tls(TestPki.Stores stores, String... more) {
        Map<String, String> m = new HashMap<>(stores.properties("ssl.quorum.", TestPki.Format.PKCS12));
        m.put("sslQuorum", "true");
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    private void start(LongFunction<Map<String, String>> perServer) throws Exception {
        ensemble = InProcessEnsemble.start(dir, 3, 0, sid -> null, Map.of(), perServer);
    }

    @Test
    void sslQuorumEnsembleElectsAndReplicates() throws Exception {
        start(sid -> tls(good, "sslQuorumReloadCertFiles", sid == 2 ? "true" : "false"));
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(1, 2, 3);
        ensemble.assertWriteReaches(3, 1, 2);
    }

    @Test
    void memberWithoutTlsIsKeptOut() throws Exception {
        start(sid -> sid == 3 ? Map.of() : tls(good));
        ensemble.assertKeptOut(3, 1, 2);
    }

    @Test
    void memberWithAnUntrustedCertificateIsKeptOut() throws Exception {
        TestPki.Stores rogue = pki.untrusted("CN=localhost,OU=rogue");
        start(sid -> sid == 2 ? tls(rogue) : tls(good));
        ensemble.assertKeptOut(2, 1, 3);
    }

    @Test
    void hostnameVerificationKeepsOutACertificateForAnotherHost() throws Exception {
        // ZooKeeper's host check on quorum connections runs with fips-mode off
        TestPki.Stores elsewhere = pki.issue("elsewhere", "CN=zk9.example.com", "zk9.example.com");
        start(sid -> tls(sid == 1 ? elsewhere : good, "fips-mode", "false"));
        ensemble.assertKeptOut(1, 2, 3);
    }

    @Test
    void withZooKeepersDefaultFipsModeQuorumHostsAreNotChecked() throws Exception {
        // fips-mode defaults to true in ZooKeeper 3.9: the JDK's trust manager alone, no host check on the quorum
        TestPki.Stores elsewhere = pki.issue("elsewhere3", "CN=zk9.example.com", "zk9.example.com");
        start(sid -> tls(sid == 1 ? elsewhere : good));
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(1, 2, 3);
    }

    @Test
    void withoutHostnameVerificationTheSameCertificateIsAccepted() throws Exception {
        TestPki.Stores elsewhere = pki.issue("elsewhere2", "CN=zk9.example.com", "zk9.example.com");
        start(sid -> tls(sid == 1 ? elsewhere : good, "ssl.quorum.hostnameVerification", "false", "fips-mode",
                "false"));
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(1, 2, 3);
    }

    @Test
    void portUnificationLetsTlsAndPlainMembersServeTogether() throws Exception {
        // ZooKeeper's rolling upgrade to TLS: portUnification everywhere, then sslQuorum one member at a time
        start(sid -> sid == 3 ? tls(good, "sslQuorum", "false", "portUnification", "true")
                : tls(good, "portUnification", "true"));
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(3, 1, 2);
        ensemble.assertWriteReaches(1, 3);
    }

    @Test
    void tlsAndRequiredSaslTogether(@TempDir Path jaasDir) throws Exception {
        try (JaasProperty jaas = new JaasProperty(JaasFiles.write(jaasDir.resolve("jaas.conf"),
                JaasFiles.digestServer("QuorumServer", Map.of("test", "secret")),
                JaasFiles.digestClient("QuorumLearner", "test", "secret")))) {
            start(sid -> tls(good, "quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true",
                    "quorum.auth.serverRequireSasl", "true"));
            ensemble.awaitServing(1, 2, 3);
            ensemble.assertWriteReaches(2, 1, 3);
        }
    }
}
