package dev.paddock.faults.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.Acls;
import dev.paddock.client.ClientState;
import dev.paddock.client.PaddockClient;
import dev.paddock.client.Watcher;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Paddock server process whose wall clock steps (the nemesis's clock fault: {@code clock.offsetMs} in its fault
 * control file, {@code -Dpaddock.faults.control}): an hour forward expires no session and
 * stamps new nodes an hour ahead; then a step back to an hour behind the true time does not freeze expiry: an
 * idle session opened before the step is still expired on time. This is issue #9's fault on the server itself.
 * (Checked by hand against the old driver, which ran timers on the wall clock: the forward jump expired a 4 s
 * session after 1.7 s, and after the step back an idle session was still open 20 s later.)
 */
class ClockJumpServerTest {
    /** The idle session's timeout. */
    private static final int TIMEOUT_MS = 4_000;
    /** The client's: the longest the server allows (20 ticks), so a loaded box does not drop it. */
    private static final int CLIENT_TIMEOUT_MS = 10_000;
    private static final long HOUR_MS = 3_600_000;
    private static final long SLACK_MS = 3_000;

    @TempDir
    Path dir;

    @Test
    void sessionsRunOnElapsedTimeAndOnlyStampsFollowTheJumpedWallClock() throws Exception {
        Path control = dir.resolve("fault-hooks.properties");
        jump(control, 0);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, "tickTime=500\ndataDir=" + dir.resolve("data") + "\nclientPort=" + port
                + "\nclientPortAddress=127.0.0.1\nforceSync=no\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Dpaddock.faults.control=" + control, "-cp",
                System.getProperty("java.class.path"), "dev.paddock.server.PaddockServer", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile());
        Process server = pb.start();
        String connect = "127.0.0.1:" + port;
        AtomicInteger seq = new AtomicInteger();
        AtomicBoolean expired = new AtomicBoolean();
        Watcher watcher = e -> {
            if (e.state() == KeeperState.EXPIRED) {
                expired.set(true);
            }
        };
        try (PaddockClient client = new PaddockClient(connect, CLIENT_TIMEOUT_MS, watcher)) {
            assertThat(client.awaitConnected(Duration.ofSeconds(60))).as("server up: %s", log()).isTrue();
            long session = client.getSessionId();

            jump(control, HOUR_MS);
            awaitStamps(client, seq, HOUR_MS);
            // two session timeouts under the jumped clock, the session staying put all along
            await().during(Duration.ofMillis(2L * CLIENT_TIMEOUT_MS))
                    .atMost(Duration.ofMillis(2L * CLIENT_TIMEOUT_MS + 10_000)).pollInterval(Duration.ofMillis(100))
                    .until(() -> !expired.get() && client.getState() != ClientState.CLOSED
                            && client.getSessionId() == session);
            awaitStamps(client, seq, HOUR_MS);

            // an idle session opened an hour ahead; right after, the clock steps back to an hour behind
            CompletableFuture<Long> idle = CompletableFuture.supplyAsync(
                    () -> idleSessionLifetime(port, () -> jump(control, -HOUR_MS)));
            awaitStamps(client, seq, -HOUR_MS);
            long idleFor = idle.get(90, TimeUnit.SECONDS);
            assertThat(idleFor).as("the idle session still expires on time across a two-hour step back")
                    .isBetween(TIMEOUT_MS - 1_000L, TIMEOUT_MS + SLACK_MS + 1_000L);
            assertThat(expired).as("the client's session never expired").isFalse();
            assertThat(client.getSessionId()).isEqualTo(session);
            assertThat(client.getState()).isNotEqualTo(ClientState.CLOSED);
        } finally {
            server.destroy();
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Steps the server's wall clock to the true time plus {@code offsetMs} (write aside, rename). */
    private static void jump(Path control, long offsetMs) {
        try {
            Path tmp = control.resolveSibling("hooks.tmp");
            Files.writeString(tmp, "clock.offsetMs=" + offsetMs + "\n");
            Files.move(tmp, control, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the server (which looks at its control file every 50 ms) stamps new nodes with the offset. */
    private void awaitStamps(PaddockClient client, AtomicInteger seq, long offsetMs) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
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
     * Opens a session on a bare socket, runs {@code afterHandshake}, never sends another byte, and returns how long
     * (elapsed time) the server kept the session before expiring it and closing the connection. A server whose
     * expiry ran on the wall clock kept it for the length of a backward step (an hour): the read times out.
     */
    private static long idleSessionLifetime(int port, Runnable afterHandshake) {
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
            afterHandshake.run();
            while (in.read() >= 0) {
                // nothing is expected before the close
            }
            return (System.nanoTime() - opened) / 1_000_000L;
        } catch (IOException e) {
            throw new UncheckedIOException("the idle session was not closed by its expiry", e);
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
