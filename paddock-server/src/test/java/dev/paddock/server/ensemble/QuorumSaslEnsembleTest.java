package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.security.JaasFiles;
import dev.paddock.server.PaddockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
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
    private static final String JAAS = "java.security.auth.login.config";
    private static String previousJaas;

    @TempDir
    static Path jaasDir;
    @TempDir
    Path dir;
    private InProcessEnsemble ensemble;

    @BeforeAll
    static void jaas() {
        Path file = JaasFiles.write(jaasDir.resolve("jaas.conf"),
                JaasFiles.digestServer("QuorumServer", Map.of("test", "secret")),
                JaasFiles.digestClient("QuorumLearner", "test", "secret"),
                JaasFiles.digestClient("WrongPassword", "test", "guessed"),
                JaasFiles.digestClient("UnknownUser", "mallory", "secret"));
        previousJaas = System.setProperty(JAAS, file.toString());
    }

    @AfterAll
    static void restoreJaas() {
        if (previousJaas == null) {
            System.clearProperty(JAAS);
        } else {
            System.setProperty(JAAS, previousJaas);
        }
    }

    @AfterEach
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private static Map<String, String> required() {
        return Map.of("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true",
                "quorum.auth.serverRequireSasl", "true");
    }

    private void start(Map<String, String> all, LongFunction<Map<String, String>> perServer) throws Exception {
        ensemble = InProcessEnsemble.start(dir, 3, 0, sid -> null, all, perServer);
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

    /** A write on the first server is read on each of the others. */
    private void writeAndReadAcross(long writer, long... readers) throws Exception {
        ZooKeeper w = ensemble.client(writer, 10_000);
        String path = "/written-on-" + writer + "-" + System.nanoTime();
        w.create(path, "v".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (long r : readers) {
            ZooKeeper zk = ensemble.client(r, 10_000);
            zk.sync(path, (rc, p, ctx) -> { }, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists(path, false) != null);
        }
    }

    @Test
    void requiredDigestMd5EnsembleElectsAndReplicates() throws Exception {
        start(required(), sid -> Map.of());
        awaitServing(1, 2, 3);
        assertThat(List.of(1L, 2L, 3L)).extracting(sid -> ensemble.servers.get(sid).view().state())
                .containsOnlyOnce("leader");
        writeAndReadAcross(1, 2, 3);
        writeAndReadAcross(3, 1);
    }

    @Test
    void cve20188012MemberWithWrongPasswordIsKeptOutAndTheOthersServe() throws Exception {
        start(required(), sid -> sid == 3 ? Map.of("quorum.auth.learner.saslLoginContext", "WrongPassword")
                : Map.of());
        assertKeptOut(3);
    }

    @Test
    void cve20188012MemberWithUnknownUserIsKeptOut() throws Exception {
        start(required(), sid -> sid == 1 ? Map.of("quorum.auth.learner.saslLoginContext", "UnknownUser")
                : Map.of());
        assertKeptOut(1);
    }

    @Test
    void cve20188012MemberWithoutQuorumSaslIsKeptOut() throws Exception {
        start(Map.of(), sid -> sid == 3 ? Map.of() : required());
        assertKeptOut(3);
    }

    private void assertKeptOut(long outsider) throws Exception {
        long[] others = outsider == 1 ? new long[] {2, 3} : outsider == 2 ? new long[] {1, 3} : new long[] {1, 2};
        awaitServing(others);
        writeAndReadAcross(others[0], others[1]);
        // the outsider keeps trying and never syncs: with bad learner credentials the others' authenticated
        // election connections to it may let it vote and learn the leader (as in ZooKeeper), but the leader's
        // quorum port refuses it
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !serving(outsider));
        long leader = ensemble.servers.get(others[0]).view().state().equals("leader") ? others[0] : others[1];
        assertThat(ensemble.mntr(leader)).containsEntry("zk_synced_followers", "1");
        writeAndReadAcross(others[1], others[0]);
    }

    @Test
    void rollingUpgradeShapeSaslOnButNotRequiredEverywhere() throws Exception {
        // ZooKeeper's documented steps: enableSasl everywhere, then learnerRequireSasl one server at a time, then
        // serverRequireSasl. Here the middle step, half done: servers accept peers that send no auth packet.
        Map<Long, Map<String, String>> per = new HashMap<>();
        per.put(1L, Map.of("quorum.auth.enableSasl", "true"));
        per.put(2L, Map.of("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true"));
        per.put(3L, Map.of("quorum.auth.enableSasl", "true", "quorum.auth.learnerRequireSasl", "true"));
        start(Map.of(), per::get);
        awaitServing(1, 2, 3);
        writeAndReadAcross(2, 1, 3);
        writeAndReadAcross(1, 2, 3);
    }

    @Test
    void firstRollingStepSaslEnabledBesidePlainMembers() throws Exception {
        start(Map.of(), sid -> sid == 2 ? Map.of("quorum.auth.enableSasl", "true") : Map.of());
        awaitServing(1, 2, 3);
        writeAndReadAcross(1, 2, 3);
    }
}
