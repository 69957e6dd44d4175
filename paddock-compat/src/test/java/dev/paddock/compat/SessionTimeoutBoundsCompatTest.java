package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

/** minSessionTimeout / maxSessionTimeout override the 2 and 20 tick defaults. */
@ServerSettings(tickTime = 100, minSessionTimeout = 1500, maxSessionTimeout = 2500)
class SessionTimeoutBoundsCompatTest extends CompatBase {

    @CompatTest
    void explicitBoundsClampTheTimeout(ServerUnderTest s) throws Exception {
        assertThat(connect(s.connectString(), 200, null).getSessionTimeout()).isEqualTo(1500);
        assertThat(connect(s.connectString(), 2000, null).getSessionTimeout()).isEqualTo(2000);
        assertThat(connect(s.connectString(), 30_000, null).getSessionTimeout()).isEqualTo(2500);
        String conf = RawSession.fourLetterWord(s.clientPort(), "conf");
        assertThat(conf).containsPattern("(?m)^minSessionTimeout=1500$").containsPattern("(?m)^maxSessionTimeout=2500$");
    }
}
