package dev.paddock.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.session.SessionIds;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import org.junit.jupiter.api.Test;

/** Session timeouts across reconnects, and which sessions a snapshot may hold. Time is the harness's clock. */
class SessionTimeoutTest {
    private final CoreHarness h = new CoreHarness(CoreConfig.defaults()); // tick 2 s, timeouts 4 s to 40 s

    private FakeConnection reconnect(long sessionId, int timeoutMs) {
        FakeConnection c = new FakeConnection("127.0.0.1");
        h.core.connect(c, new ConnectRequest(0, 0, timeoutMs, sessionId, SessionIds.password(sessionId)), h.now);
        h.flush();
        return c;
    }

    private boolean alive(long sessionId) {
        return h.core.sessions().stream().anyMatch(s -> s.sessionId() == sessionId);
    }

    private void idle(long ms) {
        for (long t = 0; t < ms; t += 500) {
            h.advance(500);
        }
    }

    @Test
    void aShorterTimeoutNegotiatedOnReconnectGovernsExpiryFromThenOn() {
        FakeConnection first = h.connect(30_000);
        long sid = h.sessionOf(first);
        h.core.connectionClosed(first, h.now);
        FakeConnection second = reconnect(sid, 4_000);
        assertThat(second.sent).anySatisfy(o -> assertThat(o).isInstanceOfSatisfying(ConnectResponse.class,
                r -> assertThat(r.timeOut()).isEqualTo(4_000)));
        h.core.connectionClosed(second, h.now);

        idle(7_000); // past 4 s rounded up to the tick, long before 30 s

        assertThat(alive(sid)).as("expired on the reconnect's 4 s timeout").isFalse();
    }

    @Test
    void aLongerTimeoutNegotiatedOnReconnectKeepsTheSessionButNotItsRecordedTimeout() {
        FakeConnection first = h.connect(4_000);
        long sid = h.sessionOf(first);
        h.core.connectionClosed(first, h.now);
        FakeConnection second = reconnect(sid, 30_000);
        h.call(second, 1, dev.paddock.jute.OpCode.PING, null); // a ping touches with the connection's timeout
        h.core.connectionClosed(second, h.now);

        idle(20_000);

        assertThat(alive(sid)).as("alive on the reconnect's 30 s timeout").isTrue();
        assertThat(h.core.sessionTimeouts()).as("the recorded timeout is the created one").containsEntry(sid, 4_000);
        idle(12_000);
        assertThat(alive(sid)).isFalse();
    }

    @Test
    void snapshotsHoldOnlySessionsWhoseCreationIsApplied() {
        h.autoCommit = false;
        FakeConnection c = h.connect(10_000);
        assertThat(h.core.sessions()).hasSize(1); // tracked at once, so it can be touched and expired
        assertThat(h.core.sessionTimeouts()).as("CREATE_SESSION proposed, not committed").isEmpty();
        h.flush();
        long sid = h.sessionOf(c);
        assertThat(h.core.sessionTimeouts()).containsExactlyEntriesOf(java.util.Map.of(sid, 10_000));

        h.call(c, 1, dev.paddock.jute.OpCode.CLOSE_SESSION, null);
        assertThat(h.core.sessionTimeouts()).as("close proposed, not committed").containsKey(sid);
        h.flush();
        assertThat(h.core.sessionTimeouts()).isEmpty();
    }
}
