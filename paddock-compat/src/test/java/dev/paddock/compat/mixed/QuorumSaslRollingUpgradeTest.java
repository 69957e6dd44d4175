package dev.paddock.compat.mixed;


import dev.paddock.compat.mixed.Member.Kind;
import dev.paddock.security.JaasFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ZooKeeper's rolling upgrade to quorum SASL with both kinds of server in the ensemble: members that have SASL on
 * but not required must take peers that send no auth packet (and peers that do), whichever kind either side is.
 */
class QuorumSaslRollingUpgradeTest {
    private MixedEnsemble ensemble;

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private static String jaas(String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "mixed", name + "-jaas").toAbsolutePath());
        Path file = JaasFiles.write(dir.resolve("jaas.conf"),
                JaasFiles.digestServer("QuorumServer", Map.of("test", "secret")),
                JaasFiles.digestClient("QuorumLearner", "test", "secret"));
        return "-Djava.security.auth.login.config=" + file;
    }

    private void assertAllServeAndReplicate(long... sids) throws Exception {
        for (long sid : sids) {
            ensemble.awaitMode(sid, "leader", "follower");
        }
        ensemble.assertWritesReachEveryMember("rolling", sids);
    }

    @Test
    void saslEnabledBesidePlainMembers() throws Exception {
        // step 1: quorum.auth.enableSasl=true on some members, the others not yet
        String jvm = jaas("rolling-1");
        Map<String, String> enabled = Map.of("quorum.auth.enableSasl", "true");
        ensemble = new MixedEnsemble("quorum-sasl-rolling-1")
                .member(1, Kind.PADDOCK, false, enabled, jvm)
                .member(2, Kind.ZOOKEEPER, false, Map.of(), jvm)
                .member(3, Kind.ZOOKEEPER, false, enabled, jvm)
                .member(4, Kind.PADDOCK, false, Map.of(), jvm)
                .allocatePorts();
        for (long sid = 1; sid <= 4; sid++) {
            ensemble.start(sid);
        }
        assertAllServeAndReplicate(1, 2, 3, 4);
    }

    @Test
    void learnersAuthenticatingBesideMembersThatDoNot() throws Exception {
        // step 2: learnerRequireSasl=true on some members; every member has enableSasl and none requires it yet
        String jvm = jaas("rolling-2");
        Map<String, String> enabled = Map.of("quorum.auth.enableSasl", "true");
        Map<String, String> learner = Map.of("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl",
                "true");
        ensemble = new MixedEnsemble("quorum-sasl-rolling-2")
                .member(1, Kind.PADDOCK, false, enabled, jvm)
                .member(2, Kind.ZOOKEEPER, false, enabled, jvm)
                .member(3, Kind.ZOOKEEPER, false, learner, jvm)
                .member(4, Kind.PADDOCK, false, learner, jvm)
                .allocatePorts();
        for (long sid = 1; sid <= 4; sid++) {
            ensemble.start(sid);
        }
        assertAllServeAndReplicate(1, 2, 3, 4);
    }
}
