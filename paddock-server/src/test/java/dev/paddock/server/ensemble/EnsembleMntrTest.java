package dev.paddock.server.ensemble;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.PaddockServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mntr on the members of a running ensemble (three voters and an observer) shows ZooKeeper's quorum fields. */
class EnsembleMntrTest {
    @TempDir
    Path tmp;

    private InProcessEnsemble ensemble;
    private Map<Long, PaddockServer> servers = Map.of();

    @AfterEach
    void tearDown() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    /** Servers 1-3 vote, server 4 observes. */
    private void startEnsemble() throws IOException {
        ensemble = InProcessEnsemble.start(tmp, 3, 1);
        servers = ensemble.servers;
    }

    private Map<String, String> mntr(long id) throws IOException {
        return ensemble.mntr(id);
    }

    @Test
    void leaderFollowersAndObserverReportTheirQuorumFields() throws Exception {
        startEnsemble();
        Map<Long, Map<String, String>> answers = new TreeMap<>();
        // every member serves, and the leader has synced both followers and the observer
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
            answers.clear();
            for (long id : servers.keySet()) {
                answers.put(id, mntr(id));
            }
            return answers.values().stream().allMatch(m -> m.containsKey("zk_peer_state"))
                    && answers.values().stream().anyMatch(m -> "2".equals(m.get("zk_synced_followers"))
                    && "1".equals(m.get("zk_synced_observers")));
        });

        List<Long> leaders = new ArrayList<>();
        for (Map.Entry<Long, Map<String, String>> e : answers.entrySet()) {
            Map<String, String> m = e.getValue();
            assertThat(m.get("zk_quorum_size")).as("server %d", e.getKey()).isEqualTo("3");
            switch (m.get("zk_server_state")) {
                case "leader" -> {
                    leaders.add(e.getKey());
                    assertThat(m).containsEntry("zk_peer_state", "leading - broadcast")
                            .containsEntry("zk_learners", "3")
                            .containsEntry("zk_synced_followers", "2")
                            .containsEntry("zk_synced_non_voting_followers", "0")
                            .containsEntry("zk_synced_observers", "1")
                            .containsEntry("zk_pending_syncs", "0");
                    // the order a ZooKeeper 3.9.3 leader prints these in
                    assertThat(List.copyOf(m.keySet())).containsSubsequence("zk_version", "zk_server_state",
                            "zk_peer_state", "zk_max_client_response_size", "zk_synced_followers", "zk_watch_count",
                            "zk_synced_non_voting_followers", "zk_synced_observers", "zk_open_file_descriptor_count",
                            "zk_pending_syncs", "zk_outstanding_tls_handshake", "zk_learners",
                            "zk_non_mtls_local_conn_count", "zk_quorum_size");
                }
                case "follower" -> assertThat(m).containsEntry("zk_peer_state", "following - broadcast")
                        .doesNotContainKeys("zk_learners", "zk_synced_followers", "zk_synced_observers",
                                "zk_pending_syncs", "zk_observer_master_id");
                case "observer" -> {
                    assertThat(e.getKey()).isEqualTo(4L);
                    assertThat(m).containsEntry("zk_peer_state", "observing - broadcast")
                            .doesNotContainKeys("zk_learners", "zk_synced_followers", "zk_synced_observers");
                }
                default -> throw new AssertionError("server " + e.getKey() + " reports " + m.get("zk_server_state"));
            }
        }
        assertThat(leaders).hasSize(1);
        long leader = leaders.get(0);
        assertThat(answers.get(4L)).containsEntry("zk_observer_master_id", Long.toString(leader));
        assertThat(answers.get(4L).get("zk_server_state")).isEqualTo("observer");
    }
}
