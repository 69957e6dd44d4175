package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetDataRequest;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One misbehaving client against a real server over real sockets: the server stays small and the other clients
 * keep their latency (issue #15). Memory is Netty's pooled direct memory in this JVM, where the server runs.
 */
class OverloadProtectionTest {
    private static final List<ACL> OPEN = List.of(new ACL(31, new Id("world", "anyone")));
    private static final int BIG = 512 * 1024;

    @TempDir
    Path tmp;
    private ServerFixture fx;

    @BeforeEach
    void fixture() {
        fx = new ServerFixture(tmp);
    }

    @AfterEach
    void tearDown() throws IOException {
        fx.close();
    }

    private RawClient client() throws IOException {
        return fx.session(false);
    }

    private static int call(RawClient c, int xid, OpCode op, dev.paddock.jute.JuteRecord body) throws IOException {
        c.send(xid, op.code, body);
        ReplyHeader[] h = new ReplyHeader[1];
        c.readReply(h);
        assertThat(h[0].xid()).isEqualTo(xid);
        return h[0].err();
    }

    /**
     * Sends {@code requests} pipelined getData("/big") from a background thread and never reads: the write blocks
     * once the server stops reading, until the test closes the socket.
     */
    private static void floodWithReadsOfBig(RawClient attacker, int requests) {
        JuteOutput frames = new JuteOutput(requests * 24);
        for (int i = 0; i < requests; i++) {
            int at = frames.size();
            frames.writeInt(0);
            new RequestHeader(i + 1, OpCode.GET_DATA.code).write(frames);
            new GetDataRequest("/big", false).write(frames);
            frames.setInt(at, frames.size() - at - 4);
        }
        Thread flood = new Thread(() -> {
            try {
                attacker.writeRaw(java.util.Arrays.copyOf(frames.array(), frames.size()));
            } catch (IOException e) {
                // the socket is closed while this write is blocked: expected
            }
        }, "attacker");
        flood.setDaemon(true);
        flood.start();
    }

    @Test
    void aClientThatDoesNotReadItsRepliesNeitherGrowsTheServerNorSlowsTheOthers() throws Exception {
        fx.start();
        RawClient good = client();
        assertThat(call(good, 1, OpCode.CREATE, new CreateRequest("/big", new byte[BIG], OPEN, 0))).isZero();
        assertThat(call(good, 2, OpCode.CREATE, new CreateRequest("/small", new byte[10], OPEN, 0))).isZero();

        // the attacker: 20,000 pipelined reads of 512 KB (10 GB of replies) in one stream, never reading
        RawClient attacker = client();
        floodWithReadsOfBig(attacker, 20_000);

        AtomicLong peakDirect = new AtomicLong();
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            long t0 = System.nanoTime();
            assertThat(call(good, 100 + i, OpCode.SET_DATA, new SetDataRequest("/small", new byte[10], -1)))
                    .as("write %d of the good client", i).isZero();
            latencies.add((System.nanoTime() - t0) / 1_000_000);
            peakDirect.accumulateAndGet(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), Math::max);
        }
        Collections.sort(latencies);
        long p99 = latencies.get(latencies.size() * 99 / 100);
        System.out.printf("slow reader: good client p50 %d ms, p99 %d ms, max %d ms; peak pooled direct memory %d MB%n",
                latencies.get(latencies.size() / 2), p99, latencies.get(latencies.size() - 1),
                peakDirect.get() >> 20);
        // a few replies of 512 KB may wait per connection, not thousands
        assertThat(peakDirect.get()).as("pooled direct memory").isLessThan(128L << 20);
        assertThat(p99).as("p99 of the good client's writes, ms").isLessThan(1000);

        // the attacker was slowed, not dropped: its replies come when it reads them, in order, whole
        ReplyHeader[] h = new ReplyHeader[1];
        for (int i = 1; i <= 5; i++) {
            JuteInput in = attacker.readReply(h);
            assertThat(h[0].xid()).isEqualTo(i);
            assertThat(h[0].err()).isZero();
            assertThat(GetDataResponse.read(in).data()).hasSize(BIG);
        }
    }

    private long mntr(String key) {
        Map<String, String> m = fx.mntrOrNull();
        assertThat(m).as("mntr answered").isNotNull();
        assertThat(m).containsKey("zk_" + key);
        return Long.parseLong(m.get("zk_" + key));
    }

    @Test
    void aLargeRequestBeyondLargeRequestMaxBytesClosesOnlyItsConnection() throws Exception {
        fx.start("largeRequestThreshold", "1000", "largeRequestMaxBytes", "1500");
        RawClient other = client();
        RawClient c = client();
        assertThat(call(c, 1, OpCode.CREATE, new CreateRequest("/a", new byte[900], OPEN, 0))).isZero();
        assertThat(call(c, 2, OpCode.SET_DATA, new SetDataRequest("/a", new byte[1200], -1)))
                .as("large, and fits the budget").isZero();
        c.send(3, OpCode.SET_DATA.code, new SetDataRequest("/a", new byte[1600], -1));
        assertThat(c.closedByServer()).isTrue();
        assertThat(mntr("large_requests_rejected")).isEqualTo(1);
        assertThat(mntr("connection_drop_count")).as("closed by the server, not dropped by the client").isZero();
        assertThat(call(other, 1, OpCode.SET_DATA, new SetDataRequest("/a", new byte[10], -1))).isZero();
    }

    @Test
    void theRequestThrottlerStallsAndEveryRequestStillCompletes() throws Exception {
        fx.start("request_throttle_max_requests", "1", "request_throttle_stall_time", "5");
        List<RawClient> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            writers.add(client());
        }
        int each = 50;
        for (int w = 0; w < writers.size(); w++) {
            JuteOutput frames = new JuteOutput(each * 64);
            for (int i = 0; i < each; i++) {
                int at = frames.size();
                frames.writeInt(0);
                new RequestHeader(i + 1, OpCode.CREATE.code).write(frames);
                new CreateRequest("/w" + w + "-" + i, new byte[8], OPEN, 0).write(frames);
                frames.setInt(at, frames.size() - at - 4);
            }
            writers.get(w).writeRaw(java.util.Arrays.copyOf(frames.array(), frames.size()));
        }
        ReplyHeader[] h = new ReplyHeader[1];
        for (RawClient w : writers) {
            for (int i = 1; i <= each; i++) {
                w.readReply(h);
                assertThat(h[0].xid()).isEqualTo(i);
                assertThat(h[0].err()).isZero();
            }
        }
        assertThat(mntr("request_throttle_wait_count")).isPositive();
    }

    @Test
    void requestsLeftWaitingByAClosedConnectionAreDropped() throws Exception {
        fx.start();
        RawClient good = client();
        assertThat(call(good, 1, OpCode.CREATE, new CreateRequest("/big", new byte[BIG], OPEN, 0))).isZero();
        RawClient attacker = client();
        floodWithReadsOfBig(attacker, 5000);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> java.util.regex.Pattern.compile("queued=\\d{4,}")
                        .matcher(RawClient.fourLetterWord(fx.port(), "cons")).find());
        attacker.close();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                .until(() -> mntr("stale_requests_dropped") > 0);
        assertThat(mntr("connection_drop_count")).as("the attacker went away first").isEqualTo(1);
        assertThat(call(good, 2, OpCode.GET_DATA, new GetDataRequest("/big", false))).isZero();
    }
}
