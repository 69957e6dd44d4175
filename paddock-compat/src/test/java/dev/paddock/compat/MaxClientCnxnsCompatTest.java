package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** maxClientCnxns limits concurrent connections from one IP; the connection over the limit is closed. */
@ServerSettings(maxClientCnxns = 3)
class MaxClientCnxnsCompatTest extends CompatBase {

    @CompatTest
    void connectionsBeyondTheLimitAreClosed(ServerUnderTest s) throws Exception {
        // zk (from the base class) is connection 1
        RawSession second = closeLater(RawSession.connect(s.clientPort(), 30_000));
        RawSession third = closeLater(RawSession.connect(s.clientPort(), 30_000));
        assertThat(second.connectResponse.getSessionId()).isNotZero();
        assertThat(third.connectResponse.getSessionId()).isNotZero();
        RawSession fourth = closeLater(new RawSession(s.clientPort()));
        boolean refused;
        try {
            fourth.handshake(0, new byte[16], 30_000);
            refused = false;
        } catch (java.io.IOException e) {
            refused = true;
        }
        assertThat(refused).as("fourth connection refused").isTrue();
        // once one goes away a new connection is accepted
        third.close();
        Awaitility.await().atMost(10, TimeUnit.SECONDS).ignoreExceptions().until(() -> {
            try (RawSession again = RawSession.connect(s.clientPort(), 30_000)) {
                return again.connectResponse.getSessionId() != 0;
            }
        });
        assertThat(zk.exists("/", false)).isNotNull();
    }
}
