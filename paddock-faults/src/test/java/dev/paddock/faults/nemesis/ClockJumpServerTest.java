package dev.paddock.faults.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.paddock.client.Acls;
import dev.paddock.client.ClientState;
import dev.paddock.client.PaddockClient;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Paddock server process under a real wall-clock jump (libfaketime): an hour forward expires no session and
 * stamps new nodes an hour ahead; then an hour behind the true time (a two-hour step back) does not freeze
 * expiry: an idle session is still expired on time. This is issue #9's fault on the server itself.
 */
class ClockJumpServerTest {
    private static final int TIMEOUT_MS = 4_000;
    private static final long HOUR_MS = 3_600_000;
    private static final long SLACK_MS = 3_000;

    @TempDir
    Path dir;

    @Test
    void sessionsRunOnElapsedTimeAndOnlyStampsFollowTheJumpedWallClock() throws Exception {
        assumeTrue(ClockFault.findLibrary().isPresent(), "libfaketime is not installed (apt-get install -y faketime)");
        ClockFault fault = new ClockFault(dir.resolve("clock"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=500\ndataDir=" + dir.resolve("data") + "\nclientPort=" + port
                + "\nclientPortAddress=127.0.0.1\nforceSync=no\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                "dev.paddock.server.PaddockServer", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        pb.environment().putAll(fault.env());
        Process server = pb.start();
        String connect = "127.0.0.1:" + port;
        AtomicInteger seq = new AtomicInteger();
        try (PaddockClient client = new PaddockClient(connect, TIMEOUT_MS, e -> { })) {
            assertThat(client.awaitConnected(Duration.ofSeconds(60))).as("server up: %s", log()).isTrue();
            long session = client.getSessionId();

            fault.jump(Duration.ofHours(1));
            awaitStamps(client, seq, HOUR_MS);
            // three session timeouts under the jumped clock, the session staying put all along
            await().during(Duration.ofMillis(3L * TIMEOUT_MS)).atMost(Duration.ofMillis(3L * TIMEOUT_MS + 10_000))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> client.getState() == ClientState.CONNECTED && client.getSessionId() == session);
            assertThat(ctimeOffset(client, seq)).as("stamped an hour ahead").isCloseTo(HOUR_MS,
                    org.assertj.core.data.Offset.offset(SLACK_MS));

            fault.jump(Duration.ofHours(-1));
            awaitStamps(client, seq, -HOUR_MS);
            long idleFor = idleSessionLifetime(port);
            assertThat(idleFor).as("an idle session still expires on time after a step back")
                    .isBetween(TIMEOUT_MS - 1_000L, TIMEOUT_MS + SLACK_MS + 1_000L);
            assertThat(client.getSessionId()).isEqualTo(session);
            assertThat(client.getState()).isEqualTo(ClientState.CONNECTED);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Waits until the server (which picks the offset up within a second) stamps new nodes with the offset. */
    private void awaitStamps(PaddockClient client, AtomicInteger seq, long offsetMs) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> Math.abs(ctimeOffset(client, seq) - offsetMs) <= SLACK_MS);
    }

    /** Creates a node and returns how far its ctime is from the true wall clock. */
    private static long ctimeOffset(PaddockClient client, AtomicInteger seq) throws Exception {
        long before = System.currentTimeMillis();
        Stat stat = client.create2("/n" + seq.incrementAndGet(), new byte[0], Acls.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT).stat();
        return stat.ctime() - before;
    }

    /**
     * Opens a session on a bare socket, never sends another byte, and returns how long (elapsed time) the server
     * kept it before expiring it and closing the connection.
     */
    private static long idleSessionLifetime(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            JuteOutput o = new JuteOutput(64);
            o.writeInt(0);
            new ConnectRequest(0, 0, TIMEOUT_MS, 0, new byte[16]).write(o);
            o.writeBool(false);
            o.setInt(0, o.size() - 4);
            s.getOutputStream().write(o.array(), 0, o.size());
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] frame = new byte[in.readInt()];
            in.readFully(frame);
            long opened = System.nanoTime();
            assertThat(ConnectResponse.read(new JuteInput(frame)).timeOut()).isEqualTo(TIMEOUT_MS);
            while (in.read() >= 0) {
                // nothing is expected before the close
            }
            return (System.nanoTime() - opened) / 1_000_000L;
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
