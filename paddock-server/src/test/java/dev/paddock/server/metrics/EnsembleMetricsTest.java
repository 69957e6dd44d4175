package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ensemble.InProcessEnsemble;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ZooKeeper's quorum metrics on the members of a running ensemble (three voters and an observer). */
class EnsembleMetricsTest {
    private static final int WRITES = 5;

    @TempDir
    Path tmp;

    private InProcessEnsemble ensemble;

    @AfterEach
    void tearDown() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private Map<String, String> mntr(PaddockServer s) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", s.clientPort()), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("mntr".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    out.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
            return out;
        }
    }

    private long number(Map<String, String> m, String key) {
        assertThat(m).containsKey(key);
        return Long.parseLong(m.get(key));
    }

    private PaddockServer inState(String state) throws IOException {
        for (PaddockServer s : ensemble.servers.values()) {
            if (state.equals(mntr(s).get("zk_server_state"))) {
                return s;
            }
        }
        return null;
    }

    @Test
    void leaderAndLearnersCountElectionsSyncsProposalsAndCommits() throws Exception {
        ensemble = InProcessEnsemble.start(tmp, 3, 1, sid -> null);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            PaddockServer leader = inState("leader");
            if (leader == null) {
                return false;
            }
            Map<String, String> m = mntr(leader);
            return "2".equals(m.get("zk_synced_followers")) && "1".equals(m.get("zk_synced_observers"));
        });
        PaddockServer leader = inState("leader");
        Workload.run(leader.clientPort(), WRITES);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, String> m = mntr(leader);
            assertThat(number(m, "zk_proposal_count")).isGreaterThanOrEqualTo(WRITES + 1);
            assertThat(number(m, "zk_commit_count")).isGreaterThanOrEqualTo(WRITES + 1);
            assertThat(number(m, "zk_diff_count") + number(m, "zk_snap_count")).isGreaterThanOrEqualTo(3);
            assertThat(number(m, "zk_looking_count")).isGreaterThanOrEqualTo(1);
            assertThat(number(m, "zk_cnt_election_time")).isGreaterThanOrEqualTo(1);
            assertThat(number(m, "zk_leader_uptime")).isPositive();
            assertThat(number(m, "zk_last_proposal_size")).isPositive();
            assertThat(number(m, "zk_max_proposal_size")).isGreaterThanOrEqualTo(number(m, "zk_min_proposal_size"));
            assertThat(number(m, "zk_cnt_fsynctime")).isPositive();
            assertThat(number(m, "zk_cnt_app_write_per_namespace")).isGreaterThanOrEqualTo(WRITES);
            assertThat(number(m, "zk_cnt_unavailable_time")).isGreaterThanOrEqualTo(1);
            assertThat(number(m, "zk_cnt_leader_unavailable_time")).isGreaterThanOrEqualTo(1);
            assertThat(number(m, "zk_revalidate_count")).isZero(); // no client moved between members
        });
        for (PaddockServer s : ensemble.servers.values()) {
            if (s == leader) {
                continue;
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, String> m = mntr(s);
                assertThat(number(m, "zk_learner_commit_received_count")).isGreaterThanOrEqualTo(WRITES + 1);
                if ("follower".equals(m.get("zk_server_state"))) {
                    assertThat(number(m, "zk_learner_proposal_received_count")).isGreaterThanOrEqualTo(WRITES + 1);
                    assertThat(number(m, "zk_cnt_fsynctime")).isPositive();
                    assertThat(number(m, "zk_cnt_follower_sync_time")).isEqualTo(1);
                } else {
                    assertThat(number(m, "zk_learner_proposal_received_count")).isZero();
                    assertThat(number(m, "zk_cnt_observer_sync_time")).isEqualTo(1);
                }
                assertThat(number(m, "zk_cnt_unavailable_time")).isEqualTo(1);
                assertThat(number(m, "zk_cnt_leader_unavailable_time")).isZero();
                assertThat(m).doesNotContainKey("zk_leader_uptime");
                assertThat(number(m, "zk_proposal_count")).isZero();
            });
        }
    }
}
