package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ensemble.InProcessEnsemble;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** leader, zabstate, voting_view, observers and configuration on the members of a running ensemble. */
class AdminEnsembleTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode command(PaddockServer s, String name) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + s.adminAddress().getPort() + "/commands/" + name)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return AdminFixture.json(r);
    }

    /** Three voters and an observer, each with its admin server on an ephemeral port. */
    private static InProcessEnsemble start(Path dir) throws Exception {
        return InProcessEnsemble.start(dir, 3, 1, sid -> null, Map.of("admin.enableServer", "true",
                "admin.serverPort", "0", "admin.serverAddress", "127.0.0.1"));
    }

    @Test
    void membersReportTheirRolesAndTheEnsemble() throws Exception {
        try (InProcessEnsemble e = start(dir)) {
            Map<Long, PaddockServer> servers = e.servers;
            await().atMost(Duration.ofSeconds(60)).until(() -> servers.values().stream()
                    .allMatch(s -> s.view().serving()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (PaddockServer s : servers.values()) {
                    assertThat(command(s, "zabstate").get("zabstate").asText()).isEqualTo("broadcast");
                }
            });
            List<Long> leaders = new ArrayList<>();
            for (Map.Entry<Long, PaddockServer> m : servers.entrySet()) {
                long id = m.getKey();
                JsonNode lead = command(m.getValue(), "lead");
                if (lead.get("is_leader").asBoolean()) {
                    leaders.add(id);
                }
                assertThat(lead.get("leader_ip").asText()).isEqualTo("127.0.0.1");
                assertThat(lead.get("error").isNull()).isTrue();
                JsonNode zab = command(m.getValue(), "zabstate");
                assertThat(zab.get("myid").asLong()).isEqualTo(id);
                assertThat(zab.get("voting").asBoolean()).isEqualTo(id <= 3);
                assertThat(zab.get("last_zxid").asText()).startsWith("0x");
                assertThat(zab.get("quorum_address").get("one").asText()).startsWith("127.0.0.1:");
                assertThat(zab.get("election_address").get("all_host_strings").get(0).asText()).isEqualTo("127.0.0.1");
                assertThat(zab.get("client_address").asText()).isEqualTo("127.0.0.1:" + m.getValue().clientPort());
                JsonNode view = command(m.getValue(), "voting_view").get("current_config");
                assertThat(view.size()).isEqualTo(3);
                assertThat(view.get("1").get("learner_type").asText()).isEqualTo("participant");
                assertThat(view.get("2").get("server_addresses").get(0).asText()).startsWith("127.0.0.1:");
                for (long voter = 1; voter <= 3; voter++) { // the server lines name every client address
                    assertThat(view.get(Long.toString(voter)).get("client_address").asText())
                            .isEqualTo("127.0.0.1:" + servers.get(voter).clientPort());
                }
                assertThat(command(m.getValue(), "conf").get("server_id").asLong()).isEqualTo(id);
            }
            assertThat(leaders).hasSize(1);
            long leader = leaders.get(0);
            for (PaddockServer s : servers.values()) {
                assertThat(command(s, "leader").get("leader_id").asLong()).isEqualTo(leader);
            }
            assertThat(command(servers.get(leader), "obsr").get("synced_observers").asInt()).isEqualTo(1);
            assertThat(command(servers.get(leader), "srvr").has("proposal_stats")).isTrue();
            assertThat(command(servers.get(leader), "srvr").get("server_stats").get("server_state").asText())
                    .isEqualTo("leader");
            // a member streams its snapshot but does not restore one
            String base = "http://127.0.0.1:" + servers.get(leader).adminAddress().getPort() + "/commands/";
            HttpResponse<byte[]> snap = http.send(HttpRequest.newBuilder(URI.create(base + "snapshot"))
                    .header("Authorization", "ip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(snap.statusCode()).isEqualTo(200);
            HttpResponse<byte[]> restore = http.send(HttpRequest.newBuilder(URI.create(base + "restore"))
                    .header("Authorization", "ip").POST(HttpRequest.BodyPublishers.ofByteArray(snap.body())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(restore.statusCode()).isEqualTo(503);
            assertThat(AdminFixture.json(restore).get("error").asText()).contains("ensemble member");
        }
    }
}
