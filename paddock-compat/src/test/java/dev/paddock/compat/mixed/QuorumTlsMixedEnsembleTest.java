package dev.paddock.compat.mixed;


import dev.paddock.compat.mixed.Member.Kind;
import dev.paddock.security.TestPki;
import java.nio.file.Path;
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
 * Quorum TLS (sslQuorum, ssl.quorum.* stores, hostname verification on) in a mixed ensemble: ZooKeeper 3.9.3
 * server 1, Paddock servers 2 and 3, one CA; observer 4 has no TLS and stays out, first as Paddock, then as
 * ZooKeeper; then ZooKeeper leads Paddock learners over TLS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuorumTlsMixedEnsembleTest {
    private MixedEnsemble ensemble;

    @BeforeAll
    void startEnsemble() {
        TestPki pki = TestPki.create(Path.of("target", "mixed", "quorum-tls-pki").toAbsolutePath());
        Map<String, String> tls = new HashMap<>(pki.server().properties("ssl.quorum.", TestPki.Format.PKCS12));
        tls.put("sslQuorum", "true");
        ensemble = new MixedEnsemble("quorum-tls")
                .member(1, Kind.ZOOKEEPER, false, tls)
                .member(2, Kind.PADDOCK, false, tls)
                .member(3, Kind.PADDOCK, false, tls)
                .member(4, Kind.PADDOCK, true, Map.of())
                .allocatePorts();
        ensemble.start(3);
        ensemble.start(1);
        ensemble.start(2);
        ensemble.start(4);
    }

    @AfterAll
    void stopEnsemble() {
        ensemble.close();
    }

    @Test
    @Order(1)
    void zooKeeperFollowsPaddockOverTls() throws Exception {
        ensemble.awaitMode(3, "leader");
        ensemble.awaitMode(1, "follower");
        ensemble.awaitMode(2, "follower");
        ensemble.awaitLog(1, "SSL handshake complete");
        ensemble.assertWritesReachEveryMember("tls", 1, 2, 3);
    }

    @Test
    @Order(2)
    void plainPaddockMemberStaysOut() throws Exception {
        ensemble.assertStaysOut(4, 1, 2);
    }

    @Test
    @Order(3)
    void plainZooKeeperMemberStaysOut() throws Exception {
        ensemble.restartAs(4, Kind.ZOOKEEPER);
        ensemble.assertStaysOut(4, 1, 2);
    }

    @Test
    @Order(4)
    void paddockFollowsZooKeeperOverTls() throws Exception {
        ensemble.kill(4);
        // the Paddock leader goes and Paddock 2 (the higher survivor) leads; a write while 3 is down, then 2 goes
        // too and 3 comes back: ZooKeeper 1 has the newer zxid and leads Paddock 3
        ensemble.kill(3);
        ensemble.awaitMode(2, "leader");
        ensemble.awaitMode(1, "follower");
        ensemble.assertWritesReachEveryMember("paddock-led", 1, 2);
        ensemble.kill(2);
        ensemble.start(3);
        ensemble.awaitMode(1, "leader");
        ensemble.awaitMode(3, "follower");
        ensemble.assertWritesReachEveryMember("zookeeper-led", 1, 3);
    }
}
