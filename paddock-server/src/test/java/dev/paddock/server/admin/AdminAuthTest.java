package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paddock.core.auth.Acls;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may run snapshot and restore (ALL on "/"), over real sockets: ZooKeeper 3.9.5's rules, the two CVE fixes
 * included, against the live ACL of "/", which a ZooKeeper client changes between the checks.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminAuthTest {
    static final String AUTH = "Authorization";
    static final String SUPER = "digest super:super-pw";

    @TempDir
    static Path dir;
    AdminFixture f;
    ZooKeeper zk;

    @BeforeAll
    void start() throws Exception {
        f = new AdminFixture(dir, "DigestAuthenticationProvider.superDigest", Acls.digest("super:super-pw"),
                "admin.rateLimiterIntervalInMS", "0");
        zk = f.client();
        zk.addAuthInfo("digest", "super:super-pw".getBytes(StandardCharsets.UTF_8));
        zk.create("/app", "v".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void openRoot() throws Exception {
        zk.setACL("/", ZooDefs.Ids.OPEN_ACL_UNSAFE, -1);
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    /** "/" readable by reader, everything for alice, and an optional extra entry. */
    private void restrictRoot(ACL... extra) throws Exception {
        List<ACL> acl = new java.util.ArrayList<>(List.of(
                new ACL(ZooDefs.Perms.ALL, new Id("digest", Acls.digest("alice:alice-pw"))),
                new ACL(ZooDefs.Perms.READ, new Id("digest", Acls.digest("reader:reader-pw")))));
        acl.addAll(List.of(extra));
        zk.setACL("/", acl, -1);
    }

    private HttpResponse<byte[]> snapshot(String... headers) throws Exception {
        return f.get("/commands/snapshot?streaming=false", headers);
    }

    private static void assertRefused(HttpResponse<byte[]> r, int status, String error) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode j = AdminFixture.json(r);
        assertThat(j.get("command").asText()).isEqualTo("snapshot");
        assertThat(j.get("error").asText()).isEqualTo(error);
    }

    @Test
    void noHeaderIs401() throws Exception {
        assertRefused(snapshot(), 401, "Auth info is missing for the command");
        restrictRoot();
        assertRefused(snapshot(), 401, "Auth info is missing for the command");
    }

    @Test
    void credentialsNoProviderAcceptsAre401() throws Exception {
        restrictRoot();
        for (String bad : List.of("nosuchscheme x", "digest a b c", "digest", "x509 ", "super x", "sasl alice:pw")) {
            assertRefused(snapshot(AUTH, bad), 401, "Not authenticated");
        }
    }

    @Test
    void digestWithoutTheWholePermissionIs403() throws Exception {
        restrictRoot();
        assertRefused(snapshot(AUTH, "digest bob:pw"), 403, "Not authorized");
        assertRefused(snapshot(AUTH, "digest alice:wrong-pw"), 403, "Not authorized");
        // CVE-2025-58457: READ is one bit of ALL; ZooKeeper 3.9.3 let it through, 3.9.4+ do not
        assertRefused(snapshot(AUTH, "digest reader:reader-pw"), 403, "Not authorized");
    }

    @Test
    void digestWithAllAndTheSuperUserPass() throws Exception {
        restrictRoot();
        assertThat(snapshot(AUTH, "digest alice:alice-pw").statusCode()).isEqualTo(200);
        assertThat(snapshot(AUTH, SUPER).statusCode()).isEqualTo(200);
    }

    @Test
    void anyAuthenticatedIdPassesAnOpenRoot() throws Exception {
        assertThat(snapshot(AUTH, "digest bob:wrong").statusCode()).isEqualTo(200);
        assertThat(snapshot(AUTH, "ip").statusCode()).isEqualTo(200);
    }

    @Test
    void ipIsTheSocketsAddressNeverXForwardedFor() throws Exception {
        restrictRoot(new ACL(ZooDefs.Perms.ALL, new Id("ip", "10.1.2.3")));
        assertRefused(snapshot(AUTH, "ip"), 403, "Not authorized");
        // CVE-2024-51504: a spoofed header must not make the caller 10.1.2.3
        assertRefused(snapshot(AUTH, "ip", "X-Forwarded-For", "10.1.2.3"), 403, "Not authorized");
        restrictRoot(new ACL(ZooDefs.Perms.ALL, new Id("ip", "127.0.0.1")));
        assertThat(snapshot(AUTH, "ip", "X-Forwarded-For", "10.1.2.3").statusCode()).isEqualTo(200);
    }

    @Test
    void snapshotStreamsTheTreeInZooKeepersFileFormat() throws Exception {
        zk.setData("/app", "streamed".getBytes(StandardCharsets.UTF_8), -1);
        long zxid = zk.exists("/app", false).getMzxid();
        HttpResponse<byte[]> r = f.get("/commands/snapshot", AUTH, SUPER);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        byte[] body = r.body();
        assertThat(r.headers().firstValue("snapshot_size")).hasValue(Integer.toString(body.length));
        ZkSnapshotFile.Contents c = ZkSnapshotFile.read(body);
        assertThat(r.headers().firstValue("last_zxid")).hasValue("0x" + Long.toHexString(c.lastZxid()));
        assertThat(c.lastZxid()).isGreaterThanOrEqualTo(zxid);
        assertThat(new String(c.snapshot().tree().get("/app").data(), StandardCharsets.UTF_8)).isEqualTo("streamed");
        assertThat(c.snapshot().sessionTimeoutsMs()).containsKey(zk.getSessionId());

        HttpResponse<byte[]> headersOnly = f.get("/commands/snap?streaming=false", AUTH, SUPER);
        assertThat(headersOnly.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(headersOnly.headers().firstValue("snapshot_size")).isPresent();
        assertThat(new String(headersOnly.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\n  \"command\" : \"snapshot\",\n  \"error\" : null\n}");
    }

    @Test
    void restoreIsAPostCommandThatChecksItsBody() throws Exception {
        HttpResponse<byte[]> get = f.get("/commands/restore");
        assertThat(get.statusCode()).isEqualTo(401);
        assertThat(AdminFixture.json(get).get("error").asText()).isEqualTo("Auth info is missing for the command");
        assertThat(f.get("/commands/restore", AUTH, SUPER).statusCode()).isEqualTo(500);
        restrictRoot();
        assertThat(f.send("POST", "/commands/restore", new byte[] {1}, AUTH, "digest reader:reader-pw")
                .statusCode()).isEqualTo(403);

        HttpResponse<byte[]> empty = f.send("POST", "/commands/restore", new byte[0], AUTH, SUPER);
        assertThat(empty.statusCode()).isEqualTo(400);
        HttpResponse<byte[]> garbage = f.send("POST", "/commands/rest",
                "Invalid snapshot data".getBytes(StandardCharsets.UTF_8), AUTH, SUPER);
        assertThat(garbage.statusCode()).isEqualTo(500);
        assertThat(AdminFixture.json(garbage).get("error").asText()).startsWith("not a ZooKeeper snapshot");

        byte[] snap = f.get("/commands/snapshot", AUTH, SUPER).body();
        snap[snap.length / 2] ^= 0x5a;
        HttpResponse<byte[]> corrupt = f.send("POST", "/commands/restore", snap, AUTH, SUPER);
        assertThat(corrupt.statusCode()).isEqualTo(500);

    }
}
