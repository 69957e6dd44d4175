package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every ZooKeeper 3.9 admin command over a real socket on a standalone server with a small workload (two sessions,
 * an ephemeral, three data watches and a child watch): names, fields and their JSON types as ZooKeeper 3.9.3
 * answers, the errors and status codes it gives, and the figures the four-letter words share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminCommandsTest {
    /** Primary name, then aliases; ZooKeeper 3.9.3's table. */
    static final List<List<String>> NAMES = List.of(
            List.of("configuration", "conf", "config"), List.of("connection_stat_reset", "crst"),
            List.of("connections", "cons"), List.of("dirs"), List.of("dump"), List.of("environment", "env", "envi"),
            List.of("get_trace_mask", "gtmk"), List.of("hash"), List.of("initial_configuration", "icfg"),
            List.of("is_read_only", "isro"), List.of("last_snapshot", "lsnp"), List.of("leader", "lead"),
            List.of("monitor", "mntr"), List.of("observer_connection_stat_reset", "orst"),
            List.of("observers", "obsr"), List.of("restore", "rest"), List.of("ruok"),
            List.of("server_stats", "srvr"), List.of("set_trace_mask", "stmk"), List.of("snapshot", "snap"),
            List.of("stat_reset", "srst"), List.of("stats", "stat"), List.of("system_properties", "sysp"),
            List.of("voting_view"), List.of("watch_summary", "wchs"), List.of("watches", "wchc"),
            List.of("watches_by_path", "wchp"), List.of("zabstate"));

    /** The fields (besides command and error) a standalone ZooKeeper 3.9.3 answers with, in its order. */
    static final Map<String, List<String>> FIELDS = Map.ofEntries(
            Map.entry("configuration", List.of("client_port", "data_dir", "data_log_dir", "tick_time",
                    "max_client_cnxns", "min_session_timeout", "max_session_timeout", "server_id",
                    "client_port_listen_backlog")),
            Map.entry("connection_stat_reset", List.of()),
            Map.entry("connections", List.of("connections", "secure_connections")),
            Map.entry("dirs", List.of("datadir_size", "logdir_size")),
            Map.entry("dump", List.of("expiry_time_to_session_ids", "session_id_to_ephemeral_paths")),
            Map.entry("environment", List.of("zookeeper.version", "host.name", "java.version", "java.vendor",
                    "java.home", "java.class.path", "java.library.path", "java.io.tmpdir", "java.compiler", "os.name",
                    "os.arch", "os.version", "user.name", "user.home", "user.dir", "os.memory.free", "os.memory.max",
                    "os.memory.total")),
            Map.entry("get_trace_mask", List.of("tracemask")),
            Map.entry("hash", List.of("digests")),
            Map.entry("initial_configuration", List.of("initial_configuration")),
            Map.entry("is_read_only", List.of("read_only")),
            Map.entry("last_snapshot", List.of("zxid", "timestamp")),
            Map.entry("observer_connection_stat_reset", List.of()),
            Map.entry("observers", List.of("synced_observers", "observers")),
            Map.entry("ruok", List.of()),
            Map.entry("server_stats", List.of("version", "read_only", "server_stats", "client_response",
                    "node_count")),
            Map.entry("stat_reset", List.of()),
            Map.entry("stats", List.of("version", "read_only", "server_stats", "client_response", "node_count",
                    "connections", "secure_connections")),
            Map.entry("voting_view", List.of("current_config")),
            Map.entry("watch_summary", List.of("num_connections", "num_paths", "num_total_watches")),
            Map.entry("watches", List.of("session_id_to_watched_paths")),
            Map.entry("watches_by_path", List.of("path_to_session_ids")),
            Map.entry("zabstate", List.of("voting", "zabstate")));

    @TempDir
    static Path dir;
    AdminFixture f;
    ZooKeeper first;
    ZooKeeper second;

    @BeforeAll
    void start() throws Exception {
        f = new AdminFixture(dir);
        first = f.client();
        second = f.client();
        first.create("/ops", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        first.create("/ops/a", "x".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        first.create("/ops/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        first.create("/ops/eph", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        first.getData("/ops/a", true, null);
        second.exists("/ops/missing", true);
        second.getData("/ops/c", true, null);
        second.getChildren("/ops", true); // a child watch: counted by mntr, listed by no watch command (as ZooKeeper)
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static List<String> withCommandAndError(List<String> fields) {
        List<String> all = new ArrayList<>(fields);
        all.add("command");
        all.add("error");
        return all;
    }

    @Test
    void listingLinksEveryPrimaryNameSorted() throws Exception {
        for (String path : List.of("/commands", "/commands/")) {
            HttpResponse<byte[]> r = f.get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).isEmpty();
            StringBuilder expected = new StringBuilder();
            NAMES.stream().map(n -> n.get(0)).sorted().forEach(n -> expected.append("<a href=\"/commands/")
                    .append(n).append("\">").append(n).append("</a>\n<br/>\n"));
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
        }
    }

    @Test
    void everyNameAnswersUnderItsPrimaryNameWithZooKeepersFields() throws Exception {
        for (List<String> names : NAMES) {
            String primary = names.get(0);
            List<String> fields = FIELDS.get(primary);
            if (fields == null) {
                continue; // leader, monitor, set_trace_mask, system_properties, snapshot, restore: below
            }
            for (String name : names) {
                HttpResponse<byte[]> r = f.get("/commands/" + name);
                assertThat(r.statusCode()).as(name).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type")).as(name).hasValue("application/json");
                JsonNode j = AdminFixture.json(r);
                assertThat(keys(j)).as(name).containsExactlyElementsOf(withCommandAndError(fields));
                assertThat(j.get("command").asText()).as(name).isEqualTo(primary);
                assertThat(j.get("error").isNull()).as(name).isTrue();
            }
        }
    }

    @Test
    void jsonIsIndentedAsJacksonWritesZooKeepersAnswers() throws Exception {
        String ruok = new String(f.get("/commands/ruok").body(), StandardCharsets.UTF_8);
        assertThat(ruok).isEqualTo("{\n  \"command\" : \"ruok\",\n  \"error\" : null\n}");
    }

    @Test
    void serverStatsNestAsZooKeepersBeans() throws Exception {
        JsonNode j = f.json("/commands/stats");
        assertThat(keys(j.get("server_stats"))).containsExactly("packets_sent", "packets_received",
                "fsync_threshold_exceed_count", "client_response_stats", "uptime", "data_dir_size", "log_dir_size",
                "provider_null", "last_processed_zxid", "outstanding_requests", "server_state", "avg_latency",
                "max_latency", "min_latency", "num_alive_client_connections", "auth_failed_count",
                "non_mtlsremote_conn_count", "non_mtlslocal_conn_count");
        assertThat(keys(j.get("client_response"))).containsExactly("last_buffer_size", "min_buffer_size",
                "max_buffer_size");
        assertThat(j.get("server_stats").get("server_state").asText()).isEqualTo("standalone");
        assertThat(j.get("server_stats").get("avg_latency").isDouble()).isTrue();
        assertThat(j.get("server_stats").get("num_alive_client_connections").asInt()).isEqualTo(2);
        assertThat(fourLetterWord("srvr")).contains("Node count: " + j.get("node_count").asInt() + "\n");
        assertThat(j.get("read_only").asBoolean()).isFalse();
        assertThat(j.get("connections")).hasSize(2);
        JsonNode c = j.get("connections").get(0);
        assertThat(keys(c)).containsExactly("remote_socket_address", "interest_ops", "outstanding_requests",
                "packets_received", "packets_sent");
        assertThat(c.get("remote_socket_address").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(j.get("secure_connections")).isEmpty();
    }

    @Test
    void connectionsCarryTheirSessions() throws Exception {
        JsonNode cons = f.json("/commands/cons").get("connections");
        assertThat(cons).hasSize(2);
        List<Long> sids = new ArrayList<>();
        for (JsonNode c : cons) {
            assertThat(keys(c)).containsExactly("remote_socket_address", "interest_ops", "outstanding_requests",
                    "packets_received", "packets_sent", "session_id", "last_operation", "established",
                    "session_timeout", "last_cxid", "last_zxid", "last_response_time", "last_latency",
                    "min_latency", "avg_latency", "max_latency");
            assertThat(c.get("session_id").isIntegralNumber()).isTrue();
            assertThat(c.get("established").asLong()).isGreaterThan(1_600_000_000_000L);
            sids.add(c.get("session_id").asLong());
        }
        assertThat(sids).containsExactlyInAnyOrder(first.getSessionId(), second.getSessionId());
    }

    @Test
    void dumpAndWatchesShowTheWorkload() throws Exception {
        String s1 = Long.toString(first.getSessionId());
        String s2 = Long.toString(second.getSessionId());
        JsonNode dump = f.json("/commands/dump");
        List<Long> expiring = new ArrayList<>();
        dump.get("expiry_time_to_session_ids").forEach(ids -> ids.forEach(id -> expiring.add(id.asLong())));
        assertThat(expiring).containsExactlyInAnyOrder(first.getSessionId(), second.getSessionId());
        assertThat(dump.get("session_id_to_ephemeral_paths").get(s1).get(0).asText()).isEqualTo("/ops/eph");
        assertThat(dump.get("session_id_to_ephemeral_paths").has(s2)).isFalse();

        JsonNode wchc = f.json("/commands/wchc").get("session_id_to_watched_paths");
        assertThat(texts(wchc.get(s1))).containsExactly("/ops/a");
        assertThat(texts(wchc.get(s2))).containsExactlyInAnyOrder("/ops/missing", "/ops/c");
        JsonNode wchp = f.json("/commands/wchp").get("path_to_session_ids");
        assertThat(wchp.get("/ops/a").get(0).asLong()).isEqualTo(first.getSessionId());
        assertThat(wchp.get("/ops/c").get(0).asLong()).isEqualTo(second.getSessionId());
        JsonNode wchs = f.json("/commands/wchs");
        assertThat(wchs.get("num_connections").asInt()).isEqualTo(2);
        assertThat(wchs.get("num_paths").asInt()).isEqualTo(3);
        assertThat(wchs.get("num_total_watches").asInt()).isEqualTo(3);
        assertThat(wchp.has("/ops")).isFalse();
        assertThat(f.json("/commands/mntr").get("watch_count").asInt()).isEqualTo(4);
        // the four-letter word reports the same figures
        assertThat(fourLetterWord("wchs")).isEqualTo("2 connections watching 3 paths\nTotal watches:3\n");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void standaloneAnswersTheEnsembleCommandsAsZooKeepersStandaloneServer() throws Exception {
        assertThat(new String(f.get("/commands/leader").body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\n  \"error\" : \"server is not initialized\",\n  \"command\" : \"leader\"\n}");
        assertThat(f.json("/commands/voting_view").get("current_config").size()).isZero();
        JsonNode zab = f.json("/commands/zabstate");
        assertThat(zab.get("voting").asBoolean()).isFalse();
        assertThat(zab.get("zabstate").asText()).isEmpty();
        JsonNode obsr = f.json("/commands/obsr");
        assertThat(obsr.get("synced_observers").asInt()).isZero();
        assertThat(obsr.get("observers")).isEmpty();
    }

    @Test
    void configurationAndSnapshotFigures() throws Exception {
        JsonNode conf = f.json("/commands/conf");
        assertThat(conf.get("client_port").asInt()).isEqualTo(f.server.clientPort());
        assertThat(conf.get("data_dir").asText()).endsWith("/data/version-2");
        assertThat(conf.get("tick_time").asInt()).isEqualTo(200);
        assertThat(conf.get("server_id").asLong()).isZero();
        assertThat(fourLetterWord("conf")).contains("clientPort=" + f.server.clientPort() + "\n", "tickTime=200\n");
        JsonNode lsnp = f.json("/commands/lsnp");
        assertThat(lsnp.get("zxid").asText()).matches("[0-9a-f]+");
        assertThat(lsnp.get("timestamp").asLong()).isGreaterThan(1_600_000_000L);
        assertThat(f.json("/commands/icfg").get("initial_configuration").isNull()).isTrue(); // not from a file
        assertThat(f.json("/commands/hash").get("digests")).isEmpty();
        assertThat(f.json("/commands/dirs").get("datadir_size").asLong()).isPositive();
    }

    @Test
    void monitorHasMntrsValuesAsJsonNumbers() throws Exception {
        JsonNode m = f.json("/commands/monitor");
        List<String> k = keys(m);
        assertThat(k.subList(0, 2)).containsExactly("version", "server_state");
        assertThat(k.subList(k.size() - 2, k.size())).containsExactly("command", "error");
        int nodes = f.json("/commands/srvr").get("node_count").asInt();
        assertThat(m.get("znode_count").asInt()).isEqualTo(nodes);
        assertThat(m.get("ephemerals_count").asInt()).isEqualTo(1);
        assertThat(m.get("avg_latency").isDouble()).isTrue();
        assertThat(m.get("num_alive_connections").isInt()).isTrue();
        String mntr = fourLetterWord("mntr");
        assertThat(mntr.lines().count()).isEqualTo(k.size() - 2);
        assertThat(mntr).contains("zk_znode_count\t" + nodes + "\n");
    }

    @Test
    void traceMaskIsSharedWithTheFourLetterWords() throws Exception {
        JsonNode set = f.json("/commands/set_trace_mask?traceMask=0");
        assertThat(set.get("tracemask").asLong()).isZero();
        assertThat(f.json("/commands/gtmk").get("tracemask").asLong()).isZero();
        assertThat(fourLetterWord("gtmk")).isEqualTo("0");
        assertThat(f.json("/commands/stmk?traceMask=306").get("tracemask").asLong()).isEqualTo(306);
        assertThat(fourLetterWord("gtmk")).isEqualTo("306");
    }

    @Test
    void setTraceMaskRefusesAMissingOrBadArgumentAsZooKeeperDoes() throws Exception {
        HttpResponse<byte[]> none = f.get("/commands/stmk");
        assertThat(none.statusCode()).isEqualTo(200);
        assertThat(new String(none.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\n  \"error\" : \"setTraceMask requires long traceMask argument\",\n"
                        + "  \"command\" : \"set_trace_mask\"\n}");
        HttpResponse<byte[]> bad = f.get("/commands/set_trace_mask?traceMask=x");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(AdminFixture.json(bad).get("error").asText())
                .isEqualTo("setTraceMask requires long traceMask argument, got x");
        assertThat(f.json("/commands/gtmk").get("tracemask").asLong()).isEqualTo(306);
    }

    @Test
    void unknownCommandsWrongMethodsAndPathsAnswerAsZooKeeper() throws Exception {
        for (String method : List.of("GET", "POST")) {
            HttpResponse<byte[]> r = f.send(method, "/commands/nosuch", new byte[0]);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(
                    "{\n  \"command\" : \"nosuch\",\n  \"error\" : \"Unknown command: nosuch\"\n}");
        }
        HttpResponse<byte[]> post = f.send("POST", "/commands/ruok", new byte[0]);
        assertThat(post.statusCode()).isEqualTo(500);
        assertThat(AdminFixture.json(post).get("error").asText()).isEqualTo("ruok is a GET command");
        assertThat(f.send("PUT", "/commands/ruok", new byte[0]).statusCode()).isEqualTo(405);
        assertThat(f.send("DELETE", "/commands/ruok", null).statusCode()).isEqualTo(405);
        assertThat(f.get("/nosuch").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> head = f.send("HEAD", "/commands/ruok", null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void resetsAnswerAndResetTheSharedCounters() throws Exception {
        assertThat(f.json("/commands/srst").get("error").isNull()).isTrue();
        assertThat(f.json("/commands/crst").get("error").isNull()).isTrue();
        for (JsonNode c : f.json("/commands/cons").get("connections")) {
            assertThat(c.get("last_operation").asText()).isEqualTo("NA");
        }
    }

    @Test
    void environmentAndSystemPropertiesAreStrings() throws Exception {
        JsonNode env = f.json("/commands/envi");
        assertThat(env.get("zookeeper.version").asText()).startsWith("3.9.3-paddock");
        assertThat(env.get("os.memory.max").asText()).endsWith("MB");
        JsonNode sysp = f.json("/commands/sysp");
        assertThat(sysp.get("java.version").asText()).isEqualTo(System.getProperty("java.version"));
        List<String> k = keys(sysp);
        List<String> props = k.subList(0, k.size() - 2);
        assertThat(props).isSorted();
    }

    /** Sends a four-letter word to the client port and reads the whole answer. */
    private String fourLetterWord(String word) throws Exception {
        try (Socket s = new Socket("127.0.0.1", f.server.clientPort())) {
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
