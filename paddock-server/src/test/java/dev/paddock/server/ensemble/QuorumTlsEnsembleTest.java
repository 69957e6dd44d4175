package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestPki;
import dev.paddock.server.PaddockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
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

    private boolean serving(long sid) {
        PaddockServer s = ensemble.servers.get(sid);
        return s != null && s.view().serving();
    }

    private void awaitServing(long... sids) {
        await().atMost(Duration.ofSeconds(40)).until(() -> {
            for (long sid : sids) {
                if (!serving(sid)) {
                    return false;
                }
            }
            return true;
        });
    }

    private void writeAndReadAcross(long writer, long... readers) throws Exception {
        ZooKeeper w = ensemble.client(writer, 10_000);
        String path = "/tls-" + writer + "-" + System.nanoTime();
        w.create(path, "v".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (long r : readers) {
            ZooKeeper zk = ensemble.client(r, 10_000);
            zk.sync(path, (rc, p, ctx) -> { }, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists(path, false) != null);
        }
    }

    private void assertKeptOut(long outsider, long a, long b) throws Exception {
        awaitServing(a, b);
        writeAndReadAcross(a, b);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !serving(outsider));
        assertThat(ensemble.servers.get(outsider).view().state()).isEqualTo("looking");
        writeAndReadAcross(b, a);
    }

    @Test
    void sslQuorumEnsembleElectsAndReplicates() throws Exception {
        start(sid -> tls(good, "sslQuorumReloadCertFiles", sid == 2 ? "true" : "false"));
        awaitServing(1, 2, 3);
        writeAndReadAcross(1, 2, 3);
        writeAndReadAcross(3, 1, 2);
    }

    @Test
    void memberWithoutTlsIsKeptOut() throws Exception {
        start(sid -> sid == 3 ? Map.of() : tls(good));
        assertKeptOut(3, 1, 2);
    }

    @Test
    void memberWithAnUntrustedCertificateIsKeptOut() throws Exception {
        TestPki.Stores rogue = pki.untrusted("CN=localhost,OU=rogue");
        start(sid -> sid == 2 ? tls(rogue) : tls(good));
        assertKeptOut(2, 1, 3);
    }

    @Test
    void hostnameVerificationKeepsOutACertificateForAnotherHost() throws Exception {
        TestPki.Stores elsewhere = pki.issue("elsewhere", "CN=zk9.example.com", "zk9.example.com");
        start(sid -> sid == 1 ? tls(elsewhere) : tls(good));
        assertKeptOut(1, 2, 3);
    }

    @Test
    void withoutHostnameVerificationTheSameCertificateIsAccepted() throws Exception {
        TestPki.Stores elsewhere = pki.issue("elsewhere2", "CN=zk9.example.com", "zk9.example.com");
        start(sid -> tls(sid == 1 ? elsewhere : good, "ssl.quorum.hostnameVerification", "false"));
        awaitServing(1, 2, 3);
        writeAndReadAcross(1, 2, 3);
    }

    @Test
    void portUnificationLetsTlsAndPlainMembersServeTogether() throws Exception {
        // ZooKeeper's rolling upgrade to TLS: portUnification everywhere, then sslQuorum one member at a time
        start(sid -> sid == 3 ? tls(good, "sslQuorum", "false", "portUnification", "true")
                : tls(good, "portUnification", "true"));
        awaitServing(1, 2, 3);
        writeAndReadAcross(3, 1, 2);
        writeAndReadAcross(1, 3);
    }

    @Test
    void tlsAndRequiredSaslTogether(@TempDir Path jaasDir) throws Exception {
        Path jaas = JaasFiles.write(jaasDir.resolve("jaas.conf"),
                JaasFiles.digestServer("QuorumServer", Map.of("test", "secret")),
                JaasFiles.digestClient("QuorumLearner", "test", "secret"));
        String previous = System.setProperty("java.security.auth.login.config", jaas.toString());
        try {
            start(sid -> tls(good, "quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true",
                    "quorum.auth.serverRequireSasl", "true"));
            awaitServing(1, 2, 3);
            writeAndReadAcross(2, 1, 3);
        } finally {
            if (previous == null) {
                System.clearProperty("java.security.auth.login.config");
            } else {
                System.setProperty("java.security.auth.login.config", previous);
            }
        }
    }
}
