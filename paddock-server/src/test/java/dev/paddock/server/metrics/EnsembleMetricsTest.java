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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
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

    private static String fourLetters(PaddockServer s, String word) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", s.clientPort()), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Map<String, String> mntr(PaddockServer s) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : fourLetters(s, "mntr").split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                out.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return out;
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
            // the ensemble configuration written to /zookeeper/config at start-up: path and data bytes
            assertThat(number(m, "zk_cnt_zookeeper_write_per_namespace")).isGreaterThanOrEqualTo(1);
            assertThat(number(m, "zk_min_zookeeper_write_per_namespace")).isGreaterThan("/zookeeper/config".length());
            // each learner's send queue, keyed by its sid; the first packet queued is timed
            for (long sid : ensemble.servers.keySet()) {
                if (ensemble.servers.get(sid) != leader) {
                    assertThat(number(m, "zk_cnt_" + sid + "_learner_handler_qp_size")).isPositive();
                    assertThat(number(m, "zk_cnt_" + sid + "_learner_handler_qp_time_ms")).isPositive();
                    assertThat(m).containsKey("zk_p99_" + sid + "_learner_handler_qp_time_ms");
                }
            }
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
                assertThat(number(m, "zk_cnt_zookeeper_write_per_namespace")).isGreaterThanOrEqualTo(1);
                assertThat(m.keySet()).noneMatch(k -> k.contains("learner_handler_qp"));
            });
        }
    }

    @Test
    void learnersCountTheEnsemblesGlobalSessionsAndListNoneAsTheirOwn() throws Exception {
        ensemble = InProcessEnsemble.start(tmp, 3, 0, sid -> null);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            PaddockServer leader = inState("leader");
            return leader != null && "2".equals(mntr(leader).get("zk_synced_followers"));
        });
        PaddockServer leader = inState("leader");
        CountDownLatch connected = new CountDownLatch(1);
        try (ZooKeeper zk = new ZooKeeper("127.0.0.1:" + leader.clientPort(), 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        })) {
            assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
            String session = "0x" + Long.toHexString(zk.getSessionId());
            assertThat(number(mntr(leader), "zk_global_sessions")).isEqualTo(1);
            for (PaddockServer s : ensemble.servers.values()) {
                if (s == leader) {
                    continue;
                }
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(number(mntr(s), "zk_global_sessions")).isEqualTo(1));
                // a learner tracks no session's expiry: dump and cons still list none of the leader's sessions
                assertThat(fourLetters(s, "dump")).doesNotContain(session);
                assertThat(fourLetters(s, "cons")).doesNotContain(session);
            }
        }
        for (PaddockServer s : ensemble.servers.values()) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(number(mntr(s), "zk_global_sessions")).isZero());
        }
    }
}
