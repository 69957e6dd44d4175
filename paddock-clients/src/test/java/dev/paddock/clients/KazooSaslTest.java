package dev.paddock.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * kazoo's own SASL tests (test_sasl.py, DIGEST-MD5 through pure-sasl) against Paddock, on their own so a SASL change
 * is checked in seconds: kazoo's harness writes a JAAS {@code Server} section and passes
 * {@code -Djava.security.auth.login.config} to its "ZooKeeper", which the launcher shim forwards to Paddock. The
 * GSSAPI tests need kazoo's KRB5 test environment and skip without it.
 */
class KazooSaslTest {
    private static final List<String> DIGEST = List.of(
            "test_sasl.py::TestLegacySASLDigestAuthentication::test_connect_sasl_auth",
            "test_sasl.py::TestLegacySASLDigestAuthentication::test_invalid_sasl_auth",
            "test_sasl.py::TestSASLDigestAuthentication::test_connect_sasl_auth",
            "test_sasl.py::TestSASLDigestAuthentication::test_invalid_sasl_auth");
    private static Path work;

    @BeforeAll
    static void needsKazoo() throws Exception {
        Tool.assumeFile(KazooSuite.PYTHON, "Debian's Python 3 (/usr/bin/python3)");
        Tool.assumeFile(KazooSuite.TESTS, "kazoo's test suite (Debian package python3-kazoo)");
        Tool.assumeRuns("kazoo, pytest and pure-sasl for Debian's Python (python3-kazoo, python3-pytest, "
                        + "python3-pytest-timeout, python3-pure-sasl)",
                KazooSuite.PYTHON.toString(), "-c", "import kazoo, pytest, pytest_timeout, puresasl");
        work = Checkout.work("kazoo-sasl");
    }

    @Test
    void kazoosDigestMd5TestsPassOnPaddock() throws Exception {
        KazooRun run = KazooSuite.run(ServerKind.PADDOCK, work, "paddock-sasl", DIGEST, List.of());
        for (String id : DIGEST) {
            assertThat(run.outcomes().get(id)).as("%s (outputs in %s)", id, work).isEqualTo(KazooRun.Outcome.PASSED);
        }
    }
}
