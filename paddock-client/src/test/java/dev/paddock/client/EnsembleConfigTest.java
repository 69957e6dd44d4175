package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.StringReader;
import java.util.List;
import java.util.Properties;
import org.apache.zookeeper.server.quorum.QuorumPeer.QuorumServer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.util.ConfigUtils;
import org.junit.jupiter.api.Test;

/** Configuration text read and written as ZooKeeper 3.9.3's own classes do (they are the oracle here). */
class EnsembleConfigTest {

    private static final List<String> CONFIGS = List.of(
            "server.1=127.0.0.1:2888:3888:participant;127.0.0.1:2181\n"
                    + "server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182\n"
                    + "server.3=127.0.0.1:2890:3890:observer;2183\nversion=100000000",
            "server.3=localhost:1:2;0.0.0.0:5\nserver.1=localhost:3:4\nserver.2=[::1]:6:7;[::1]:8\nversion=2a",
            "server.12=a:1:2;3\nserver.4=b:1:2;4\nserver.17=c:1:2;5\nserver.1=d:1:2;6\nserver.33=e:1:2:participant;7\n",
            "server.1=127.0.0.1:1:2;x:y:z\nserver.2=127.0.0.1:1:1;3\nserver.3=h:1:2;4\nversion=1",
            "",
            "version=5");

    private static final List<String> SERVER_LINES = List.of(
            "127.0.0.1:2888:3888", "127.0.0.1:2888:3888;2181", "h:1:2:observer;h:3", "h:1:2:Participant",
            "[::1]:1:2;[::1]:3", "h:1:2;a:b:c", "h:1", "h:1:2:3:4", "h:x:2", "h:1:y", "h:1:1", "h:1:2:boss",
            "h:1:2;z", "[::1:1:2", "[::1]:", "h:1:2|g:3:4", "h:1:2;3;4");

    @Test
    void clientConfigStringIsZooKeepers() {
        for (String c : CONFIGS) {
            assertThat(EnsembleConfig.clientConfigString(c)).as(c).isEqualTo(ConfigUtils.getClientConfigStr(c));
        }
        assertThat(EnsembleConfig.connectString(CONFIGS.get(0)).split(","))
                .containsExactlyInAnyOrder("127.0.0.1:2181", "127.0.0.1:2182", "0.0.0.0:2183");
    }

    @Test
    void serverLinesParseAndFailAsInZooKeeper() {
        for (String line : SERVER_LINES) {
            String expected;
            try {
                expected = new QuorumServer(7, line).toString();
            } catch (Exception e) {
                expected = "error: " + e.getMessage();
            }
            String actual;
            try {
                actual = EnsembleConfig.parseServer(7, line).spec();
            } catch (IllegalArgumentException e) {
                actual = "error: " + e.getMessage();
            }
            assertThat(actual).as(line).isEqualTo(expected);
        }
    }

    @Test
    void membersOfAFileAreWrittenAsZooKeeperWritesThem() throws Exception {
        List<String> files = List.of(
                "server.1=127.0.0.1:2888:3888;2181\nserver.2=127.0.0.1:2889:3889:observer;127.0.0.1:2182\n"
                        + "server.3=127.0.0.1:2890:3890;2183\n",
                "server.20=h:1:2;3\nserver.4=h:4:5;6\nserver.36=h:7:8;9\nversion=1f\n",
                "server.1=h:1:2;3\n",
                "server.1=h:1:2;3\nclientPort=2181\n",
                "server.1=h:1:2:observer;3\n",
                "server.1=h:1:2;3\nserver.2=h:4:5:observer;6\n",
                "server.1=h:1:1;3\n",
                "server.x=h:1:2;3\n",
                "server.1=h:1:2;3\nversion=zz\n");
        for (String f : files) {
            Properties p = new Properties();
            p.load(new StringReader(f));
            String expected;
            try {
                expected = QuorumPeerConfig.parseDynamicConfig(p, 0, true, false, null).toString();
            } catch (Exception e) {
                expected = "error: " + e.getMessage();
            }
            String actual;
            try {
                actual = EnsembleConfig.membersOf(p);
            } catch (IllegalArgumentException e) {
                actual = "error: " + e.getMessage();
            }
            assertThat(actual).as(f).isEqualTo(expected);
        }
        Properties hierarchical = new Properties();
        hierarchical.load(new StringReader("server.1=h:1:2;3\ngroup.1=1\n"));
        assertThat(catchThrowable(() -> EnsembleConfig.membersOf(hierarchical)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not supported");
    }
}
