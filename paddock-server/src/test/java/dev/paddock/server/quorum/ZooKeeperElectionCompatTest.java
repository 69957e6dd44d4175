package dev.paddock.server.quorum;

import dev.paddock.security.FreePorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.junit.jupiter.api.Test;

/**
 * Paddock's election port against Apache ZooKeeper 3.9.3's own {@code QuorumCnxManager}: the handshake bytes each
 * side writes are what the other parses, and a ZooKeeper peer and Paddock peers connect and exchange messages in
 * both directions of the larger-sid rule.
 */
class ZooKeeperElectionCompatTest {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private static QuorumCnxManager.InitialMessage zkParse(byte[] bytes) throws Exception {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        long version = in.readLong();
        return QuorumCnxManager.InitialMessage.parse(version, in);
    }

    @Test
    void zooKeeperParsesPaddocksInitialMessages() throws Exception {
        QuorumCnxManager.InitialMessage v1 = zkParse(
                InitialMessage.of(3, List.of("127.0.0.1:3888", "ignored:1"), false).encode());
        assertThat(v1.sid).isEqualTo(3);
        assertThat(v1.electionAddr).containsExactly(new InetSocketAddress("127.0.0.1", 3888));

        QuorumCnxManager.InitialMessage v2 = zkParse(
                InitialMessage.of(4, List.of("127.0.0.1:3888", "[::1]:3889"), true).encode());
        assertThat(v2.sid).isEqualTo(4);
        assertThat(v2.electionAddr).containsExactly(new InetSocketAddress("127.0.0.1", 3888),
                new InetSocketAddress("::1", 3889));
    }

    @Test
    void theConstantsAreZooKeepers() {
        assertThat(ElectionWire.PROTOCOL_VERSION_V1).isEqualTo(QuorumCnxManager.PROTOCOL_VERSION_V1);
        assertThat(ElectionWire.PROTOCOL_VERSION_V2).isEqualTo(QuorumCnxManager.PROTOCOL_VERSION_V2);
        assertThat(ElectionWire.MAX_ADDRESS_BYTES).isEqualTo(QuorumCnxManager.maxBuffer);
    }

