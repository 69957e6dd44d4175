package dev.paddock.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ensemble.InProcessEnsemble;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on a three-server ensemble: every member listed with its mode, zxid and lag; a write made through
 * a follower's console is forwarded to the leader like any client's.
 */
class ConsoleEnsembleTest {
    @TempDir
    Path tmp;

    private InProcessEnsemble ensemble;
    private List<PaddockServer> servers;

    @AfterEach
    void tearDown() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private void startEnsemble(int n) throws IOException {
        ensemble = InProcessEnsemble.start(tmp, n, 0, sid -> null, Map.of("4lw.commands.whitelist", "srvr",
                "admin.enableServer", "true", "admin.serverAddress", "127.0.0.1", "admin.serverPort", "0",
                "paddock.console.enabled", "true"));
        servers = List.copyOf(ensemble.servers.values());
    }

    private ConsoleHttp console(PaddockServer s) {
        return new ConsoleHttp(s.adminAddress());
    }

    @Test
    void listsEveryMemberWithModeZxidAndLagAndForwardsWrites() throws Exception {
        startEnsemble(3);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> servers.stream().allMatch(s -> s.view().serving()));
        PaddockServer follower = servers.stream().filter(s -> s.view().state().equals("follower")).findFirst()
                .orElseThrow();
        PaddockServer leader = servers.stream().filter(s -> s.view().state().equals("leader")).findFirst()
                .orElseThrow();

        ConsoleHttp viaFollower = console(follower);
        assertThat(viaFollower.post("/console/api/node", Map.of("path", "/from-follower", "data", "hi")).status())
                .isEqualTo(201);
        ConsoleHttp.Answer onLeader = console(leader).get("/console/api/node?path=/from-follower");
        assertThat(onLeader.status()).isEqualTo(200);
        assertThat(onLeader.json().get("data").get("text").asText()).isEqualTo("hi");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode server = viaFollower.get("/console/api/server").json();
            assertThat(server.get("state").asText()).isEqualTo("follower");
            assertThat(server.get("quorum").get("peerState").asText()).contains("following");
            JsonNode members = server.get("members");
            assertThat(members).hasSize(3);
            assertThat(members.findValuesAsText("mode")).containsExactlyInAnyOrder("leader", "follower", "follower");
            String leaderZxid = null;
            for (JsonNode m : members) {
                assertThat(m.get("zxid").asText()).as(m.toString()).startsWith("0x");
                assertThat(m.get("lag").isNumber()).as(m.toString()).isTrue();
                if (m.get("mode").asText().equals("leader")) {
                    leaderZxid = m.get("zxid").asText();
                }
            }
            assertThat(members.findValuesAsText("zxid")).containsOnly(leaderZxid);
            assertThat(members.findValues("lag")).allSatisfy(l -> assertThat(l.asLong()).isZero());
            assertThat(members.findValues("self").stream().filter(JsonNode::asBoolean)).hasSize(1);
        });

        JsonNode sessions = viaFollower.get("/console/api/sessions").json();
        assertThat(sessions.get("note").asText()).contains("not the leader");
        assertThat(console(leader).get("/console/api/stats").json().get("values").get("server_state").asText())
                .isEqualTo("leader");
    }
}
