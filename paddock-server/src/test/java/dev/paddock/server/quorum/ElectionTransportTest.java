package dev.paddock.server.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Election transports over real loopback sockets (ephemeral ports). */
class ElectionTransportTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<Long, ElectionInbox> inboxes = new HashMap<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private ElectionTransport start(long sid, InetSocketAddress bind, int handshakeTimeoutMs) throws IOException {
        ElectionOptions o = new ElectionOptions(sid, List.of(bind), List.of(), Map.of(), false, 2000, handshakeTimeoutMs,
                ElectionWire.SEND_CAPACITY, ElectionWire.MAX_FRAME_BYTES);
        ElectionInbox inbox = new ElectionInbox();
        inboxes.put(sid, inbox);
        ElectionTransport t = ElectionTransport.start(o, inbox);
        toClose.add(t);
        return t;
    }

    private ElectionTransport start(long sid) throws IOException {
        return start(sid, ANY_LOOPBACK_PORT, 5000);
    }

    /** Tells every transport where every other one listens. */
    private static void introduce(ElectionTransport... ts) {
        for (ElectionTransport a : ts) {
            for (ElectionTransport b : ts) {
                if (a != b) {
                    a.setPeerAddresses(b.mySid(), List.of(b.localAddress()));
                }
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ElectionMessage next(long sid) throws InterruptedException {
        ElectionMessage m = inboxes.get(sid).poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(m).as("a message for sid " + sid).isNotNull();
        return m;
    }

    private void assertNext(long toSid, long fromSid, String text) throws InterruptedException {
        ElectionMessage m = next(toSid);
        assertThat(m.fromSid()).isEqualTo(fromSid);
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    /** Collects n messages for sid as "from:text" strings. */
    private List<String> collect(long sid, int n) throws InterruptedException {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ElectionMessage m = next(sid);
            got.add(m.fromSid() + ":" + new String(m.payload(), StandardCharsets.UTF_8));
        }
        return got;
    }

    /** Collects messages for sid until n distinct ones have come; every one must be among them. */
    private java.util.Set<String> collectDistinct(long sid, int n) throws InterruptedException {
        java.util.Set<String> got = new java.util.LinkedHashSet<>();
        while (got.size() < n) {
            ElectionMessage m = next(sid);
            got.add(m.fromSid() + ":" + new String(m.payload(), StandardCharsets.UTF_8));
        }
        return got;
    }

    @Test
    void threeTransportsExchangeMessagesBothWaysOverConnectionsOwnedByTheLargerSid() throws Exception {
        ElectionTransport t1 = start(1);
        ElectionTransport t2 = start(2);
        ElectionTransport t3 = start(3);
        introduce(t1, t2, t3);
        for (ElectionTransport from : List.of(t1, t2, t3)) {
            for (ElectionTransport to : List.of(t1, t2, t3)) {
                if (from != to) {
                    from.send(to.mySid(), bytes("hello " + to.mySid() + " from " + from.mySid()));
                }
            }
        }
        // a connection replaced while both sides dial resends its last message: duplicates are allowed, as in ZooKeeper
        assertThat(collectDistinct(1, 2)).containsExactlyInAnyOrder("2:hello 1 from 2", "3:hello 1 from 3");
        assertThat(collectDistinct(2, 2)).containsExactlyInAnyOrder("1:hello 2 from 1", "3:hello 2 from 3");
        assertThat(collectDistinct(3, 2)).containsExactlyInAnyOrder("1:hello 3 from 1", "2:hello 3 from 2");

        // every connection that stays up was dialled by the larger sid of its pair (dial-ins by the smaller one
        // are hung up on); while both sides dial at once a connection may be replaced, so wait for the end state
        await().atMost(WAIT).until(() -> t3.dialled(1) && t3.dialled(2) && t2.dialled(1)
                && t1.connectedTo(2) && t1.connectedTo(3) && t2.connectedTo(3));
        assertThat(t1.dialled(2)).isFalse();
        assertThat(t1.dialled(3)).isFalse();
        assertThat(t2.dialled(3)).isFalse();
    }

    @Test
    void onAnEstablishedConnectionEveryMessageArrivesInOrder() throws Exception {
        ElectionTransport small = start(1);
        ElectionTransport large = start(3);
        introduce(small, large);
        large.send(1, bytes("first")); // only the larger side dials: one connection, never replaced
        assertNext(1, 3, "first");
        for (int i = 0; i < 20; i++) {
            small.send(3, bytes("n" + i));
            large.send(1, bytes("m" + i));
        }
        for (int i = 0; i < 20; i++) {
            assertNext(3, 1, "n" + i);
            assertNext(1, 3, "m" + i);
        }
    }

    @Test
    void aMessageToItselfIsDelivered() throws Exception {
        ElectionTransport t = start(4);
        t.send(4, bytes("me"));
        assertNext(4, 4, "me");
    }

    @Test
    void theSmallerSidsDialInIsReplacedByTheLargerSidsConnection() throws Exception {
        ElectionTransport small = start(1);
        ElectionTransport large = start(2);
        introduce(small, large);
        small.send(2, bytes("from the small one"));
        assertNext(2, 1, "from the small one");
        await().atMost(WAIT).until(() -> small.connectedTo(2) && large.connectedTo(1));
        assertThat(large.dialled(1)).as("the larger sid dialled back").isTrue();
        assertThat(small.dialled(2)).isFalse();
        large.send(1, bytes("and back"));
        assertNext(1, 2, "and back");
    }

    @Test
    void aSmallerSidIsHungUpOnAndDialledBackAtTheAddressItAdvertises() throws Exception {
        ElectionTransport t = start(5);
        try (ServerSocket fakePeer = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket dialIn = new Socket("127.0.0.1", t.localAddress().getPort())) {
            dialIn.setSoTimeout((int) WAIT.toMillis());
            byte[] hello = InitialMessage.of(3, List.of("127.0.0.1:" + fakePeer.getLocalPort()), false).encode();
            dialIn.getOutputStream().write(hello);
            assertThat(dialIn.getInputStream().read()).as("hung up").isEqualTo(-1);

            fakePeer.setSoTimeout((int) WAIT.toMillis());
            try (Socket back = fakePeer.accept()) {
                DataInputStream in = new DataInputStream(back.getInputStream());
                String expectedAddress = "127.0.0.1:" + t.localAddress().getPort();
                assertThat(in.readLong()).isEqualTo(ElectionWire.PROTOCOL_VERSION_V1);
                assertThat(in.readLong()).isEqualTo(5);
                assertThat(in.readInt()).isEqualTo(expectedAddress.length());
                byte[] addr = new byte[expectedAddress.length()];
                in.readFully(addr);
                assertThat(new String(addr, StandardCharsets.UTF_8)).isEqualTo(expectedAddress);
                await().atMost(WAIT).until(() -> t.connectedTo(3) && t.dialled(3));

                // frames both ways on the dialled-back connection
                DataOutputStream out = new DataOutputStream(back.getOutputStream());
                out.writeInt(3);
                out.write(bytes("abc"));
                out.flush();
                assertNext(5, 3, "abc");
                t.send(3, bytes("xyz"));
                assertThat(in.readInt()).isEqualTo(3);
                byte[] payload = new byte[3];
                in.readFully(payload);
                assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo("xyz");
            }
        }
    }

    @Test
    void aRestartedPeerIsReconnectedAndGetsTheLastMessageAgain() throws Exception {
        ElectionTransport small = start(1);
        ElectionTransport large = start(2);
        introduce(small, large);
        large.send(1, bytes("vote 1"));
        assertNext(1, 2, "vote 1");
        large.send(1, bytes("vote 2"));
        assertNext(1, 2, "vote 2");

        InetSocketAddress smallAddress = small.localAddress();
        small.close();
        await().atMost(WAIT).until(() -> !large.connectedTo(1));

        ElectionTransport restarted = start(1, smallAddress, 5000);
        restarted.setPeerAddresses(2, List.of(large.localAddress()));
        restarted.send(2, bytes("I am back"));
        assertNext(2, 1, "I am back");
        assertNext(1, 2, "vote 2"); // the last message, sent again on the new connection
        assertThat(large.dialled(1)).isTrue();

        // and the other way round: the larger side reconnects by itself when asked to
        restarted.close();
        await().atMost(WAIT).until(() -> !large.connectedTo(1));
        ElectionTransport again = start(1, smallAddress, 5000);
        large.connectAll();
        await().atMost(WAIT).until(() -> again.connectedTo(2));
        ElectionMessage m = next(1);
        assertThat(m.fromSid()).isEqualTo(2);
        assertThat(new String(m.payload(), StandardCharsets.UTF_8)).isEqualTo("vote 2");
    }

    @Test
    void aFullSendQueueDropsItsOldestMessage() throws Exception {
        ElectionTransport small = start(1);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free again when closed: nobody listens there yet
        }
        InetSocketAddress largeAddress = new InetSocketAddress("127.0.0.1", port);
        small.setPeerAddresses(2, List.of(largeAddress));
        small.send(2, bytes("old 1"));
        small.send(2, bytes("old 2"));
        small.send(2, bytes("newest"));

        ElectionTransport large = start(2, largeAddress, 5000);
        large.setPeerAddresses(1, List.of(small.localAddress()));
        // the dial made by the first send may still be failing when connectAll comes (which then does nothing,
        // as the election would simply call it again): call it until the connection is up
        await().atMost(WAIT).until(() -> {
            small.connectAll();
            return small.connectedTo(2);
        });
        small.send(2, bytes("marker"));
        // a repeated dial may bring the last message sent once more on a new connection; the older two never come
        List<String> got = new ArrayList<>();
        while (got.isEmpty() || !got.get(got.size() - 1).equals("1:marker")) {
            ElectionMessage m = next(2);
            got.add(m.fromSid() + ":" + new String(m.payload(), StandardCharsets.UTF_8));
        }
        assertThat(got.get(0)).isEqualTo("1:newest");
        assertThat(got).containsOnly("1:newest", "1:marker");
    }

    // ---- bad input closes that connection and nothing else ----

    private static void assertClosedByPeer(Socket s) throws IOException {
        s.setSoTimeout((int) WAIT.toMillis());
        InputStream in = s.getInputStream();
        assertThat(in.read()).as("the transport closed the connection").isEqualTo(-1);
    }

    private static byte[] handshakeThenFrameLength(long sid, int frameLength) {
        byte[] hello = InitialMessage.of(sid, List.of("127.0.0.1:1"), false).encode();
        return ByteBuffer.allocate(hello.length + 4).put(hello).putInt(frameLength).array();
    }

    @Test
    void garbageOnThePortClosesOnlyThatConnection() throws Exception {
        ElectionTransport t1 = start(1);
        ElectionTransport t2 = start(2);
        introduce(t1, t2);
        t1.send(2, bytes("before"));
        assertNext(2, 1, "before");
        await().atMost(WAIT).until(() -> t1.connectedTo(2) && t2.connectedTo(1));

        List<byte[]> garbage = List.of(
                ByteBuffer.allocate(16).putLong(-7).putLong(9).array(),                       // unknown version
                ByteBuffer.allocate(20).putLong(ElectionWire.PROTOCOL_VERSION_V1).putLong(9).putInt(2049).array(),
                ByteBuffer.allocate(20).putLong(ElectionWire.PROTOCOL_VERSION_V2).putLong(9).putInt(0).array(),
                ByteBuffer.allocate(27).putLong(ElectionWire.PROTOCOL_VERSION_V1).putLong(9).putInt(7)
                        .put(bytes("nonsens")).array(),                                        // no port
                ByteBuffer.allocate(29).putLong(ElectionWire.PROTOCOL_VERSION_V1).putLong(9).putInt(9)
                        .put(bytes("h:notnum1")).array(),                                      // bad port
                handshakeThenFrameLength(9, 0),
                handshakeThenFrameLength(9, -1));
        for (byte[] g : garbage) {
            try (Socket s = new Socket("127.0.0.1", t2.localAddress().getPort())) {
                s.getOutputStream().write(g);
                assertClosedByPeer(s);
            }
        }
        assertThat(t2.connectedTo(1)).isTrue();
        assertThat(t1.connectedTo(2)).isTrue();
        t1.send(2, bytes("after"));
        assertNext(2, 1, "after");
        t2.send(1, bytes("still here"));
        assertNext(1, 2, "still here");
    }

    @Test
    void aConnectionThatSaysNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        ElectionTransport t = start(1, ANY_LOOPBACK_PORT, 200);
        try (Socket silent = new Socket("127.0.0.1", t.localAddress().getPort())) {
            assertClosedByPeer(silent);
        }
    }

    @Test
    void anOversizeFrameIsRefusedAfterGoodOnes() throws Exception {
        ElectionTransport t = start(2);
        try (Socket s = new Socket("127.0.0.1", t.localAddress().getPort())) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.write(InitialMessage.of(9, List.of("127.0.0.1:1"), false).encode());
            out.writeInt(ElectionWire.MAX_FRAME_BYTES);
            out.write(new byte[ElectionWire.MAX_FRAME_BYTES]); // the largest allowed frame is fine
            out.writeInt(ElectionWire.MAX_FRAME_BYTES + 1);
            out.flush();
            ElectionMessage m = next(2);
            assertThat(m.fromSid()).isEqualTo(9);
            assertThat(m.payload()).hasSize(ElectionWire.MAX_FRAME_BYTES);
            assertClosedByPeer(s);
        }
        assertThatThrownBy(() -> t.send(1, new byte[ElectionWire.MAX_FRAME_BYTES + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.." + ElectionWire.MAX_FRAME_BYTES);
        assertThatThrownBy(() -> t.send(1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aPre35ServerOpensWithTheBareSid() throws Exception {
        ElectionTransport t = start(2);
        try (Socket legacy = new Socket("127.0.0.1", t.localAddress().getPort())) {
            DataOutputStream out = new DataOutputStream(legacy.getOutputStream());
            out.writeLong(7);
            out.writeInt(2);
            out.write(bytes("hi"));
            out.flush();
            assertNext(2, 7, "hi");
        }
    }

    @Test
    void anObserverWithoutAnIdGetsALocalNegativeIdAndIsDialledBack() throws Exception {
        ElectionTransport t = start(2);
        try (ServerSocket observerPort = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             Socket dialIn = new Socket("127.0.0.1", t.localAddress().getPort())) {
            dialIn.getOutputStream().write(InitialMessage.of(ElectionWire.OBSERVER_ID,
                    List.of("127.0.0.1:" + observerPort.getLocalPort()), false).encode());
            assertClosedByPeer(dialIn); // -1 is smaller than 2: the larger side dials back
            observerPort.setSoTimeout((int) WAIT.toMillis());
            try (Socket back = observerPort.accept()) {
                DataInputStream in = new DataInputStream(back.getInputStream());
                assertThat(in.readLong()).isEqualTo(ElectionWire.PROTOCOL_VERSION_V1);
                assertThat(in.readLong()).isEqualTo(2);
                await().atMost(WAIT).until(() -> t.connectedTo(-1));
                DataOutputStream out = new DataOutputStream(back.getOutputStream());
                out.writeInt(3);
                out.write(bytes("obs"));
                out.flush();
                assertNext(2, -1, "obs");
            }
        }
    }

    @Test
    void aConnectionClaimingOurOwnSidIsClosed() throws Exception {
        ElectionTransport t = start(4);
        try (Socket s = new Socket("127.0.0.1", t.localAddress().getPort())) {
            s.getOutputStream().write(InitialMessage.of(4, List.of("127.0.0.1:1"), false).encode());
            assertClosedByPeer(s);
        }
        assertThat(t.connectedSids()).isEmpty();
    }
}
