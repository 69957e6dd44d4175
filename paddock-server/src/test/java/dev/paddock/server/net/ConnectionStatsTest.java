package dev.paddock.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionStatsTest {

    @Test
    void repliesInOrderGiveEachRequestItsLatencyAndOperation() {
        ConnectionStats s = new ConnectionStats();
        s.requestReceived(1, "GETD", 100, false);
        s.requestReceived(2, "SETD", 105, true);
        assertThat(s.outstanding()).isEqualTo(2);

        assertThat(s.replySent(1, 7, 110)).isEqualTo(10);
        assertThat(s.lastOp()).isEqualTo("GETD");
        assertThat(s.replySent(2, 8, 112)).isEqualTo(7);
        assertThat(s.lastOp()).isEqualTo("SETD");
        assertThat(s.lastZxid()).isEqualTo(8);
        assertThat(s.outstanding()).isZero();
        assertThat(s.maxLatency()).isEqualTo(10);
        assertThat(s.minLatency()).isEqualTo(7);
    }

    @Test
    void aReplyOutOfOrderOrWithoutRequestIsHandled() {
        ConnectionStats s = new ConnectionStats();
        s.requestReceived(1, "GETD", 0, false);
        s.requestReceived(2, "EXIS", 1, false);
        s.requestReceived(3, "CREA", 2, true);

        assertThat(s.replySent(-1, 0, 5)).as("a notification answers no request").isEqualTo(-1);
        assertThat(s.replySent(2, 0, 5)).isEqualTo(4);
        assertThat(s.lastOp()).isEqualTo("EXIS");
        assertThat(s.replySent(2, 0, 6)).as("answered already").isEqualTo(-1);
        assertThat(s.replySent(3, 0, 6)).isEqualTo(4);
        assertThat(s.replySent(1, 0, 9)).isEqualTo(9);
        assertThat(s.outstanding()).isZero();
    }

    @Test
    void beyondTheLimitTheOldestUnansweredRequestIsForgotten() {
        ConnectionStats s = new ConnectionStats();
        for (int xid = 1; xid <= ConnectionStats.MAX_PENDING + 5; xid++) {
            s.requestReceived(xid, "GETD", xid, false);
        }
        assertThat(s.outstanding()).isEqualTo(ConnectionStats.MAX_PENDING);
        assertThat(s.replySent(1, 0, 50_000)).as("forgotten").isEqualTo(-1);
        assertThat(s.replySent(6, 0, 50_000)).isEqualTo(50_000 - 6);
        assertThat(s.outstanding()).isEqualTo(ConnectionStats.MAX_PENDING - 1);
    }

    @Test
    void pingsAreTrackedForLatencyButNotOutstanding() {
        ConnectionStats s = new ConnectionStats();
        s.requestReceived(-2, "PING", 10);
        assertThat(s.outstanding()).isZero();
        assertThat(s.replySent(-2, 0, 13)).isEqualTo(3);
        assertThat(s.lastOp()).isEqualTo("PING");
    }

    @Test
    void theRingKeepsArrivalOrderThroughWrapsGrowthAndRemovals() {
        PendingRequests ring = new PendingRequests();
        List<Integer> model = new ArrayList<>();
        Random random = new Random(13);
        int next = 1;
        for (int step = 0; step < 20_000; step++) {
            int action = random.nextInt(10);
            if (action < 5 || model.isEmpty()) {
                ring.add(next, "op" + next, next * 10L, next % 3 == 0);
                model.add(next++);
            } else if (action < 8) {
                assertThat(ring.oldestXid()).isEqualTo(model.get(0));
                ring.removeOldest();
                model.remove(0);
            } else {
                int xid = model.get(random.nextInt(model.size()));
                int k = ring.find(xid);
                assertThat(k).isEqualTo(model.indexOf(xid));
                assertThat(ring.op(k)).isEqualTo("op" + xid);
                assertThat(ring.receivedMs(k)).isEqualTo(xid * 10L);
                assertThat(ring.update(k)).isEqualTo(xid % 3 == 0);
                ring.remove(k);
                model.remove((Integer) xid);
            }
            assertThat(ring.size()).isEqualTo(model.size());
        }
        for (int k = 0; k < model.size(); k++) {
            assertThat(ring.find(model.get(k))).isEqualTo(k);
        }
        assertThat(ring.find(next)).isEqualTo(-1);
    }
}
