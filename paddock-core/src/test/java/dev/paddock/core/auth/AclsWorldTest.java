package dev.paddock.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.util.List;
import org.junit.jupiter.api.Test;

/** world:anyone, the ACL of most nodes, is decided before the caller's ids are looked at. */
class AclsWorldTest {
    private static final Id ANYONE = new Id("world", "anyone");
    private static final Id ALICE = new Id("digest", "alice:x");

    @Test
    void worldAnyoneGrantsOnlyTheBitsItHoldsWhateverTheIds() {
        List<ACL> readOnly = List.of(new ACL(Perms.READ, ANYONE));
        assertThat(Acls.allowed(readOnly, Perms.READ, List.of())).isTrue();
        assertThat(Acls.allowed(readOnly, Perms.WRITE, List.of())).isFalse();
        assertThat(Acls.allowed(readOnly, Perms.WRITE, List.of(ALICE))).isFalse();
        // super still passes everything, also where world:anyone lacks the bit
        assertThat(Acls.allowed(readOnly, Perms.WRITE, List.of(new Id("super", "admin")))).isTrue();
        // world with another id is no world:anyone
        assertThat(Acls.allowed(List.of(new ACL(Perms.ALL, new Id("world", "someone"))), Perms.READ, List.of()))
                .isFalse();
        // a later entry still grants when world:anyone lacks the bit
        List<ACL> mixed = List.of(new ACL(Perms.READ, ANYONE), new ACL(Perms.ALL, ALICE));
        assertThat(Acls.allowed(mixed, Perms.WRITE, List.of(ALICE))).isTrue();
        assertThat(Acls.allowed(mixed, Perms.WRITE, List.of(new Id("digest", "bob:y")))).isFalse();
    }

    @Test
    void aSingleWorldAnyoneEntryIsKeptAsItIsAndDuplicatesStillCollapse() {
        List<ACL> open = List.of(new ACL(Perms.ALL, ANYONE));
        assertThat(Acls.fixup(open, List.of())).isSameAs(open);
        assertThat(Acls.fixup(List.of(new ACL(Perms.ALL, ANYONE), new ACL(Perms.ALL, ANYONE)), List.of()))
                .containsExactly(new ACL(Perms.ALL, ANYONE));
        assertThat(Acls.fixup(List.of(new ACL(Perms.ALL, new Id("world", "nobody"))), List.of())).isNull();
    }
}
