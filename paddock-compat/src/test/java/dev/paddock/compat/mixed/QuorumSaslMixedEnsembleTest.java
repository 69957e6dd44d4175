package dev.paddock.compat.mixed;

import static org.awaitility.Awaitility.await;

import dev.paddock.compat.mixed.Member.Kind;
import dev.paddock.security.JaasFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Quorum SASL DIGEST-MD5 (required both ways) in a mixed ensemble: ZooKeeper 3.9.3 servers 1 and 3, Paddock
 * server 2, all with the QuorumServer/QuorumLearner JAAS sections of ZooKeeper's documentation; observer 4 holds
 * neither password (CVE-2018-8012) and must stay out, first as a Paddock server, then as a ZooKeeper one; then
 * Paddock leads ZooKeeper learners over SASL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumSaslMixedEnsembleTest {
    private MixedEnsemble ensemble;

    static Map<String, String> requiredSasl(String serverSection, String learnerSection) {
        Map<String, String> m = new HashMap<>();
        m.put("quorum.auth.enableSasl", "true");
        m.put("quorum.auth.learnerRequireSasl", "true");
        m.put("quorum.auth.serverRequireSasl", "true");
        m.put("quorum.auth.server.saslLoginContext", serverSection);
        m.put("quorum.auth.learner.saslLoginContext", learnerSection);
        return m;
    }

    @BeforeAll
    void startEnsemble() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "mixed", "quorum-sasl-jaas").toAbsolutePath());
        Path jaas = JaasFiles.write(dir.resolve("jaas.conf"),
                JaasFiles.digestServer("QuorumServer", Map.of("test", "secret")),
                JaasFiles.digestClient("QuorumLearner", "test", "secret"),
                JaasFiles.digestServer("IntruderServer", Map.of("test", "not-the-secret")),
                JaasFiles.digestClient("IntruderLearner", "test", "not-the-secret"));
        String jvm = "-Djava.security.auth.login.config=" + jaas;
        Map<String, String> good = requiredSasl("QuorumServer", "QuorumLearner");
        Map<String, String> intruder = requiredSasl("IntruderServer", "IntruderLearner");
        ensemble = new MixedEnsemble("quorum-sasl")
                .member(1, Kind.ZOOKEEPER, false, good, jvm)
                .member(2, Kind.PADDOCK, false, good, jvm)
                .member(3, Kind.ZOOKEEPER, false, good, jvm)
                .member(4, Kind.PADDOCK, true, intruder, jvm)
                .allocatePorts();
        ensemble.start(2);
        ensemble.start(3);
        ensemble.start(1);
        ensemble.start(4);
    }

    @AfterAll
    void stopEnsemble() {
        ensemble.close();
    }

    @Test
    @Order(1)
    void zooKeeperAndPaddockAuthenticateEachOtherAndReplicate() throws Exception {
        ensemble.awaitMode(3, "leader");
        ensemble.awaitMode(1, "follower");
        ensemble.awaitMode(2, "follower");
        ensemble.awaitLog(3, "Successfully completed the authentication using SASL");
        ensemble.assertWritesReachEveryMember("sasl", 1, 2, 3);
    }

    @Test
    @Order(2)
    void cve20188012PaddockMemberWithoutThePasswordStaysOut() throws Exception {
        assertStaysOut(4);
    }

    @Test
    @Order(3)
    void cve20188012ZooKeeperMemberWithoutThePasswordStaysOut() throws Exception {
        ensemble.restartAs(4, Kind.ZOOKEEPER);
        assertStaysOut(4);
    }

    @Test
    @Order(4)
    void paddockLeadsZooKeeperLearnersWithSasl() throws Exception {
        // the ZooKeeper leader goes: Paddock 2 and ZooKeeper 1 elect, and 2 (the higher sid) leads
        ensemble.kill(4);
        ensemble.kill(3);
        ensemble.awaitMode(2, "leader");
        ensemble.awaitMode(1, "follower");
        ensemble.assertWritesReachEveryMember("paddock-led", 1, 2);
        ensemble.start(3);
        ensemble.awaitMode(3, "follower");
        ensemble.assertWritesReachEveryMember("after-return", 1, 2, 3);
    }

    private void assertStaysOut(long sid) throws Exception {
        Member m = ensemble.get(sid);
        // Paddock logs "authentication failed", ZooKeeper "Failed to authenticate using SASL"
        await(m + " to be refused").atMost(MixedEnsemble.START_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .until(() -> m.logText().toLowerCase()
                        .matches("(?s).*(authentication failed|failed to authenticate).*"));
        ensemble.assertStaysOut(sid, 1, 2);
    }
}
