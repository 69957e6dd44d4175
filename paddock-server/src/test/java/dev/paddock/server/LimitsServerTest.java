package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overload limits on a real server over real sockets: maxCnxns, the connection throttle, conf, and the mntr
 * metrics.
 */
class LimitsServerTest {
    @TempDir
    Path tmp;

    private ServerFixture fx;

    @BeforeEach
    void fixture() {
        fx = new ServerFixture(tmp);
    }

    @AfterEach
    void tearDown() throws IOException {
        fx.close();
    }

    private PaddockServer start(String... keyValues) throws IOException {
        return fx.start(keyValues);
    }

    /** A client that has completed its handshake, so the server holds its connection. */
    private RawClient session() throws IOException {
        return fx.session(true);
    }

    private Map<String, String> mntrOrNull() {
        return fx.mntrOrNull();
    }

    @Test
    void maxCnxnsRefusesTheConnectionBeyondItAndMntrCountsIt() throws IOException {
        start("maxCnxns", "2", "maxClientCnxns", "0");
        RawClient first = session();
        session();

        RawClient third = fx.connection();
        assertThat(third.closedByServer()).as("the third connection is closed by the server").isTrue();

        first.close();
        // mntr needs a slot of its own: until the server has seen the first client go, it is refused too
        AtomicInteger refusedMntr = new AtomicInteger();
        Map<String, String>[] mntr = new Map[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            mntr[0] = mntrOrNull();
            if (mntr[0] == null) {
                refusedMntr.incrementAndGet();
            }
            return mntr[0] != null;
        });
        assertThat(mntr[0].get("zk_connection_rejected")).isEqualTo(Integer.toString(1 + refusedMntr.get()));
        assertThat(mntr[0].get("zk_num_alive_connections")).isEqualTo("2"); // the second client and mntr itself
    }

    @Test
    void withoutMaxCnxnsManyConnectionsAreServed() throws IOException {
        start("maxClientCnxns", "0");
        for (int i = 0; i < 20; i++) {
            session();
        }
        Map<String, String> mntr = mntrOrNull();
        assertThat(mntr).isNotNull();
        assertThat(mntr.get("zk_connection_rejected")).isEqualTo("0");
        assertThat(mntr.get("zk_num_alive_connections")).isEqualTo("21");
    }

    @Test
    void theConnectionThrottleRefusesConnectRequestsBeyondItsTokensAndMntrShowsIt() throws IOException {
        // two tokens, one more every 1000 s: the third session in this test is refused; four-letter words are
        // not connect requests and pass
        start("connection_throttle_tokens", "2", "connection_throttle_fill_time", "1000000");
        session();
        session();
        RawClient third = fx.connection();
        assertThat(catchThrowableOfType(() -> third.connect(true), IOException.class))
                .as("the handshake gets no answer: the connection is closed").isNotNull();
        assertThat(third.closedByServer()).isTrue();

        Map<String, String> mntr = mntrOrNull();
        assertThat(mntr).isNotNull();
        assertThat(mntr).containsEntry("zk_connection_request_count", "2")
                .containsEntry("zk_connection_rejected", "1")
                .containsEntry("zk_connection_drop_probability", "0.0")
                .containsEntry("zk_cnt_connection_token_deficit", "2")
                .containsEntry("zk_min_connection_token_deficit", "1")
                .containsEntry("zk_max_connection_token_deficit", "2")
                .containsEntry("zk_sum_connection_token_deficit", "3")
                .containsEntry("zk_avg_connection_token_deficit", "1.5");
    }

    @Test
    void confPrintsTheListenBacklogAsConfigured() throws IOException {
        start("clientPortListenBacklog", "64");
        assertThat(RawClient.fourLetterWord(fx.port(), "conf"))
                .containsPattern("(?m)^maxSessionTimeout=4000\nclientPortListenBacklog=64\nserverId=0$");
        start();
        assertThat(RawClient.fourLetterWord(fx.port(), "conf"))
                .containsPattern("(?m)^clientPortListenBacklog=-1$");
    }

    /** The overload metrics follow the gauges, in the order ZooKeeper 3.9.3 prints them (other metrics between). */
    static final List<String> OVERLOAD_KEYS = List.of("zk_stale_requests_dropped", "zk_throttled_ops",
            "zk_connection_rejected", "zk_stale_requests", "zk_connection_drop_count",
            "zk_request_throttle_wait_count", "zk_stale_replies", "zk_large_requests_rejected",
            "zk_connection_request_count", "zk_avg_connection_token_deficit", "zk_min_connection_token_deficit",
            "zk_max_connection_token_deficit", "zk_cnt_connection_token_deficit", "zk_sum_connection_token_deficit");

    @Test
    void mntrPrintsTheOverloadMetricsAfterTheGaugesAndSrstZeroesThem() throws IOException {
        start("maxCnxns", "1");
        Map<String, String> mntr = mntrOrNull();
        assertThat(mntr).isNotNull();
        List<String> keys = new ArrayList<>(mntr.keySet());
        assertThat(keys.subList(0, 6)).containsExactly("zk_version", "zk_server_state", "zk_ephemerals_count",
                "zk_num_alive_connections", "zk_avg_latency", "zk_outstanding_requests");
        assertThat(keys.indexOf("zk_non_mtls_local_conn_count")).as("the last gauge").isEqualTo(25);
        // every ZooKeeper counter and summary follows the gauges now: the overload ones in ZooKeeper's relative order
        assertThat(keys.subList(26, keys.size()).stream().filter(OVERLOAD_KEYS::contains).toList())
                .containsExactlyElementsOf(OVERLOAD_KEYS);
        assertThat(mntr.get("zk_connection_drop_probability")).isEqualTo("0.0");
        assertThat(mntr.get("zk_avg_connection_token_deficit")).isEqualTo("0.0");
        assertThat(mntr.get("zk_connection_rejected")).isEqualTo("0");

        // one slot: hold it, be refused once, free it, read the count, then reset it
        RawClient holder = session();
        RawClient refused = fx.connection();
        assertThat(refused.closedByServer()).isTrue();
        holder.close();
        AtomicInteger refusedMntr = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Map<String, String> m = mntrOrNull();
            if (m == null) {
                refusedMntr.incrementAndGet();
                return false;
            }
            assertThat(m.get("zk_connection_rejected")).isEqualTo(Integer.toString(1 + refusedMntr.get()));
            return true;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> "Server stats reset.\n".equals(srstOrNull()));
        Map<String, String>[] after = new Map[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> (after[0] = mntrOrNull()) != null);
        assertThat(Arrays.asList(after[0].get("zk_connection_rejected"), after[0].get("zk_cnt_connection_token_deficit")))
                .as("srst zeroes them, and later refused mntr attempts are not possible: one slot, ours")
                .containsOnly("0");
    }

    private String srstOrNull() {
        try {
            return RawClient.fourLetterWord(fx.port(), "srst");
        } catch (IOException e) {
            return null;
        }
    }
}
