package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

/** Words outside 4lw.commands.whitelist are refused with ZooKeeper's message. */
@ServerSettings(fourLetterWhitelist = "ruok, srvr")
class FourLetterWhitelistCompatTest extends CompatBase {

    @CompatTest
    void onlyWhitelistedWordsRun(ServerUnderTest s) throws Exception {
        assertThat(RawSession.fourLetterWord(s.clientPort(), "ruok")).isEqualTo("imok");
        assertThat(RawSession.fourLetterWord(s.clientPort(), "srvr")).startsWith("Zookeeper version: ");
        assertThat(RawSession.fourLetterWord(s.clientPort(), "stat"))
            .isEqualTo("stat is not executed because it is not in the whitelist.\n");
        assertThat(RawSession.fourLetterWord(s.clientPort(), "mntr"))
            .isEqualTo("mntr is not executed because it is not in the whitelist.\n");
        // normal clients are unaffected
        assertThat(zk.exists("/", false)).isNotNull();
    }
}
