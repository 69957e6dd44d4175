package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.auth.ClientAuth;
import dev.paddock.core.auth.SaslAuthenticator;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetSASLRequest;
import dev.paddock.jute.proto.SetSASLResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SASL exchange, sasl ACLs and enforced authentication in the core, with a fake two-step mechanism. */
class SaslAuthTest {
    /** Step one: any token gets "challenge"; step two: "user:secret" completes as user, anything else fails. */
    static final SaslAuthenticator FAKE = () -> new SaslAuthenticator.Exchange() {
        private int step;
        private String id;

        @Override
        public byte[] respond(byte[] token) throws SaslAuthenticator.Failure {
            if (step++ == 0) {
                return bytes("challenge");
            }
            String[] parts = new String(token, StandardCharsets.UTF_8).split(":");
            if (parts.length != 2 || !parts[1].equals("secret")) {
                throw new SaslAuthenticator.Failure("bad password", null);
            }
            id = parts[0];
            return null;
        }

        @Override
        public boolean complete() {
            return id != null;
        }

        @Override
        public String authorizedId() {
            return id;
        }
    };

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static CoreHarness harness(ClientAuth auth) {
        return new CoreHarness(CoreConfig.defaults().withClientAuth(auth));
    }

    private static ClientAuth sasl(boolean enforce, Set<String> schemes, boolean allowFailed) {
        return new ClientAuth(FAKE, enforce, schemes, Set.of("admin"), allowFailed);
    }

    private static FakeConnection.Sent sasl(CoreHarness h, FakeConnection c, int xid, String token) {
        return h.call(c, xid, OpCode.SASL, new GetSASLRequest(bytes(token)));
    }

    private static int err(FakeConnection.Sent s) {
        return s.header().err();
    }

    private static CreateRequest create(String path, List<ACL> acl) {
        return new CreateRequest(path, bytes("d"), acl, CreateMode.PERSISTENT.flag);
    }

    @Test
    void completedExchangeGrantsTheSaslIdForAcls() {
        CoreHarness h = harness(sasl(false, Set.of(), false));
        FakeConnection bob = h.connect(30000);
        FakeConnection.Sent first = sasl(h, bob, 1, "");
        assertThat(err(first)).isZero();
        assertThat(((SetSASLResponse) first.body()).token()).isEqualTo(bytes("challenge"));
        assertThat(err(sasl(h, bob, 2, "bob:secret"))).isZero();
        List<ACL> onlyBob = List.of(new ACL(Perms.ALL, new Id("sasl", "bob")));
        assertThat(err(h.call(bob, 3, OpCode.CREATE, create("/b", onlyBob)))).isZero();
        assertThat(err(h.call(bob, 4, OpCode.GET_DATA, new GetDataRequest("/b", false)))).isZero();

        FakeConnection anonymous = h.connect(30000);
        assertThat(err(h.call(anonymous, 1, OpCode.GET_DATA, new GetDataRequest("/b", false))))
            .isEqualTo(ErrorCode.NOAUTH.code);
        FakeConnection admin = h.connect(30000);
        sasl(h, admin, 1, "");
        sasl(h, admin, 2, "admin:secret");
        assertThat(err(h.call(admin, 3, OpCode.GET_DATA, new GetDataRequest("/b", false)))).isZero();
        assertThat(bob.closed || anonymous.closed || admin.closed).isFalse();
    }

    @Test
    void authAclExpandsToTheSaslIdAndMalformedSaslIdsAreInvalid() {
        CoreHarness h = harness(sasl(false, Set.of(), false));
        FakeConnection bob = h.connect(30000);
        sasl(h, bob, 1, "");
        sasl(h, bob, 2, "bob:secret");
        List<ACL> auth = List.of(new ACL(Perms.ALL, new Id("auth", "")));
        assertThat(err(h.call(bob, 3, OpCode.CREATE, create("/a", auth)))).isZero();
        assertThat(h.core.tree().get("/a").acl()).containsExactly(new ACL(Perms.ALL, new Id("sasl", "bob")));
        List<ACL> bad = List.of(new ACL(Perms.ALL, new Id("sasl", "a@b@c")));
        assertThat(err(h.call(bob, 4, OpCode.CREATE, create("/x", bad)))).isEqualTo(ErrorCode.INVALIDACL.code);
        List<ACL> kerberos = List.of(new ACL(Perms.ALL, new Id("sasl", "zk/host@EXAMPLE.COM")));
        assertThat(err(h.call(bob, 5, OpCode.CREATE, create("/k", kerberos)))).isZero();
    }

