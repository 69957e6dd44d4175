package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Jute strings: ASCII written without a byte[] of its own, the ids of ACL entries read to shared instances. */
class JuteStringsTest {
    @Test
    void stringsRoundTripInUtf8WhetherAsciiOrNot() {
        List<String> strings = List.of("", "/a", "/mem/d1/n123", "é", "/ü/ñ/日本", "x".repeat(300), "abc\u0080");
        JuteOutput out = new JuteOutput(16);
        for (String s : strings) {
            out.writeString(s);
        }
        out.writeString(null);
        JuteOutput reference = new JuteOutput();
        for (String s : strings) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            reference.writeInt(b.length);
            reference.writeBytes(b, 0, b.length);
        }
        reference.writeInt(-1);
        assertThat(out.toByteArray()).isEqualTo(reference.toByteArray());
        JuteInput in = new JuteInput(out.toByteArray());
        for (String s : strings) {
            assertThat(in.readString()).isEqualTo(s);
        }
        assertThat(in.readString()).isNull();
    }

    @Test
    void aclIdsAreReadAsSharedInstancesAndLookalikesAreNot() {
        JuteOutput out = new JuteOutput();
        for (String s : List.of("world", "anyone", "digest", "worlds", "wor1d", "ip", "iq")) {
            out.writeString(s);
        }
        JuteInput in = new JuteInput(out.toByteArray());
        assertThat(in.readString()).isSameAs("world");
        assertThat(in.readString()).isSameAs("anyone");
        assertThat(in.readString()).isSameAs("digest");
        assertThat(in.readString()).isEqualTo("worlds");
        assertThat(in.readString()).isEqualTo("wor1d");
        assertThat(in.readString()).isSameAs("ip");
        assertThat(in.readString()).isEqualTo("iq");
    }

    @Test
    void listsWriteTheSameWhetherIndexedOrWalked() {
        List<ACL> acl = List.of(new ACL(31, new Id("world", "anyone")), new ACL(1, new Id("ip", "10.0.0.1")));
        JuteOutput a = new JuteOutput();
        a.writeList(new ArrayList<>(acl), (o, x) -> x.write(o));
        JuteOutput b = new JuteOutput();
        b.writeList(new LinkedList<>(acl), (o, x) -> x.write(o));
        assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
        JuteInput in = new JuteInput(a.toByteArray());
        assertThat(in.readList(ACL::read)).isEqualTo(acl);
    }
}
