package dev.paddock.server.ensemble;

import dev.paddock.security.JaasFiles;
import dev.paddock.security.TestKdc;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongFunction;
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
    private static JaasProperty jaas;

    @TempDir
    static Path jaasDir;
    @TempDir
    Path dir;
    private InProcessEnsemble ensemble;

    @BeforeAll
    static void kdcAndJaas() {
        TestKdc kdc = TestKdc.shared();
        jaas = new JaasProperty(JaasFiles.write(jaasDir.resolve("jaas.conf"),
                JaasFiles.kerberos("QuorumServer", kdc.keytab("zkquorum/localhost"),
                        kdc.principal("zkquorum/localhost")),
                JaasFiles.kerberos("QuorumLearner", kdc.keytab("zkquorum/localhost"),
                        kdc.principal("zkquorum/localhost")),
                JaasFiles.kerberos("NoHostLearner", kdc.keytab("zkquorum"), kdc.principal("zkquorum")),
                JaasFiles.kerberos("ElsewhereLearner", kdc.keytab("zkquorum/evil.example.com"),
                        kdc.principal("zkquorum/evil.example.com"))));
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

    private void start(LongFunction<Map<String, String>> perServer) throws Exception {
        Map<String, String> all = new HashMap<>(QuorumSaslEnsembleTest.required());
        all.put("quorum.auth.kerberos.servicePrincipal", "zkquorum/_HOST");
        ensemble = InProcessEnsemble.start("localhost", dir, 3, 0, sid -> null, all, perServer);
    }

    @Test
    void kerberosEnsembleElectsAndReplicates() throws Exception {
        start(sid -> Map.of());
        ensemble.awaitServing(1, 2, 3);
        ensemble.assertWriteReaches(1, 3);
        ensemble.assertWriteReaches(3, 2);
    }

    @Test
    void cve202344981LearnerPrincipalWithoutHostIsRefused() throws Exception {
        start(sid -> sid == 3 ? Map.of("quorum.auth.learner.saslLoginContext", "NoHostLearner") : Map.of());
        ensemble.assertKeptOut(3, 1, 2);
    }

    @Test
    void cve202344981LearnerPrincipalForAnotherHostIsRefused() throws Exception {
        start(sid -> sid == 3 ? Map.of("quorum.auth.learner.saslLoginContext", "ElsewhereLearner") : Map.of());
        ensemble.assertKeptOut(3, 1, 2);
    }
}
