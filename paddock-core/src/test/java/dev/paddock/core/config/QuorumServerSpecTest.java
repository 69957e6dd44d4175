package dev.paddock.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.config.QuorumServerSpec.Address;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server.N value grammar, form by form, as ZooKeeper 3.9's QuorumServer reads it. */
class QuorumServerSpecTest {

    private static QuorumServerSpec parse(String value) {
        return QuorumServerSpec.parse(7, value, true);
    }

    @Test
    void hostQuorumElection() {
        QuorumServerSpec s = parse("zk1.example.com:2888:3888");
        assertThat(s.id()).isEqualTo(7);
        assertThat(s.addresses()).containsExactly(new Address("zk1.example.com", 2888, 3888));
        assertThat(s.role()).isEqualTo(PeerType.PARTICIPANT);
        assertThat(s.clientAddress()).isNull();
        assertThat(s.clientPort()).isEqualTo(-1);
        assertThat(s.raw()).isEqualTo("zk1.example.com:2888:3888");
    }

    @Test
    void explicitRolesInAnyCase() {
        assertThat(parse("h:1:2:participant").role()).isEqualTo(PeerType.PARTICIPANT);
        assertThat(parse("h:1:2:observer").role()).isEqualTo(PeerType.OBSERVER);
        assertThat(parse("h:1:2:OBSERVER").isObserver()).isTrue();
    }

    @Test
    void clientPortAloneOrWithAddress() {
        QuorumServerSpec portOnly = parse("h:1:2;2181");
        assertThat(portOnly.clientAddress()).isNull();
        assertThat(portOnly.clientPort()).isEqualTo(2181);
        QuorumServerSpec withHost = parse("h:1:2:observer;10.0.0.1:2182");
        assertThat(withHost.clientAddress()).isEqualTo("10.0.0.1");
        assertThat(withHost.clientPort()).isEqualTo(2182);
        assertThat(withHost.isObserver()).isTrue();
        QuorumServerSpec v6Client = parse("h:1:2;[fe80::1]:2183");
        assertThat(v6Client.clientAddress()).isEqualTo("fe80::1");
        assertThat(v6Client.clientPort()).isEqualTo(2183);
    }

    @Test
    void ipv6LiteralsInBrackets() {
        QuorumServerSpec s = parse("[2001:db8::1]:2888:3888:participant;[::1]:2181");
        assertThat(s.addresses()).containsExactly(new Address("2001:db8::1", 2888, 3888));
        assertThat(s.firstAddress().electionHostPort()).isEqualTo("[2001:db8::1]:3888");
        assertThat(s.firstAddress().quorumHostPort()).isEqualTo("[2001:db8::1]:2888");
        assertThat(s.clientAddress()).isEqualTo("::1");
    }

    @Test
    void multipleAddressesWithTheRoleOnAnyOfThem() {
        QuorumServerSpec s = parse("a:1:2|[::2]:3:4:observer|c:5:6;2181");
        assertThat(s.addresses()).containsExactly(new Address("a", 1, 2), new Address("::2", 3, 4),
                new Address("c", 5, 6));
        assertThat(s.role()).isEqualTo(PeerType.OBSERVER);
        assertThat(s.clientPort()).isEqualTo(2181);
    }

    @Test
    void multipleAddressesNeedMultiAddressEnabled() {
        assertThatThrownBy(() -> QuorumServerSpec.parse(1, "a:1:2|b:3:4", false))
                .hasMessageContaining("multiAddress.enabled=true");
        assertThat(QuorumServerSpec.parse(1, "a:1:2", false).addresses()).hasSize(1);
    }

    @Test
    void trailingSeparatorsAreIgnoredAsInZooKeeper() {
        assertThat(parse("h:1:2;").clientPort()).isEqualTo(-1);
        assertThat(parse("h:1:2:").addresses()).containsExactly(new Address("h", 1, 2));
        assertThat(parse("a:1:2|").addresses()).containsExactly(new Address("a", 1, 2));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "h:1                      | expected host:quorumPort:electionPort",
        "h                        | expected host:quorumPort:electionPort",
        "h:1:2:observer:x         | expected host:quorumPort:electionPort",
        "h:1:2:leader             | role must be participant or observer, got 'leader'",
        ":1:2                     | missing host",
        "h:x:2                    | quorum port 'x' is not a number",
        "h:1:99999                | election port 99999 is out of range",
        "h:5:5                    | quorum port and election port must differ (both 5)",
        "h:1:2;a:b:3              | the client part after ';' must be port or host:port",
        "h:1:2;3;4                | expected host:quorumPort:electionPort",
        "h:1:2;nope               | client port 'nope' is not a number",
        "[::1:1:2                 | starts with '[' but has no matching ']'",
        "[::1]1:2                 | needs ':port' after ']'",
        "::1:2888:3888            | expected host:quorumPort:electionPort",
        "\"a:1:2:observer|b:3:4:participant\" | same role (observer vs participant)",
    })
    void badLinesSayWhatIsWrong(String value, String message) {
        assertThatThrownBy(() -> parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void hostAndPortSplitsLikeZooKeeperConfigUtils() {
        assertThat(QuorumServerSpec.hostAndPort("[::1]:2:3")).containsExactly("::1", "2", "3");
        assertThat(QuorumServerSpec.hostAndPort("[::1]")).containsExactly("::1");
        assertThat(QuorumServerSpec.hostAndPort("h:2")).containsExactly("h", "2");
        assertThat(List.of(QuorumServerSpec.hostAndPort("2181"))).containsExactly("2181");
    }
}
