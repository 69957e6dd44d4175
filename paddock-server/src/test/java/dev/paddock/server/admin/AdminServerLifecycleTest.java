package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin server's switch, a port already taken, and the snapshot/restore switches and rate limit. */
class AdminServerLifecycleTest {
    @TempDir
    Path dir;

    @Test
    void offBindsNothing() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(AdminFixture.config(dir,
                "admin.enableServer", "false", "admin.serverPort", Integer.toString(port))))) {
            assertThat(server.adminAddress()).isNull();
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress("127.0.0.1", port)); // still free: the server did not take it
                assertThat(again.isBound()).isTrue();
            }
            assertThat(ruok(server)).isEqualTo("imok");
        }
    }

    @Test
    void aTakenPortLeavesTheServerRunningWithoutAdminServer() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"));
             PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(AdminFixture.config(dir,
                     "admin.serverPort", Integer.toString(taken.getLocalPort()))))) {
            assertThat(server.adminAddress()).isNull();
            assertThat(ruok(server)).isEqualTo("imok");
        }
    }

    @Test
    void commandUrlIsConfigurable() throws Exception {
        try (AdminFixture f = new AdminFixture(dir, "admin.commandURL", "/ops/")) {
            assertThat(f.get("/ops/ruok").statusCode()).isEqualTo(200);
            assertThat(new String(f.get("/ops").body(), StandardCharsets.UTF_8))
                    .contains("<a href=\"/ops/ruok\">ruok</a>");
            assertThat(f.get("/commands/ruok").statusCode()).isEqualTo(404);
        }
        try (AdminFixture top = new AdminFixture(dir.resolve("top"), "admin.commandURL", "/")) {
            assertThat(AdminFixture.json(top.get("/ruok")).get("command").asText()).isEqualTo("ruok");
            assertThat(new String(top.get("/").body(), StandardCharsets.UTF_8)).contains("<a href=\"/ruok\">ruok</a>");
        }
    }

    @Test
    void disabledSnapshotAndRestoreAre503AfterTheAuthCheck() throws Exception {
        try (AdminFixture f = new AdminFixture(dir, "admin.snapshot.enabled", "false",
                "admin.restore.enabled", "false")) {
            assertThat(f.get("/commands/snapshot").statusCode()).isEqualTo(401);
            HttpResponse<byte[]> snap = f.get("/commands/snapshot", "Authorization", "ip");
            assertThat(snap.statusCode()).isEqualTo(503);
            assertThat(AdminFixture.json(snap).get("command").asText()).isEqualTo("snapshot");
            assertThat(f.send("POST", "/commands/restore", new byte[] {1}, "Authorization", "ip").statusCode())
                    .isEqualTo(503);
        }
    }

    @Test
    void restoreIsRateLimitedToOnePerInterval() throws Exception {
        try (AdminFixture f = new AdminFixture(dir)) { // the default interval: 5 minutes
            byte[] junk = "x".getBytes(StandardCharsets.UTF_8);
            assertThat(f.send("POST", "/commands/restore", junk, "Authorization", "ip").statusCode()).isEqualTo(500);
            assertThat(f.send("POST", "/commands/restore", junk, "Authorization", "ip").statusCode()).isEqualTo(429);
        }
    }

    private static String ruok(PaddockServer server) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.clientPort())) {
            s.getOutputStream().write("ruok".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
