package dev.paddock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Configuration text as ZooKeeper writes and reads it, and the incremental edits of a reconfiguration. */
class QuorumConfigTest {
    private static final String THREE = "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\n"
            + "server.2=127.0.0.2:2888:3888:participant;127.0.0.2:2181\n"
            + "server.3=127.0.0.3:2888:3888:observer;127.0.0.3:2181\n"
            + "version=100000000";

    @Test
    void textRoundTripsWithVersionRolesAndClientAddresses() {
        QuorumConfig c = QuorumConfig.parse(THREE);
        assertThat(c.version()).isEqualTo(0x100000000L);
        assertThat(c.voters()).containsExactly(1L, 2L);
        assertThat(c.observers()).containsExactly(3L);
        assertThat(c.text()).isEqualTo(THREE);
        assertThat(c.isQuorum(java.util.Set.of(1L, 3L))).isFalse();
        assertThat(c.isQuorum(java.util.Set.of(1L, 2L))).isTrue();
    }

    @Test
    void incrementalRemovesThenAddsOrReplaces() {
        QuorumConfig c = QuorumConfig.parse(THREE);
        QuorumConfig next = c.incremental("server.3=127.0.0.3:2888:3888:participant;2181,"
                + "server.4=127.0.0.4:2888:3888:participant;127.0.0.4:2181", "2");
        assertThat(next.voters()).containsExactly(1L, 3L, 4L);
        assertThat(next.observers()).isEmpty();
        assertThat(next.version()).isEqualTo(c.version());
        assertThat(next.withVersion(0x100000005L).text()).endsWith("version=100000005")
                .contains("server.3=127.0.0.3:2888:3888:participant;0.0.0.0:2181");
        assertThat(c.sameMembers(c.withVersion(7))).isTrue();
        assertThat(c.sameMembers(next)).isFalse();
    }

    @Test
    void refusesWhatZooKeeperRefuses() {
        QuorumConfig c = QuorumConfig.parse(THREE);
        assertThatThrownBy(() -> c.incremental("server.4=127.0.0.4:2888:3888:participant", null))
                .hasMessageContaining("3 ports");
        assertThatThrownBy(() -> c.incremental("server.4=127.0.0.2:2888:3999:participant;2182", null))
                .hasMessageContaining("uses an address of server.2");
        assertThatThrownBy(() -> c.incremental("server.4", null)).hasMessageContaining("Wrong format");
        assertThatThrownBy(() -> c.incremental(null, "two")).hasMessageContaining("not a server id");
        assertThatThrownBy(() -> QuorumConfig.parse("clientPort=2181")).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> QuorumConfig.parse("version=xyz")).hasMessageContaining("hexadecimal");
    }

    @Test
    void newMembersMayBeCommaSeparated() {
        QuorumConfig c = QuorumConfig.parse("server.5=h5:1:2;2181,server.6=h6:1:2:observer;2181");
        assertThat(c.voters()).containsExactly(5L);
        assertThat(c.observers()).containsExactly(6L);
        assertThat(c.version()).isZero();
    }

    @Test
    void hostsPrintAsZooKeeperPrintsThem() {
        assertThat(HostText.of("::1")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(HostText.of("fe80::a:0B%eth0")).isEqualTo("fe80:0:0:0:0:0:a:b");
        assertThat(HostText.of("::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(HostText.of("2001:db8::1.2.3.4")).isEqualTo("2001:db8:0:0:0:0:102:304");
        assertThat(HostText.of("zk1.example.com")).isEqualTo("zk1.example.com");
        assertThat(HostText.of("1::2::3")).isEqualTo("1::2::3");
        assertThat(QuorumConfig.parse("server.1=[::1]:2888:3888;[::1]:2181").text())
                .startsWith("server.1=[0:0:0:0:0:0:0:1]:2888:3888:participant;[0:0:0:0:0:0:0:1]:2181");
    }
}
