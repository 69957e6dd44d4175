package dev.paddock.security.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PrincipalRulesTest {
    private static final String REALM = "EXAMPLE.COM";

    @Test
    void keepsHostAndRealmByDefault() {
        PrincipalRules keep = PrincipalRules.KEEP_ALL;
        assertThat(keep.authorizedId("bob", REALM)).isEqualTo("bob");
        assertThat(keep.authorizedId("bob@EXAMPLE.COM", REALM)).isEqualTo("bob@EXAMPLE.COM");
        assertThat(keep.authorizedId("zk/host1@EXAMPLE.COM", REALM)).isEqualTo("zk/host1@EXAMPLE.COM");
    }

    @Test
    void removesHostAndRealmWhenAsked() {
        assertThat(new PrincipalRules(true, false).authorizedId("zk/host1@EXAMPLE.COM", REALM))
            .isEqualTo("zk@EXAMPLE.COM");
        assertThat(new PrincipalRules(false, true).authorizedId("zk/host1@EXAMPLE.COM", REALM))
            .isEqualTo("zk/host1");
        assertThat(new PrincipalRules(true, true).authorizedId("zk/host1@EXAMPLE.COM", REALM)).isEqualTo("zk");
    }

    @Test
    void aForeignRealmKeepsTheFullName() {
        assertThat(new PrincipalRules(true, true).authorizedId("zk/host1@OTHER.ORG", REALM))
            .isEqualTo("zk/host1@OTHER.ORG");
    }

    @Test
    void parsesAndValidatesNames() {
        assertThat(KerberosName.parse("a/b@C")).isEqualTo(new KerberosName("a", "b", "C"));
        assertThat(KerberosName.parse("plain")).isEqualTo(new KerberosName("plain", null, null));
        assertThat(KerberosName.isValid("bad@name@x")).isFalse();
        assertThatThrownBy(() -> KerberosName.parse("a/b/c@R")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serverPrincipalFollowsTheClientKeys() {
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), 2181);
        assertThat(ClientSasl.serverPrincipal(addr, "zk/explicit@R", "x", true)).isEqualTo("zk/explicit@R");
        assertThat(ClientSasl.serverPrincipal(InetSocketAddress.createUnresolved("zk1.example", 2181), null,
            null, true)).isEqualTo("zookeeper/zk1.example");
        assertThat(ClientSasl.serverPrincipal(InetSocketAddress.createUnresolved("zk1.example", 2181), null,
            "svc", false)).isEqualTo("svc/zk1.example");
    }
}
