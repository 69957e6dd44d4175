package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestKdc;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process Paddock servers with quorum SASL over Kerberos (GSSAPI) against an in-process KDC, each logged
 * in as {@code zkquorum/localhost}, and the server lines naming localhost. CVE-2023-44981: a learner whose
 * principal has no host part, or names a host that is no configured server, is refused.
 */
class QuorumKerberosEnsembleTest {
    private static final String JAAS = "java.security.auth.login.config";
    private static String previousJaas;

    @TempDir
    static Path jaasDir;
    @TempDir
    Path dir;
    private InProcessEnsemble ensemble;

    @BeforeAll
    static void kdcAndJaas() {
        TestKdc kdc = TestKdc.shared();
        Path file = JaasFiles.write(jaasDir.resolve("jaas.conf"),
                JaasFiles.kerberos("QuorumServer", kdc.keytab("zkquorum/localhost"),
                        kdc.principal("zkquorum/localhost")),
                JaasFiles.kerberos("QuorumLearner", kdc.keytab("zkquorum/localhost"),
                        kdc.principal("zkquorum/localhost")),
                JaasFiles.kerberos("NoHostLearner", kdc.keytab("zkquorum"), kdc.principal("zkquorum")),
                JaasFiles.kerberos("ElsewhereLearner", kdc.keytab("zkquorum/evil.example.com"),
                        kdc.principal("zkquorum/evil.example.com")));
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

    private void start(LongFunction<Map<String, String>> perServer) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("quorum.auth.enableSasl", "true");
        all.put("quorum.auth.learnerRequireSasl", "true");
        all.put("quorum.auth.serverRequireSasl", "true");
        all.put("quorum.auth.kerberos.servicePrincipal", "zkquorum/_HOST");
        ensemble = InProcessEnsemble.start("localhost", dir, 3, 0, sid -> null, all, perServer);
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

    private void writeAndRead(long writer, long reader) throws Exception {
        ZooKeeper w = ensemble.client(writer, 10_000);
        String path = "/krb-" + writer + "-" + System.nanoTime();
        w.create(path, "v".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        ZooKeeper r = ensemble.client(reader, 10_000);
        r.sync(path, (rc, p, ctx) -> { }, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> r.exists(path, false) != null);
    }

    @Test
    void kerberosEnsembleElectsAndReplicates() throws Exception {
        start(sid -> Map.of());
        awaitServing(1, 2, 3);
        writeAndRead(1, 3);
        writeAndRead(3, 2);
    }

    @Test
    void cve202344981LearnerPrincipalWithoutHostIsRefused() throws Exception {
        start(sid -> sid == 3 ? Map.of("quorum.auth.learner.saslLoginContext", "NoHostLearner") : Map.of());
        assertKeptOut(3);
    }

    @Test
    void cve202344981LearnerPrincipalForAnotherHostIsRefused() throws Exception {
        start(sid -> sid == 3 ? Map.of("quorum.auth.learner.saslLoginContext", "ElsewhereLearner") : Map.of());
        assertKeptOut(3);
    }

    private void assertKeptOut(long outsider) throws Exception {
        awaitServing(1, 2);
        writeAndRead(1, 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !serving(outsider));
        long leader = ensemble.servers.get(1L).view().state().equals("leader") ? 1 : 2;
        assertThat(ensemble.mntr(leader)).containsEntry("zk_synced_followers", "1");
    }
}
