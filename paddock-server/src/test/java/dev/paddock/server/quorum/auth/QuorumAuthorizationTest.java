package dev.paddock.server.quorum.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who may join once authenticated: ZooKeeper 3.9.3's rules, CVE-2023-44981 included. */
class QuorumAuthorizationTest {
    private static final Set<String> HOSTS = Set.of("zk1.example.com", "zk2.example.com", "localhost");

    @Test
    void cve202344981PrincipalWithoutHostPartIsRefused() {
        // before the fix a principal with no instance part skipped the host check and joined
        assertThat(QuorumAuthorization.refusal("zkquorum@EXAMPLE.COM", "zkquorum@EXAMPLE.COM", true, HOSTS))
                .contains("no service/host@REALM form");
        assertThat(QuorumAuthorization.refusal("eve@EXAMPLE.COM", "eve@EXAMPLE.COM", true, HOSTS)).isNotNull();
    }

    @Test
    void cve202344981HostMustBeAConfiguredServer() {
        assertThat(QuorumAuthorization.refusal("zkquorum/evil.example.com@EXAMPLE.COM",
                "zkquorum/evil.example.com@EXAMPLE.COM", true, HOSTS)).contains("not the host of any configured");
        assertThat(QuorumAuthorization.refusal("zkquorum/zk2.example.com@EXAMPLE.COM",
                "zkquorum/zk2.example.com@EXAMPLE.COM", true, HOSTS)).isNull();
        // more parts than service/host@REALM
        assertThat(QuorumAuthorization.refusal("a/b/zk1.example.com@EXAMPLE.COM", "a/b/zk1.example.com@EXAMPLE.COM",
                true, HOSTS)).isNotNull();
    }

    @Test
    void authorizationIdMustBeTheAuthenticatedOne() {
        assertThat(QuorumAuthorization.refusal("test", "super", false, HOSTS)).isNotNull();
        assertThat(QuorumAuthorization.refusal("zkquorum/localhost@EXAMPLE.COM", "zkquorum/zk1.example.com@EXAMPLE.COM",
                true, HOSTS)).isNotNull();
    }

    @Test
    void digestUsersNeedOnlyTheirPassword() {
        assertThat(QuorumAuthorization.refusal("test", "test", false, HOSTS)).isNull();
        assertThat(QuorumAuthorization.refusal("learner", "learner", false, Set.of())).isNull();
    }
}
