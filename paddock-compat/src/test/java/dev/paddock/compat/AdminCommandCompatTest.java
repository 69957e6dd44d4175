package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin command of ZooKeeper 3.9.3 asked of ZooKeeper (Jetty admin server, child JVM) and of Paddock after the
 * same {@link OpsWorkload}: the same HTTP status, the same key set at every level, the same JSON types, and equal
 * values where the workload or the settings fix them (see {@link AdminJson}). Plus the listing page, aliases,
 * unknown commands and wrong methods.
 */
class AdminCommandCompatTest extends OpsCompatBase {
    @Override
    protected ZooKeeperProcess.Options options() {
        return ZooKeeperProcess.Options.adminOnly();
    }

    static Stream<String> plainGets() {
        return AdminCommandCatalog.plainGets().stream().map(AdminCommandCatalog.Command::primary);
    }

    /** Per-command view before comparing: most commands as they are. */
    private static UnaryOperator<JsonNode> view(String command) {
        if (command.equals("system_properties")) {
            return AdminCommandCompatTest::commonSystemProperties;
        }
        return UnaryOperator.identity();
    }

    /**
     * The two servers run in different JVMs with different launch properties, so only the properties both JVMs
     * share by construction (same java binary, same working directory) are compared, plus "every value a string".
     */
    private static JsonNode commonSystemProperties(JsonNode all) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String k : List.of("command", "error", "java.version", "java.home", "java.vendor", "os.name", "os.arch",
            "file.separator", "path.separator", "line.separator", "user.dir", "user.name")) {
            if (all.has(k)) {
                out.set(k, all.get(k));
            }
        }
        boolean allStrings = true;
        for (JsonNode v : all) {
            allStrings &= v.isTextual() || v.isNull();
        }
        out.put("<every value a string>", allStrings);
        return out;
    }

    private List<String> compare(String command, AdminHttp.Reply zk, AdminHttp.Reply paddock) {
        return AdminJson.compare(zk.body(), servers.zkSide(), paddock.body(), servers.paddockSide(), view(command));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plainGets")
    void commandAnswersAsZooKeeper(String command) {
        AdminHttp.Reply zk = servers.zkAdmin().get("/commands/" + command);
        AdminHttp.Reply paddock = servers.paddockAdmin().get("/commands/" + command);
        assertThat(paddock.status()).as("HTTP status of %s", command).isEqualTo(zk.status()).isEqualTo(200);
        assertThat(paddock.contentType()).as("content type of %s", command).startsWith("application/json");
        assertThat(compare(command, zk, paddock)).as("differences in %s (ZooKeeper: %s\nPaddock: %s)", command,
            zk.body(), paddock.body()).isEmpty();
        if (!command.equals("system_properties")) {
            assertThat(AdminJson.keyOrderDifferences(zk.body(), paddock.body())).as("key order in %s", command)
                .isEmpty();
        }
    }

    @Test
    void aliasesAnswerAsTheirPrimaryName() {
        for (AdminCommandCatalog.Command c : AdminCommandCatalog.plainGets()) {
            for (String alias : c.names()) {
                AdminHttp.Reply zk = servers.zkAdmin().get("/commands/" + alias);
                AdminHttp.Reply paddock = servers.paddockAdmin().get("/commands/" + alias);
                assertThat(paddock.status()).as("status of alias %s", alias).isEqualTo(zk.status());
                assertThat(AdminJson.parse(paddock.body()).path("command").asText()).as("command of alias %s", alias)
                    .isEqualTo(AdminJson.parse(zk.body()).path("command").asText()).isEqualTo(c.primary());
            }
        }
    }

    private static final Pattern LINK = Pattern.compile("<a href=\"([^\"]+)\">([^<]+)</a>");

    private static Set<String> links(String html) {
        Set<String> out = new TreeSet<>();
        Matcher m = LINK.matcher(html);
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2));
        }
        return out;
    }

    @Test
    void listingPageLinksEveryPrimaryName() {
        for (String path : List.of("/commands", "/commands/")) {
            AdminHttp.Reply zk = servers.zkAdmin().get(path);
            AdminHttp.Reply paddock = servers.paddockAdmin().get(path);
            assertThat(paddock.status()).as("status of %s", path).isEqualTo(zk.status()).isEqualTo(200);
            assertThat(links(paddock.body())).as("links on %s", path).isEqualTo(links(zk.body())).hasSize(
                AdminCommandCatalog.ALL.size());
        }
    }

    @Test
    void unknownCommandIsA200WithAnError() {
        for (String method : List.of("GET", "POST")) {
            AdminHttp.Reply zk = servers.zkAdmin().send(method, "/commands/nosuch", new byte[0]);
            AdminHttp.Reply paddock = servers.paddockAdmin().send(method, "/commands/nosuch", new byte[0]);
            assertThat(paddock.status()).as("%s of an unknown command", method).isEqualTo(zk.status()).isEqualTo(200);
            assertThat(compare("nosuch", zk, paddock)).as("%s of an unknown command: %s", method, paddock.body())
                .isEmpty();
            assertThat(paddock.body()).contains("Unknown command: nosuch");
        }
    }

    @Test
    void setTraceMaskArgumentsAsZooKeeper() {
        String current = AdminJson.parse(servers.zkAdmin().get("/commands/get_trace_mask").body()).get("tracemask")
            .asText();
        for (String query : List.of("", "?traceMask=x", "?traceMask=" + current)) {
            AdminHttp.Reply zk = servers.zkAdmin().get("/commands/set_trace_mask" + query);
            AdminHttp.Reply paddock = servers.paddockAdmin().get("/commands/set_trace_mask" + query);
            assertThat(paddock.status()).as("set_trace_mask%s", query).isEqualTo(zk.status());
            assertThat(compare("set_trace_mask", zk, paddock)).as("set_trace_mask%s: %s", query, paddock.body())
                .isEmpty();
        }
    }

    @Test
    void putAndDeleteAre405() {
        for (String method : List.of("PUT", "DELETE")) {
            assertThat(servers.paddockAdmin().send(method, "/commands/ruok", null).status()).as(method)
                .isEqualTo(servers.zkAdmin().send(method, "/commands/ruok", null).status()).isEqualTo(405);
        }
    }

    @Test
    void headAnswersAsGet() {
        assertThat(servers.paddockAdmin().send("HEAD", "/commands/ruok", null).status())
            .isEqualTo(servers.zkAdmin().send("HEAD", "/commands/ruok", null).status()).isEqualTo(200);
    }

    @Test
    void traceIsRefusedWithoutEcho() {
        // ZooKeeper's Jetty refuses TRACE with 403 (a security constraint); any 4xx that does not echo the
        // request (cross-site tracing) does the job
        assertThat(servers.zkAdmin().send("TRACE", "/commands/ruok", null, "X-Echo-Me", "secret").status())
            .isEqualTo(403);
        AdminHttp.Reply paddock = servers.paddockAdmin().send("TRACE", "/commands/ruok", null, "X-Echo-Me", "secret");
        assertThat(paddock.status()).isBetween(400, 499);
        assertThat(paddock.body()).doesNotContain("secret");
    }

    @Test
    void postToAGetCommandFailsAsInZooKeeperButSaysWhy() {
        // ZooKeeper 3.9.3 answers 500 (its GET command has no POST handler and the servlet fails on the null);
        // Paddock keeps the status (AdminCommands: "ZooKeeper fails here with an internal error (500); say why")
        // and answers ZooKeeper-shaped JSON naming the method to use
        assertThat(servers.zkAdmin().post("/commands/ruok", new byte[0]).status()).isEqualTo(500);
        AdminHttp.Reply paddock = servers.paddockAdmin().post("/commands/ruok", new byte[0]);
        assertThat(paddock.status()).as("POST ruok: %s", paddock.body()).isEqualTo(500);
        assertThat(AdminJson.parse(paddock.body()).path("error").asText()).contains("GET");
    }

    @Test
    void getOfThePostOnlyRestoreChecksAuthFirst() {
        AdminHttp.Reply zk = servers.zkAdmin().get("/commands/restore");
        AdminHttp.Reply paddock = servers.paddockAdmin().get("/commands/restore");
        assertThat(paddock.status()).isEqualTo(zk.status()).isEqualTo(401);
        assertThat(compare("restore", zk, paddock)).as(paddock.body()).isEmpty();
        // with credentials ZooKeeper 3.9.3 fails with 500 (no GET handler); Paddock keeps the status and says why
        String superAuth = "digest super:" + ServerUnderTest.SUPER_PASSWORD;
        assertThat(servers.zkAdmin().get("/commands/restore", "Authorization", superAuth).status()).isEqualTo(500);
        AdminHttp.Reply withAuth = servers.paddockAdmin().get("/commands/restore", "Authorization", superAuth);
        assertThat(withAuth.status()).as("GET restore with auth: %s", withAuth.body()).isEqualTo(500);
        assertThat(AdminJson.parse(withAuth.body()).path("error").asText()).contains("POST");
    }

    @Test
    void pathOutsideTheCommandUrlIs404() {
        assertThat(servers.paddockAdmin().get("/nosuch").status()).isEqualTo(servers.zkAdmin().get("/nosuch").status())
            .isEqualTo(404);
    }
}
