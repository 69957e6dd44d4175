package dev.paddock.server.net;

import dev.paddock.server.ServerView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.ServerConfig;
import dev.paddock.server.fourlw.FourLetterWord;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble member's four-letter words: srvr/stat/mntr print its mode (leader, follower, observer) while it
 * serves, and ZooKeeper's "not currently serving" while it looks for a leader; ruok answers regardless.
 */
class FourLetterWordServingTest {
    @TempDir
    Path tmp;

    private final AtomicBoolean serving = new AtomicBoolean();
    private final AtomicReference<String> state = new AtomicReference<>("looking");

    private FourLetterWordCommands commands() {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", tmp.toString());
        p.setProperty("4lw.commands.whitelist", "*");
        ServerConfig config = ServerConfig.fromProperties(p);
        FakeGateway gateway = new FakeGateway();
        ServerStats stats = new ServerStats();
        ConnectionRegistry registry = new ConnectionRegistry(60);
        return new FourLetterWordCommands(new ServerView(config, () -> 2181, stats, registry,
                gateway, state::get, serving::get));
    }

    private static String run(FourLetterWordCommands c, FourLetterWord w) throws Exception {
        return c.execute(w, 0, "test").get();
    }

    @Test
    void lookingMemberIsNotServingAndAFollowerSaysSo() throws Exception {
        FourLetterWordCommands c = commands();
        assertThat(run(c, FourLetterWord.SRVR)).isEqualTo(FourLetterWordCommands.NOT_SERVING + "\n");
        assertThat(run(c, FourLetterWord.STAT)).isEqualTo(FourLetterWordCommands.NOT_SERVING + "\n");
        assertThat(run(c, FourLetterWord.MNTR)).isEqualTo(FourLetterWordCommands.NOT_SERVING + "\n");
        assertThat(run(c, FourLetterWord.ISRO)).isEqualTo("null");
        assertThat(run(c, FourLetterWord.RUOK)).isEqualTo("imok");

        state.set("follower");
        serving.set(true);
        assertThat(run(c, FourLetterWord.SRVR)).contains("\nMode: follower\n");
        assertThat(run(c, FourLetterWord.MNTR)).contains("zk_server_state\tfollower\n");
        assertThat(run(c, FourLetterWord.ISRO)).isEqualTo("rw");
    }
}
