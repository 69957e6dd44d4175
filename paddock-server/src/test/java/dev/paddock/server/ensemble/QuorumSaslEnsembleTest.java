package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.security.JaasFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process Paddock servers with quorum SASL DIGEST-MD5 over real sockets: the JAAS QuorumServer and
 * QuorumLearner sections of ZooKeeper's documentation, a member with bad credentials kept out (CVE-2018-8012), and
 * the rolling-upgrade shape (SASL on but not required on some members).
 */
class QuorumSaslEnsembleTest {
    private static JaasProperty jaas;

    @TempDir
    static Path jaasDir;
    @TempDir
    Path dir;
    private InProcessEnsemble ensemble;

    @BeforeAll
    static void jaas() {
        jaas = new JaasProperty(JaasFiles.write(jaasDir.resolve("jaas.conf"),
                JaasFiles.digestServer("QuorumServer", Map.of("test", "secret")),
                JaasFiles.digestClient("QuorumLearner", "test", "secret"),
                JaasFiles.digestClient("WrongPassword", "test", "guessed"),
                JaasFiles.digestClient("UnknownUser", "mallory", "secret")));
    }

    @AfterAll
    static void restoreJaas() {
        jaas.close();
    }

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    static Map<String, String> required() {
        return Map.of("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true",
                "quorum.auth.serverRequireSasl", "true");
    }

    private void start(Map<String, String> all, LongFunction<Map<String, String>> perServer) throws Exception {
        ensemble = InProcessEnsemble.start(dir, 3, 0, sid -> null, all, perServer);
    }

    @Test
    void requiredDigestMd5EnsembleElectsAndReplicates() throws Exception {
        start(required(), sid -> Map.of());
        ensemble.awaitServing(1, 2, 3);
        assertThat(List.of(1L, 2L, 3L)).extracting(sid -> ensemble.servers.get(sid).view().state())
                .containsOnlyOnce("leader");
        ensemble.assertWriteReaches(1, 2, 3);
        ensemble.assertWriteReaches(3, 1);
    }

    @Test
    void cve20188012MemberWithWrongPasswordIsKeptOutAndTheOthersServe() throws Exception {
        start(required(), sid -> sid == 3 ? Map.of("quorum.auth.learner.saslLoginContext", "WrongPassword")
                : Map.of());
        ensemble.assertKeptOut(3, 1, 2);
    }

    @Test
    void cve20188012MemberWithUnknownUserIsKeptOut() throws Exception {
        // sid 1 with a bad learner section: the others' authenticated election connections to it may let it vote
        // and learn the leader (as in ZooKeeper), but the leader's quorum port refuses it
        start(required(), sid -> sid == 1 ? Map.of("quorum.auth.learner.saslLoginContext", "UnknownUser")
                : Map.of());
        ensemble.assertKeptOut(1, 2, 3);
    }

    @Test
    void cve20188012MemberWithoutQuorumSaslIsKeptOut() throws Exception {
        start(Map.of(), sid -> sid == 3 ? Map.of() : required());
        ensemble.assertKeptOut(3, 1, 2);
    }

    @Test
    void rollingUpgradeShapeSaslOnButNotRequiredEverywhere() throws Exception {
        // ZooKeeper's documented steps: enableSasl everywhere, then learnerRequireSasl one server at a time, then
        // serverRequireSasl. Here the middle step, half done: servers accept peers that send no auth packet.
        Map<String, String> learner = Map.of("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl",
                "true");
        start(Map.of(), sid -> sid == 1 ? Map.of("quorum.auth.enableSasl", "true") : learner);
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(2, 1, 3);
        ensemble.assertWriteReaches(1, 2, 3);
    }

    @Test
    void firstRollingStepSaslEnabledBesidePlainMembers() throws Exception {
        start(Map.of(), sid -> sid == 2 ? Map.of("quorum.auth.enableSasl", "true") : Map.of());
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(1, 2, 3);
    }
}
