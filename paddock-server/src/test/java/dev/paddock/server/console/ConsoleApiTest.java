package dev.paddock.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paddock.core.auth.Acls;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's JSON API over real sockets, with the real core behind it. */
class ConsoleApiTest {
    private static final String SUPER_PASSWORD = "root-pw";

    @TempDir
    Path tmp;

    private PaddockServer server;
    private final List<ZooKeeper> clients = new ArrayList<>();

    @AfterEach
    void tearDown() throws InterruptedException {
        for (ZooKeeper zk : clients) {
            zk.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ConsoleHttp start(String... keyValues) throws IOException {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", tmp.resolve("data").toString());
        p.setProperty("tickTime", "200");
        p.setProperty("4lw.commands.whitelist", "*");
        p.setProperty("admin.enableServer", "true");
        p.setProperty("admin.serverPort", "0");
        p.setProperty("admin.serverAddress", "127.0.0.1");
        p.setProperty(ServerConfig.SUPER_DIGEST_KEY, Acls.digest("super:" + SUPER_PASSWORD));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        server = PaddockServer.start(ServerConfig.fromProperties(p));
        return new ConsoleHttp(server.adminAddress());
    }

    private ConsoleHttp startConsole(String... keyValues) throws IOException {
        List<String> kv = new ArrayList<>(List.of("paddock.console.enabled", "true"));
        kv.addAll(List.of(keyValues));
        return start(kv.toArray(String[]::new));
    }

    private ZooKeeper zooKeeper() throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + server.clientPort(), 10_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();
        return zk;
    }

    private static Map<String, Object> node(String path, String data, String mode, String acl) {
        return Map.of("path", path, "data", data, "mode", mode, "acl", acl);
    }

    @Test
    void theConsoleIsOffUnlessEnabled() throws Exception {
        ConsoleHttp http = start();
        assertThat(server.adminAddress()).isNotNull();
        assertThat(http.get("/console").status()).isEqualTo(404);
        assertThat(http.get("/console/api/whoami").status()).isEqualTo(404);
        assertThat(http.get("/console/api/node?path=/").status()).isEqualTo(404);
    }

    @Test
    void servesThePageAndItsFilesFromTheJar() throws Exception {
        ConsoleHttp http = startConsole();
        ConsoleHttp.Answer page = http.get("/console");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response().headers().firstValue("content-type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/html"));
        assertThat(page.response().headers().firstValue("content-security-policy")).hasValueSatisfying(
                t -> assertThat(t).contains("default-src 'self'"));
        assertThat(page.body()).contains("Paddock console", "/console/app.js").doesNotContain("http://", "https://");
        assertThat(http.get("/console/").body()).isEqualTo(page.body());
        assertThat(http.get("/console/app.js").status()).isEqualTo(200);
        assertThat(http.get("/console/app.css").status()).isEqualTo(200);
        ConsoleHttp.Answer missing = http.get("/console/../../etc/passwd");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(http.get("/console/nothing.js").field("error")).isEqualTo("NotFound");
        assertThat(http.post("/console/app.js", Map.of()).status()).isEqualTo(405);
    }

    @Test
    void createsReadsEditsWithVersionCheckAndDeletes() throws Exception {
        ConsoleHttp http = startConsole();
        ConsoleHttp.Answer made = http.post("/console/api/node", node("/app", "{\"a\":1,\"b\":[2,3]}", "persistent", "open"));
        assertThat(made.status()).isEqualTo(201);
        assertThat(made.field("path")).isEqualTo("/app");

        ConsoleHttp.Answer read = http.get("/console/api/node?path=/app");
        assertThat(read.status()).isEqualTo(200);
        JsonNode stat = read.json().get("stat");
        assertThat(stat.get("version").asInt()).isZero();
        assertThat(stat.get("czxid").asText()).startsWith("0x");
        assertThat(stat.get("ephemeralOwner").asText()).isEqualTo("0x0");
        assertThat(stat.get("ctimeText").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(stat.fieldNames()).toIterable().contains("czxid", "mzxid", "pzxid", "ctime", "mtime", "version",
                "cversion", "aversion", "ephemeralOwner", "dataLength", "numChildren");
        JsonNode data = read.json().get("data");
        assertThat(data.get("text").asText()).isEqualTo("{\"a\":1,\"b\":[2,3]}");
        assertThat(data.get("hex").asText()).startsWith("7b 22 61");
        assertThat(data.get("json").asText()).contains("\"a\" : 1");
        assertThat(read.json().get("acl").get(0).get("id").asText()).isEqualTo("anyone");
        assertThat(read.json().get("acl").get(0).get("perms").asText()).isEqualTo("cdrwa");

        JsonNode children = http.get("/console/api/children?path=/").json().get("children");
        assertThat(children.findValuesAsText("name")).contains("app", "zookeeper");

        assertThat(http.put("/console/api/node", Map.of("path", "/app", "data", "v1", "version", 0)).status())
                .isEqualTo(200);
        ConsoleHttp.Answer conflict = http.put("/console/api/node", Map.of("path", "/app", "data", "v2", "version", 0));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.field("error")).isEqualTo("BadVersion");
        assertThat(conflict.json().get("currentVersion").asInt()).isEqualTo(1);
        assertThat(conflict.field("message")).contains("Conflict", "version 1");
        assertThat(http.get("/console/api/node?path=/app").json().get("data").get("text").asText()).isEqualTo("v1");

        assertThat(http.delete("/console/api/node?path=/app&version=0").status()).isEqualTo(409);
        assertThat(http.delete("/console/api/node?path=/app&version=1").status()).isEqualTo(200);
        ConsoleHttp.Answer gone = http.get("/console/api/node?path=/app");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.field("error")).isEqualTo("NoNode");