    @Test
    void failedExchangeIsAuthFailedAndClosesTheConnection() {
        CoreHarness h = harness(sasl(false, Set.of(), false));
        FakeConnection c = h.connect(30000);
        sasl(h, c, 1, "");
        FakeConnection.Sent s = sasl(h, c, 2, "bob:wrong");
        assertThat(err(s)).isEqualTo(ErrorCode.AUTHFAILED.code);
        assertThat(((SetSASLResponse) s.body()).token()).isNull();
        assertThat(c.closed).isTrue();
        FakeConnection other = h.connect(30000);
        assertThat(err(h.call(other, 1, OpCode.EXISTS, new ExistsRequest("/", false)))).isZero();
    }

    @Test
    void allowSaslFailedClientsKeepsTheConnectionUnlessSaslIsEnforced() {
        CoreHarness h = harness(sasl(false, Set.of(), true));
        FakeConnection c = h.connect(30000);
        sasl(h, c, 1, "");
        assertThat(err(sasl(h, c, 2, "bob:wrong"))).isZero();
        assertThat(c.closed).isFalse();

        CoreHarness enforced = harness(sasl(true, Set.of("sasl"), true));
        FakeConnection d = enforced.connect(30000);
        sasl(enforced, d, 1, "");
        assertThat(err(sasl(enforced, d, 2, "bob:wrong"))).isEqualTo(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH.code);
        assertThat(d.closed).isTrue();
    }

    @Test
    void withoutSaslConfiguredASaslPacketIsAuthFailed() {
        CoreHarness h = new CoreHarness(CoreConfig.defaults());
        FakeConnection c = h.connect(30000);
        assertThat(err(sasl(h, c, 1, ""))).isEqualTo(ErrorCode.AUTHFAILED.code);
        assertThat(c.closed).isTrue();
    }

    @Test
    void enforcedAuthRefusesAnUnauthenticatedClientBeforeItTouchesTheTree() {
        CoreHarness h = harness(sasl(true, Set.of("sasl"), false));
        FakeConnection c = h.connect(30000);
        FakeConnection.Sent s = h.call(c, 1, OpCode.CREATE, create("/x", DataTree.OPEN_ACL));
        assertThat(err(s)).isEqualTo(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH.code);
        assertThat(s.body()).isNull();
        assertThat(c.closed).isTrue();
        assertThat(h.core.tree().get("/x")).isNull();

        FakeConnection ok = h.connect(30000);
        sasl(h, ok, 1, "");
        sasl(h, ok, 2, "bob:secret");
        assertThat(err(h.call(ok, 3, OpCode.CREATE, create("/x", DataTree.OPEN_ACL)))).isZero();
        assertThat(ok.closed).isFalse();
    }

    @Test
    void enforcedDigestSchemeAdmitsAfterAddAuth() {
        CoreHarness h = harness(new ClientAuth(null, true, Set.of("digest"), Set.of(), false));
        FakeConnection c = h.connect(30000);
        assertThat(err(h.call(c, 1, OpCode.AUTH, new AuthPacket(0, "digest", bytes("u:p"))))).isZero();
        assertThat(err(h.call(c, 2, OpCode.EXISTS, new ExistsRequest("/", false)))).isZero();
        FakeConnection pinger = h.connect(30000);
        assertThat(err(h.call(pinger, -2, OpCode.PING, null))).isEqualTo(ErrorCode.SESSIONCLOSEDREQUIRESASLAUTH.code);
        assertThat(pinger.closed).isTrue();
    }
}
