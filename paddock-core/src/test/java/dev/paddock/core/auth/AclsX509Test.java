package dev.paddock.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AclsX509Test {
    private static final Id ALICE = new Id("x509", "CN=alice,OU=test,O=Paddock");
    /** A server with TLS registers the x509 provider, as ZooKeeper's X509Util does. */
    private static final Set<String> WITH_X509 = Set.of("ip", "digest", "x509");

    @Test
    void x509IdsAreValidWhenTheyParseAsX500Names() {
        assertThat(Acls.fixup(List.of(new ACL(31, ALICE)), List.of(), WITH_X509)).containsExactly(new ACL(31, ALICE));
        assertThat(Acls.fixup(List.of(new ACL(31, new Id("x509", "not a dn"))), List.of(), WITH_X509)).isNull();
        // without TLS (no x509 provider) the scheme is unknown, as in ZooKeeper
        assertThat(Acls.fixup(List.of(new ACL(31, ALICE)), List.of(), ClientAuth.BUILT_IN_PROVIDERS)).isNull();
    }

    @Test
    void x509MatchesExactlyAndAuthExpandsToIt() {
        List<ACL> acl = List.of(new ACL(1, ALICE));
        assertThat(Acls.allowed(acl, 1, List.of(ALICE))).isTrue();
        assertThat(Acls.allowed(acl, 1, List.of(new Id("x509", "CN=bob")))).isFalse();
        assertThat(Acls.allowed(acl, 2, List.of(ALICE))).isFalse();
        assertThat(Acls.fixup(List.of(new ACL(31, new Id("auth", ""))), List.of(new Id("ip", "1.2.3.4"), ALICE),
                WITH_X509)).containsExactly(new ACL(31, ALICE));
        assertThat(Acls.userName(ALICE, WITH_X509)).isEqualTo(ALICE.id());
        assertThat(Acls.userName(ALICE, ClientAuth.BUILT_IN_PROVIDERS)).isEmpty();
    }
}