    /** The bytes ZooKeeper's startConnection writes, field by field, as it writes them. */
    private static byte[] zooKeeperStyle(long version, long sid, String addresses) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream dout = new DataOutputStream(bytes);
        dout.writeLong(version);
        dout.writeLong(sid);
        byte[] a = addresses.getBytes(StandardCharsets.UTF_8);
        dout.writeInt(a.length);
        dout.write(a);
        dout.flush();
        return bytes.toByteArray();
    }

    @Test
    void paddockParsesWhatZooKeeperWritesAndRefusesWhatItRefuses() throws Exception {
        byte[] zk = zooKeeperStyle(QuorumCnxManager.PROTOCOL_VERSION_V2, 9, "10.0.0.1:3888|[fe80::1]:3888|0.0.0.0:1");
        assertThat(zk).isEqualTo(
                new InitialMessage(ElectionWire.PROTOCOL_VERSION_V2, 9,
                        List.of("10.0.0.1:3888", "[fe80::1]:3888", "0.0.0.0:1")).encode());
        InitialMessage ours = ElectionFrameDecoder.decodeInitialMessage(Unpooled.wrappedBuffer(zk));
        assertThat(ours.sid()).isEqualTo(9);
        assertThat(ours.electionAddresses()).containsExactly("10.0.0.1:3888", "[fe80::1]:3888"); // wildcard dropped
        QuorumCnxManager.InitialMessage theirs = zkParse(zk);
        assertThat(theirs.electionAddr).hasSize(2);

        for (String bad : List.of("x".repeat(2049), "nonsense", "h:port")) {
            byte[] b = zooKeeperStyle(QuorumCnxManager.PROTOCOL_VERSION_V1, 9, bad);
            assertThatThrownBy(() -> zkParse(b)).isInstanceOf(QuorumCnxManager.InitialMessage.InitialMessageException.class);
            ByteBuf buf = Unpooled.wrappedBuffer(b);
            assertThatThrownBy(() -> ElectionFrameDecoder.decodeInitialMessage(buf))
                    .isInstanceOf(ElectionFrameDecoder.BadElectionInput.class);
        }
        byte[] unknownVersion = zooKeeperStyle(-3, 9, "h:1");
        assertThatThrownBy(() -> zkParse(unknownVersion))
                .isInstanceOf(QuorumCnxManager.InitialMessage.InitialMessageException.class);
        assertThatThrownBy(() -> ElectionFrameDecoder.decodeInitialMessage(Unpooled.wrappedBuffer(unknownVersion)))
                .isInstanceOf(ElectionFrameDecoder.BadElectionInput.class);
    }


    private static Object field(Object o, String name) throws ReflectiveOperationException {
        Field f = o.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
    }

    @Test
    void paddockAndZooKeeperElectionPortsTalkInBothDirectionsOfTheLargerSidRule() throws Exception {
        ElectionInbox inbox1 = new ElectionInbox();
        ElectionInbox inbox5 = new ElectionInbox();
        InetSocketAddress loopback0 = new InetSocketAddress("127.0.0.1", 0);
        try (ElectionTransport p1 = ElectionTransport.start(ElectionOptions.of(1, loopback0, Map.of()), inbox1);
             ElectionTransport p5 = ElectionTransport.start(ElectionOptions.of(5, loopback0, Map.of()), inbox5)) {
            InetSocketAddress zkElection = new InetSocketAddress("127.0.0.1", FreePorts.next());
            Map<Long, QuorumPeer.QuorumServer> view = new HashMap<>();
            view.put(1L, new QuorumPeer.QuorumServer(1, new InetSocketAddress("127.0.0.1", FreePorts.next()), p1.localAddress()));
            view.put(3L, new QuorumPeer.QuorumServer(3, new InetSocketAddress("127.0.0.1", FreePorts.next()), zkElection));
            view.put(5L, new QuorumPeer.QuorumServer(5, new InetSocketAddress("127.0.0.1", FreePorts.next()), p5.localAddress()));
            System.setProperty("zookeeper.admin.enableServer", "false"); // no Jetty on this class path
            QuorumPeer zkPeer;
            try {
                zkPeer = new QuorumPeer();
            } finally {
                System.clearProperty("zookeeper.admin.enableServer");
            }
            zkPeer.setMyid(3);
            zkPeer.setTickTime(200);
            zkPeer.setInitLimit(10);
            zkPeer.setSyncLimit(10);
            zkPeer.setQuorumVerifier(new QuorumMaj(view), false);
            QuorumCnxManager zk = zkPeer.createCnxnManager();
            zk.listener.start();
            try {
                p1.setPeerAddresses(3, List.of(zkElection));
                p5.setPeerAddresses(3, List.of(zkElection));

                // Paddock 1 < ZooKeeper 3: ZooKeeper hangs up and dials back; Paddock 5 > 3: Paddock keeps its dial
                p1.send(3, "from paddock 1".getBytes(StandardCharsets.UTF_8));
                p5.send(3, "from paddock 5".getBytes(StandardCharsets.UTF_8));
                Map<Long, String> atZk = new HashMap<>();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (atZk.size() < 2 && System.nanoTime() < deadline) {
                    // ZooKeeper's listener thread may not be bound yet: dial again, as the election does when it
                    // hears nothing (the queued messages wait for the connection)
                    p1.connectAll();
                    p5.connectAll();
                    QuorumCnxManager.Message m = zk.pollRecvQueue(200, TimeUnit.MILLISECONDS);
                    if (m != null) {
                        ByteBuffer b = (ByteBuffer) field(m, "buffer");
                        atZk.put((Long) field(m, "sid"), new String(b.array(), StandardCharsets.UTF_8));
                    }
                }
                assertThat(atZk).containsEntry(1L, "from paddock 1").containsEntry(5L, "from paddock 5");
                assertThat(p1.dialled(3)).isFalse();
                assertThat(p5.dialled(3)).isTrue();

                zk.toSend(1L, ByteBuffer.wrap("to paddock 1".getBytes(StandardCharsets.UTF_8)));
                zk.toSend(5L, ByteBuffer.wrap("to paddock 5".getBytes(StandardCharsets.UTF_8)));
                ElectionMessage m1 = inbox1.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                ElectionMessage m5 = inbox5.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                assertThat(m1).isNotNull();
                assertThat(m1.fromSid()).isEqualTo(3);
                assertThat(new String(m1.payload(), StandardCharsets.UTF_8)).isEqualTo("to paddock 1");
                assertThat(m5).isNotNull();
                assertThat(m5.fromSid()).isEqualTo(3);
                assertThat(new String(m5.payload(), StandardCharsets.UTF_8)).isEqualTo("to paddock 5");
                await().atMost(WAIT).until(() -> zk.connectedToPeer(1) && zk.connectedToPeer(5));
            } finally {
                zk.halt();
            }
        }
    }
}
