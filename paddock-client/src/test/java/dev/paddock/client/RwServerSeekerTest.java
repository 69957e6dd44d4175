package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read-write server search of a client connected read-only: isro probes over real sockets, a manual clock. */
class RwServerSeekerTest {
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private long nowNanos = 1_000_000_000L;
    private int probes;

    @AfterEach
    void closeListeners() throws IOException {
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    /** A loopback port that answers every four-letter word with {@code answer}, as a server's isro does. */
    private InetSocketAddress answering(String answer) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        listeners.add(ss);
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    heard.add(new String(in.readNBytes(4), StandardCharsets.US_ASCII));
                    s.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-4lw");
        t.setDaemon(true);
        t.start();
        return InetSocketAddress.createUnresolved("127.0.0.1", ss.getLocalPort());
    }

    private static InetSocketAddress closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return InetSocketAddress.createUnresolved("127.0.0.1", s.getLocalPort());
        }
    }

    private void advance(long ms) {
        nowNanos += TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void probesTheNextServerWithBackoffAndReportsTheFirstReadWriteOne() throws Exception {
        InetSocketAddress readOnly = answering("ro");
        InetSocketAddress down = closedPort();
        InetSocketAddress readWrite = answering("rw");
        List<InetSocketAddress> rotation = List.of(readOnly, down, readWrite);
        RwServerSeeker seeker = new RwServerSeeker(() -> nowNanos);

        assertThat(seeker.millisUntilProbe()).isEqualTo(100);
        seeker.probeIfDue(() -> rotation.get(probes++ % 3));
        assertThat(probes).as("not due yet").isZero();

        advance(100);
        seeker.probeIfDue(() -> rotation.get(probes++ % 3)); // "ro": stay
        assertThat(seeker.millisUntilProbe()).isEqualTo(200);
        advance(200);
        seeker.probeIfDue(() -> rotation.get(probes++ % 3)); // refused: not up, stay
        assertThat(seeker.millisUntilProbe()).isEqualTo(400);
        advance(399);
        seeker.probeIfDue(() -> rotation.get(probes++ % 3));
        assertThat(probes).isEqualTo(2);
        advance(1);
        assertThatThrownBy(() -> seeker.probeIfDue(() -> rotation.get(probes++ % 3)))
                .isInstanceOfSatisfying(RwServerSeeker.Found.class, f -> assertThat(f.server).isEqualTo(readWrite))
                .hasMessage("Majority server found at 127.0.0.1:" + readWrite.getPort());
        assertThat(heard).containsExactly("isro", "isro");
        assertThat(seeker.millisUntilProbe()).as("found: the next search starts again at 100 ms").isEqualTo(100);
    }

    @Test
    void theIntervalDoublesUpToSixtySeconds() throws Exception {
        InetSocketAddress readOnly = answering("ro");
        RwServerSeeker seeker = new RwServerSeeker(() -> nowNanos);
        List<Long> intervals = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            advance(seeker.millisUntilProbe());
            seeker.probeIfDue(() -> readOnly);
            intervals.add(seeker.millisUntilProbe());
        }
        assertThat(intervals).containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 51_200L,
                60_000L, 60_000L, 60_000L);
    }

    @Test
    void aStandaloneServerIsReadWrite(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        dev.paddock.client.testing.PaddockTestServer server = new dev.paddock.client.testing.PaddockTestServer(dir, 200);
        server.start();
        try {
            InetSocketAddress addr = InetSocketAddress.createUnresolved("127.0.0.1", server.port());
            RwServerSeeker seeker = new RwServerSeeker(() -> nowNanos);
            advance(100);
            assertThatThrownBy(() -> seeker.probeIfDue(() -> addr)).isInstanceOf(RwServerSeeker.Found.class);
        } finally {
            server.stop();
        }
    }
}