        ConsoleHttp.Answer seq = http.post("/console/api/node", node("/q-", "", "persistent_sequential", "open"));
        assertThat(seq.field("path")).matches("/q-\\d{10}");
        assertThat(http.post("/console/api/node", node("/box", "", "container", "open")).status()).isEqualTo(201);
        assertThat(http.post("/console/api/node", node("/box", "", "persistent", "open")).field("error"))
                .isEqualTo("NodeExists");
    }

    @Test
    void ttlNodesWhereTheServerAllowsThem() throws Exception {
        ConsoleHttp http = startConsole("extendedTypesEnabled", "true");
        Map<String, Object> ttl = Map.of("path", "/t", "mode", "ttl", "ttl", 60_000);
        assertThat(http.post("/console/api/node", ttl).status()).isEqualTo(201);
        assertThat(http.get("/console/api/whoami").json().get("ttlEnabled").asBoolean()).isTrue();
    }

    @Test
    void operationsFollowTheCallersAclsAndNeverShowADigest() throws Exception {
        ConsoleHttp anonymous = startConsole();
        ConsoleHttp alice = new ConsoleHttp(server.adminAddress());
        alice.login("alice", "alice-secret");
        assertThat(alice.post("/console/api/node", node("/private", "for alice", "persistent", "creator")).status())
                .isEqualTo(201);

        ConsoleHttp.Answer refused = anonymous.get("/console/api/node?path=/private");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.field("error")).isEqualTo("NoAuth");
        assertThat(anonymous.put("/console/api/node", Map.of("path", "/private", "data", "x", "version", -1)).status())
                .isEqualTo(403);

        ConsoleHttp.Answer mine = alice.get("/console/api/node?path=/private");
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.json().get("data").get("text").asText()).isEqualTo("for alice");
        JsonNode acl = mine.json().get("acl").get(0);
        assertThat(acl.get("scheme").asText()).isEqualTo("digest");
        assertThat(acl.get("id").asText()).isEqualTo("alice:<hidden>");
        JsonNode who = alice.get("/console/api/whoami").json();
        assertThat(who.get("user").asText()).isEqualTo("alice");
        assertThat(who.get("super").asBoolean()).isFalse();

        ConsoleHttp bob = new ConsoleHttp(server.adminAddress());
        bob.login("bob", "bob-secret");
        assertThat(bob.get("/console/api/node?path=/private").status()).isEqualTo(403);

        ConsoleHttp root = new ConsoleHttp(server.adminAddress());
        root.login("super", SUPER_PASSWORD);
        assertThat(root.get("/console/api/whoami").json().get("super").asBoolean()).isTrue();
        assertThat(root.get("/console/api/node?path=/private").status()).isEqualTo(200);
        assertThat(root.get("/console/api/sessions").status()).isEqualTo(200);

        String aliceHash = Acls.digest("alice:alice-secret").split(":", 2)[1];
        String superHash = Acls.digest("super:" + SUPER_PASSWORD).split(":", 2)[1];
        for (ConsoleHttp h : List.of(anonymous, alice, bob, root)) {
            for (String body : h.bodies()) {
                assertThat(body).doesNotContain(aliceHash, superHash, "alice-secret", "bob-secret", SUPER_PASSWORD);
            }
        }
    }

    @Test
    void aLoginEndsWithLogout() throws Exception {
        ConsoleHttp http = startConsole();
        String token = http.login("carol", "pw");
        ConsoleHttp.Answer out = http.post("/console/api/logout", Map.of());
        assertThat(out.json().get("loggedOut").asBoolean()).isTrue();
        assertThat(out.response().headers().firstValue("set-cookie")).hasValueSatisfying(
                c -> assertThat(c).contains("Max-Age=0"));
        ConsoleHttp.Answer after = http.as(token).get("/console/api/whoami");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.field("error")).isEqualTo("LoginEnded");
        assertThat(http.as(null).get("/console/api/whoami").json().get("anonymous").asBoolean()).isTrue();
    }

    @Test
    void aQuietLoginIsKeptAliveByPingsAndLogoutClosesItsSession() throws Exception {
        ConsoleHttp http = startConsole();
        http.login("erin", "pw");
        JsonNode who = http.get("/console/api/whoami").json();
        String sid = who.get("sessionId").asText();
        long timeout = who.get("timeoutMs").asLong();
        assertThat(timeout).isBetween(400L, 4_000L); // bounded by 20 ticks of 200 ms
        ConsoleHttp observer = new ConsoleHttp(server.adminAddress());
        await().during(Duration.ofMillis(2 * timeout)).atMost(Duration.ofMillis(2 * timeout + 10_000))
                .until(() -> observer.get("/console/api/sessions").body().contains(sid));
        assertThat(http.get("/console/api/whoami").json().get("sessionId").asText()).isEqualTo(sid);

        http.post("/console/api/logout", Map.of());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> !observer.get("/console/api/sessions").body().contains(sid));
    }

    @Test
    void memberProbeReadsSrvr() {
        MemberProbe.Answer a = MemberProbe.parse("Zookeeper version: 3.9.3\nLatency min/avg/max: 0/0.0/0\n"
                + "Zxid: 0x100000007\nMode: follower\nNode count: 5\n", "h:1");
        assertThat(a.mode()).isEqualTo("follower");
        assertThat(a.zxid()).isEqualTo(0x100000007L);
        MemberProbe.Answer down = MemberProbe.parse("This ZooKeeper instance is not currently serving requests\n", "h:1");
        assertThat(down.zxid()).isNull();
        assertThat(down.note()).contains("not currently serving");
        assertThat(MemberProbe.ask("127.0.0.1", 1).note()).contains("failed");
    }

    @Test
    void theLoginCookieIsHttpOnlyAndIdentifiesTheCaller() throws Exception {
        ConsoleHttp http = startConsole();
        ConsoleHttp.Answer login = http.post("/console/api/login", Map.of("user", "dave", "password", "pw"));
        String cookie = login.response().headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict", "Path=/console");
        String pair = cookie.split(";", 2)[0];
        ConsoleHttp.Answer who = http.send("GET", "/console/api/whoami", null, null);
        assertThat(who.json().get("anonymous").asBoolean()).isTrue();
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + server.adminAddress().getPort() + "/console/api/whoami")).header("Cookie", pair).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).contains("\"user\":\"dave\"");
    }

    @Test
    void badInputGetsA4xxJsonErrorAndTheServerCarriesOn() throws Exception {
        ConsoleHttp http = startConsole();
        record Case(ConsoleHttp.Answer answer, int status, String error) {
        }
        byte[] big = new byte[server.config().juteMaxBuffer() + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        List<Case> cases = List.of(
                new Case(http.get("/console/api/node?path=nope"), 400, "BadPath"),
                new Case(http.get("/console/api/node?path=/a//b"), 400, "BadPath"),
                new Case(http.get("/console/api/node?path=/a/"), 400, "BadPath"),
                new Case(http.get("/console/api/node"), 400, "BadRequest"),
                new Case(http.get("/console/api/children?path=/a/../b"), 400, "BadPath"),
                new Case(http.send("POST", "/console/api/node", "application/json", "{not json"), 400, "BadJson"),
                new Case(http.send("POST", "/console/api/node", "application/json", "[1,2]"), 400, "BadJson"),
                new Case(http.send("POST", "/console/api/node", "text/plain", "{}"), 415, "UnsupportedMediaType"),
                new Case(http.post("/console/api/node", Map.of("data", "x")), 400, "BadRequest"),
                new Case(http.post("/console/api/node", node("/m", "", "ephemeral", "open")), 400, "BadRequest"),
                new Case(http.post("/console/api/node", Map.of("path", "/t", "mode", "ttl", "ttl", 5)), 400,
                        "BadRequest"),
                new Case(http.post("/console/api/node", Map.of("path", "/h", "data", "zz", "encoding", "hex")), 400,
                        "BadRequest"),
                new Case(http.post("/console/api/node", Map.of("path", "/p", "acl", "everyone")), 400, "BadRequest"),
                new Case(http.post("/console/api/node", Map.of("path", "/big", "data",
                        new String(big, StandardCharsets.US_ASCII))), 413, "TooLarge"),
                new Case(http.put("/console/api/node", Map.of("path", "/zookeeper", "data", "x", "version", "x")), 400,
                        "BadRequest"),
                new Case(http.delete("/console/api/node?path=/zookeeper"), 400, "BadRequest"),
                new Case(http.delete("/console/api/node?path=/&version=-1"), 400, "BadRequest"),
                new Case(http.get("/console/api/events?since=abc"), 400, "BadRequest"),
                new Case(http.get("/console/api/nothing"), 404, "NotFound"),
                new Case(http.send("PATCH", "/console/api/node", null, null), 405, "MethodNotAllowed"),
                new Case(http.get("/console/api/login"), 405, "MethodNotAllowed"),
                new Case(http.post("/console/api/login", Map.of("user", "a:b", "password", "x")), 400, "BadRequest"),
                new Case(http.as("no-such-token").get("/console/api/whoami"), 401, "LoginEnded"));
        http.as(null);
        for (Case c : cases) {
            assertThat(c.answer().status()).as(c.answer().body()).isEqualTo(c.status());
            assertThat(c.answer().field("error")).as(c.answer().body()).isEqualTo(c.error());
            assertThat(c.answer().field("message")).isNotBlank();
        }
        assertThat(http.get("/console/api/whoami").status()).isEqualTo(200);
    }

    @Test
    void aChangeByAnotherClientArrivesAsAWatchEvent() throws Exception {
        ConsoleHttp http = startConsole();
        ZooKeeper zk = zooKeeper();
        zk.create("/watched", "one".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
        assertThat(http.get("/console/api/node?path=/watched").status()).isEqualTo(200);
        assertThat(http.get("/console/api/children?path=/watched").status()).isEqualTo(200);
        long since = http.get("/console/api/events?since=0").json().get("last").asLong();

        zk.setData("/watched", "two".getBytes(StandardCharsets.UTF_8), -1);
        zk.create("/watched/kid", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode events = http.get("/console/api/events?since=" + since).json().get("events");
            assertThat(events.findValuesAsText("type")).contains("NodeDataChanged", "NodeChildrenChanged");
            assertThat(events.findValuesAsText("path")).containsOnly("/watched");
        });
        assertThat(http.get("/console/api/node?path=/watched").json().get("data").get("text").asText())
                .isEqualTo("two");
    }

    @Test
    void theSessionsViewListsSessionsWithTheirEphemeralsAndWatches() throws Exception {
        ConsoleHttp http = startConsole();
        ZooKeeper zk = zooKeeper();
        zk.create("/lock", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        zk.exists("/elsewhere", true);
        http.get("/console/api/node?path=/zookeeper");
        String sid = "0x" + Long.toHexString(zk.getSessionId());

        JsonNode sessions = http.get("/console/api/sessions").json().get("sessions");
        JsonNode mine = null;
        JsonNode console = null;
        for (JsonNode s : sessions) {
            if (s.get("sessionId").asText().equals(sid)) {
                mine = s;
            }
            if (s.get("console").asBoolean()) {
                console = s;
            }
        }
        assertThat(mine).as(sessions.toString()).isNotNull();
        assertThat(mine.get("ephemerals").toString()).contains("/lock");
        assertThat(mine.get("watches").toString()).contains("/elsewhere");
        assertThat(mine.get("connectedHere").asBoolean()).isTrue();
        assertThat(console).as("the console's own session is marked").isNotNull();
        assertThat(console.get("watches").toString()).contains("/zookeeper");
    }

    @Test
    void serverAndStatsAnswerForTheCharts() throws Exception {
        ConsoleHttp http = startConsole();
        JsonNode s = http.get("/console/api/server").json();
        assertThat(s.get("state").asText()).isEqualTo("standalone");
        assertThat(s.get("serving").asBoolean()).isTrue();
        assertThat(s.get("zxid").asText()).startsWith("0x");
        assertThat(s.get("ensemble").asBoolean()).isFalse();
        zooKeeper().exists("/", false);
        JsonNode stats = http.get("/console/api/stats").json();
        assertThat(stats.get("serving").asBoolean()).isTrue();
        JsonNode v = stats.get("values");
        assertThat(v.get("packets_received").asLong()).isPositive();
        assertThat(v.get("num_alive_connections").asInt()).isEqualTo(1);
        assertThat(v.has("avg_latency") && v.has("max_latency") && v.has("outstanding_requests")).isTrue();
    }
}
