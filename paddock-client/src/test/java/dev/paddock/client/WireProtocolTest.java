package dev.paddock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.client.testing.EventRecorder;
import dev.paddock.jute.EventType;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Xids;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ExistsResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a scripted server on a real socket: exact handshake bytes, the read-only flag, the
 * ping, and what the client does with replies that break the protocol.
 */
class WireProtocolTest {
    ServerSocket listener;
    PaddockClient client;

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(20_000);
    }

    @AfterEach
    void close() throws Exception {
        if (client != null) {
            client.close();
        }
        listener.close();
    }

    String address() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** One accepted client connection, speaking length-prefixed frames. */
    static final class Peer implements AutoCloseable {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(20_000);
            this.in = new DataInputStream(socket.getInputStream());
            this.out = new DataOutputStream(socket.getOutputStream());
        }

        JuteInput frame() throws IOException {
            int len = in.readInt();
            byte[] b = new byte[len];
            in.readFully(b);
            return new JuteInput(b);
        }

        void send(JuteOutput body) throws IOException {
            out.writeInt(body.size());
            out.write(body.array(), 0, body.size());
            out.flush();
        }

        void reply(int xid, long zxid, int err, dev.paddock.jute.JuteRecord body) throws IOException {
            JuteOutput o = new JuteOutput();
            new ReplyHeader(xid, zxid, err).write(o);
            if (body != null) {
                body.write(o);
            }
            send(o);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    Peer accept() throws IOException {
        return new Peer(listener.accept());
    }

    static final Stat STAT = new Stat(1, 2, 3, 4, 5, 6, 7, 0, 8, 9, 10);

    @Test
    void handshakeCarriesEveryFieldAndTheReadOnlyFlag() throws Exception {
        EventRecorder events = new EventRecorder();
        client = PaddockClient.builder(address()).sessionTimeout(6000).canBeReadOnly(true).watcher(events).build();
        try (Peer peer = accept()) {
            JuteInput in = peer.frame();
            ConnectRequest req = ConnectRequest.read(in);
            assertThat(req.protocolVersion()).isZero();
            assertThat(req.lastZxidSeen()).isZero();
            assertThat(req.timeOut()).isEqualTo(6000);
            assertThat(req.sessionId()).isZero();
            assertThat(req.passwd()).hasSize(16);
            assertThat(in.remaining()).isEqualTo(1);
            assertThat(in.readBool()).as("canBeReadOnly").isTrue();

            JuteOutput o = new JuteOutput();
            new ConnectResponse(0, 4000, 0x1234L, new byte[16]).write(o);
            o.writeBool(true);
            peer.send(o);
            assertThat(events.next()).isEqualTo(new WatchedEvent(EventType.NONE, KeeperState.CONNECTED_READ_ONLY,
                    null));
            assertThat(client.getState()).isEqualTo(ClientState.CONNECTED_READ_ONLY);
            assertThat(client.getSessionId()).isEqualTo(0x1234L);
            assertThat(client.getSessionTimeout()).isEqualTo(4000);

            // Requests: xids count up from 1 and replies carry the zxid the client remembers.
            CompletableFuture<Stat> f = client.existsAsync("/a", false);
            JuteInput r = peer.frame();
            RequestHeader h = RequestHeader.read(r);
            assertThat(h.type()).isEqualTo(OpCode.EXISTS.code);
            assertThat(h.xid()).isEqualTo(1);
            assertThat(r.readString()).isEqualTo("/a");
            assertThat(r.readBool()).isFalse();
            peer.reply(1, 0x55, 0, new ExistsResponse(STAT));
            assertThat(f.get(20, TimeUnit.SECONDS)).isEqualTo(STAT);
            assertThat(client.getLastZxid()).isEqualTo(0x55);

            // Idle: the client pings (xid -2, no body) within a third of the session timeout (+ slack).
            long t0 = System.nanoTime();
            JuteInput ping = peer.frame();
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            RequestHeader ph = RequestHeader.read(ping);
            assertThat(ph.xid()).isEqualTo(Xids.PING);
            assertThat(ph.type()).isEqualTo(OpCode.PING.code);
            assertThat(ping.remaining()).isZero();
            assertThat(waited).isLessThan(4000 / 3 + 1000);
        }
    }

    @Test
    void aReplyForTheWrongXidDropsTheConnectionAndFailsWhatWasInFlight() throws Exception {
        EventRecorder events = new EventRecorder();
        client = PaddockClient.builder(address()).sessionTimeout(6000).watcher(events).reconnectDelayMs(50).build();
        BlockingQueue<Long> reconnectSessions = new LinkedBlockingQueue<>();
        try (Peer peer = accept()) {
            peer.frame();
            JuteOutput o = new JuteOutput();
            new ConnectResponse(0, 6000, 0x77L, new byte[] {1, 2, 3}).write(o);
            peer.send(o);
            assertThat(events.next().state()).isEqualTo(KeeperState.SYNC_CONNECTED);
            CompletableFuture<Stat> first = client.existsAsync("/x", false);
            CompletableFuture<Stat> second = client.existsAsync("/y", false);
            peer.frame();
            peer.frame();
            peer.reply(2, 9, 0, new ExistsResponse(STAT));
            assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(KeeperException.ConnectionLossException.class);
            assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(KeeperException.ConnectionLossException.class);
            assertThat(events.next().state()).isEqualTo(KeeperState.DISCONNECTED);
        }
        // It comes back with its session id and password, and the last zxid it saw.
        try (Peer again = accept()) {
            ConnectRequest req = ConnectRequest.read(again.frame());
            reconnectSessions.add(req.sessionId());
            assertThat(req.sessionId()).isEqualTo(0x77L);
            assertThat(req.passwd()).containsExactly(1, 2, 3);
            // An expired session: timeout 0. The client must give up for good.
            JuteOutput o = new JuteOutput();
            new ConnectResponse(0, 0, 0, new byte[16]).write(o);
            again.send(o);
            assertThat(events.next().state()).isEqualTo(KeeperState.EXPIRED);
        }
        assertThat(reconnectSessions).containsExactly(0x77L);
        assertThat(client.awaitConnected(Duration.ofMillis(10))).isFalse();
        assertThat(client.getState()).isEqualTo(ClientState.CLOSED);
        assertThatThrownBy(() -> client.exists("/", false))
                .isInstanceOf(KeeperException.SessionExpiredException.class);
    }

    @Test
    void garbageFromTheServerIsAConnectionLossNotACrash() throws Exception {
        EventRecorder events = new EventRecorder();
        client = PaddockClient.builder(address()).sessionTimeout(6000).watcher(events).reconnectDelayMs(50).build();
        try (Peer peer = accept()) {
            peer.frame();
            JuteOutput o = new JuteOutput();
            new ConnectResponse(0, 6000, 0x88L, new byte[16]).write(o);
            peer.send(o);
            assertThat(events.next().state()).isEqualTo(KeeperState.SYNC_CONNECTED);
            CompletableFuture<Stat> f = client.existsAsync("/x", false);
            peer.frame();
            peer.out.writeInt(-5);
            peer.out.flush();
            assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(KeeperException.ConnectionLossException.class);
        }
        try (Peer again = accept()) {
            assertThat(ConnectRequest.read(again.frame()).sessionId()).isEqualTo(0x88L);
        }
    }
}
