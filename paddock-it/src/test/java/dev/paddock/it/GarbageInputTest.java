package dev.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server never dies from what a client sends: random frames before and after the handshake, and well-framed
 * requests of every op whose fields are random (null strings, negative or huge lengths, truncated records).
 * Each connection gets an answer or is closed; afterwards the server still serves a normal client. The seed is
 * printed; -Dpaddock.garbage.seed replays it.
 */
class GarbageInputTest {
    @TempDir
    Path dir;

    private static final int[] OPS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
        100, 101, 102, 103, 104, 105, 106, 107, -10, -11, -1, 10, 23, 99, 999, Integer.MIN_VALUE};

    /** Random jute-ish fields: ints, longs, strings (some null or with bad lengths), vectors. */
    private static byte[] randomBody(Random r) {
        JuteOutput out = new JuteOutput();
        int fields = r.nextInt(8);
        for (int i = 0; i < fields; i++) {
            switch (r.nextInt(7)) {
                case 0 -> out.writeInt(r.nextInt(5) - 2);
                case 1 -> out.writeLong(r.nextLong());
                case 2 -> out.writeString(r.nextBoolean() ? null : "/" + Long.toString(r.nextLong(), 36));
                case 3 -> out.writeString(r.nextBoolean() ? "" : "/a//b\u0000");
                case 4 -> out.writeInt(r.nextInt()); // a random length prefix
                case 5 -> out.writeBool(r.nextBoolean());
                default -> out.writeRaw(new byte[r.nextInt(20)], false);
            }
        }
        return out.toByteArray();
    }

    private static void frame(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    private static void drain(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        s.setSoTimeout(200);
        try {
            while (in.read(new byte[4096]) >= 0) {
                // discard answers; we only care that the server neither hangs the connection nor dies
            }
        } catch (SocketTimeoutException e) {
            // the server kept the connection open and answered what it could
        } catch (IOException e) {
            // closed by the server: allowed
        }
    }

    private static String fourLetterWord(int port, String cmd) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.getOutputStream().write(cmd.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void randomInputNeverTakesTheServerDown() throws Exception {
        long seed = Long.getLong("paddock.garbage.seed", System.nanoTime());
        System.out.println("GarbageInputTest seed " + seed + " (replay: -Dpaddock.garbage.seed=" + seed + ")");
        Random r = new Random(seed);
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("clientPortAddress", "127.0.0.1");
        p.setProperty("dataDir", dir.toString());
        p.setProperty("extendedTypesEnabled", "true");
        p.setProperty("4lw.commands.whitelist", "*");
        p.setProperty("maxClientCnxns", "0");
        try (PaddockServer server = PaddockServer.start(ServerConfig.fromProperties(p))) {
            int port = server.clientPort();
            for (int c = 0; c < 60; c++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    DataOutputStream out = new DataOutputStream(s.getOutputStream());
                    if (r.nextInt(4) == 0) {
                        // garbage instead of a handshake: bad lengths, random bytes
                        int len = switch (r.nextInt(4)) {
                            case 0 -> -r.nextInt(1000) - 1;
                            case 1 -> 2_000_000;
                            default -> r.nextInt(64);
                        };
                        out.writeInt(len);
                        byte[] junk = new byte[Math.max(0, Math.min(len, 64))];
                        r.nextBytes(junk);
                        out.write(junk);
                    } else {
                        JuteOutput hs = new JuteOutput();
                        new ConnectRequest(0, 0, 30000, 0, new byte[16]).write(hs);
                        hs.writeBool(false);
                        frame(out, hs.toByteArray());
                        for (int i = 0; i < 40; i++) {
                            JuteOutput req = new JuteOutput();
                            req.writeInt(i + 1);
                            req.writeInt(OPS[r.nextInt(OPS.length)]);
                            req.writeRaw(randomBody(r), false);
                            byte[] bytes = req.toByteArray();
                            if (r.nextInt(10) == 0) {
                                bytes = java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length)); // truncated header
                            }
                            frame(out, bytes);
                        }
                    }
                    out.flush();
                    drain(s);
                } catch (IOException e) {
                    // the server may close a connection at any point; that is an allowed answer
                }
            }
            assertThat(fourLetterWord(port, "ruok")).isEqualTo("imok");
            CountDownLatch up = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, 10000, e -> {
                if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) {
                    up.countDown();
                }
            });
            try {
                assertThat(up.await(20, TimeUnit.SECONDS)).isTrue();
                zk.create("/after-garbage", "ok".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                assertThat(new String(zk.getData("/after-garbage", false, null), StandardCharsets.UTF_8)).isEqualTo("ok");
            } finally {
                zk.close();
            }
            assertThat(OpCode.values()).isNotEmpty();
        }
    }
}
