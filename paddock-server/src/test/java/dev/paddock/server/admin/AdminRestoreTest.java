package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore on a standalone server: the snapshot's tree is served at once and survives a restart. */
class AdminRestoreTest {
    static final String[] AUTH = {"Authorization", "ip"};

    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void restoreReplacesTheTreeDurablyAndWritesGoOn() throws Exception {
        long beforeRestore;
        try (AdminFixture f = new AdminFixture(dir, "admin.rateLimiterIntervalInMS", "0")) {
            ZooKeeper zk = f.client();
            zk.create("/keep", bytes("v1"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            HttpResponse<byte[]> snap = f.get("/commands/snapshot", AUTH);
            assertThat(snap.statusCode()).isEqualTo(200);
            String snapZxid = snap.headers().firstValue("last_zxid").orElseThrow();
            zk.setData("/keep", bytes("v2"), -1);
            zk.create("/later", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            beforeRestore = zk.exists("/later", false).getCzxid();

            HttpResponse<byte[]> r = f.send("POST", "/commands/restore", snap.body(), AUTH);
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode j = AdminFixture.json(r);
            assertThat(j.get("error").isNull()).isTrue();
            assertThat("0x" + Long.toHexString(j.get("last_zxid").asLong())).isEqualTo(snapZxid);

            ZooKeeper after = f.client(); // the old connections were closed
            assertThat(new String(after.getData("/keep", false, null), StandardCharsets.UTF_8)).isEqualTo("v1");
            assertThat(after.exists("/later", false)).isNull();
            after.create("/new", bytes("n"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Stat created = after.exists("/new", false);
            assertThat(created.getCzxid()).isGreaterThan(beforeRestore); // zxids go on after everything logged
        }
        try (AdminFixture again = new AdminFixture(dir)) { // the same data directory, recovered
            ZooKeeper zk = again.client();
            assertThat(new String(zk.getData("/keep", false, null), StandardCharsets.UTF_8)).isEqualTo("v1");
            assertThat(zk.exists("/later", false)).isNull();
            assertThat(zk.exists("/new", false)).isNotNull();
        }
    }
}
