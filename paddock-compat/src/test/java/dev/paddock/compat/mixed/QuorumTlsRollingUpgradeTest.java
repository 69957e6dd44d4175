package dev.paddock.compat.mixed;

import dev.paddock.compat.mixed.Member.Kind;
import dev.paddock.security.TestPki;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper's rolling upgrade to quorum TLS with both kinds of server: portUnification on every member, sslQuorum
 * on some. Members that dial TLS and members that dial plain text form one ensemble, whichever kind accepts.
 */
class QuorumTlsRollingUpgradeTest {
    private MixedEnsemble ensemble;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Test
    void tlsAndPlainMembersOfBothKindsOnUnifiedPorts() throws Exception {
        TestPki pki = TestPki.create(Path.of("target", "mixed", "quorum-tls-rolling-pki").toAbsolutePath());
        Map<String, String> unified = new HashMap<>(pki.server().properties("ssl.quorum.", TestPki.Format.PKCS12));
        unified.put("portUnification", "true");
        Map<String, String> tls = new HashMap<>(unified);
        tls.put("sslQuorum", "true");
        ensemble = new MixedEnsemble("quorum-tls-rolling")
                .member(1, Kind.ZOOKEEPER, false, unified)
                .member(2, Kind.PADDOCK, false, tls)
                .member(3, Kind.ZOOKEEPER, false, tls)
                .member(4, Kind.PADDOCK, false, unified)
                .allocatePorts();
        for (long sid = 1; sid <= 4; sid++) {
            ensemble.start(sid);
        }
        for (long sid = 1; sid <= 4; sid++) {
            ensemble.awaitMode(sid, "leader", "follower");
        }
        ensemble.assertWritesReachEveryMember("unified", 1, 2, 3, 4);
    }
}
