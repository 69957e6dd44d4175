package dev.paddock.server.net;

import dev.paddock.server.ServerView;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.data.Stat;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientChannelHandlerTest {
    @TempDir
    Path tmp;

    FakeGateway gateway;
    ServerStats stats;
    ConnectionRegistry registry;
    FourLetterWordCommands fourLetterWords;

    @BeforeEach
    void setUp() {
        gateway = new FakeGateway();
        stats = new ServerStats();
        registry = new ConnectionRegistry(0);
        fourLetterWords = fourLetterWords("srvr,ruok");
    }

    private FourLetterWordCommands fourLetterWords(String whitelist) {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", tmp.toString());
        p.setProperty("4lw.commands.whitelist", whitelist);
        ServerConfig config = ServerConfig.fromProperties(p);
        return new FourLetterWordCommands(new ServerView(config, () -> 2181, stats, registry,
                gateway, () -> "standalone", () -> true));
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new PacketFrameDecoder(ServerConfig.DEFAULT_JUTE_MAXBUFFER),
                new ClientChannelHandler(gateway, stats, registry, fourLetterWords));
    }

    private static byte[] drain(EmbeddedChannel ch) {
        ch.runPendingTasks();
        ByteBuf all = Unpooled.buffer();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            all.writeBytes(b);
            b.release();
        }
        return ByteBufUtil.getBytes(all);
    }

    @Test
    void connectWithReadOnlyByteGetsOneBack() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(true)));
        assertThat(gateway.calls).hasSize(1);
        FakeGateway.Call call = gateway.calls.get(0);
        assertThat(call.kind()).isEqualTo("connect");
        assertThat(((ConnectRequest) call.record()).timeOut()).isEqualTo(30000);
        assertThat(call.conn().readOnlyFlagSent()).isTrue();

        ConnectResponse rsp = new ConnectResponse(0, 30000, 0x42L, new byte[16]);
        call.conn().sendConnectResponse(rsp);
        byte[] out = drain(ch);
        int bodyLen = rsp.toBytes().length;
        assertThat(out).hasSize(4 + bodyLen + 1);
        JuteInput in = new JuteInput(out);
        assertThat(in.readInt()).isEqualTo(bodyLen + 1);
        assertThat(ConnectResponse.read(in).sessionId()).isEqualTo(0x42L);
        assertThat(in.readBool()).isFalse();
        assertThat(call.conn().sessionId()).isEqualTo(0x42L);
    }

    @Test
    void connectWithoutReadOnlyByteGetsNone() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(false)));
        NettyConnection conn = gateway.calls.get(0).conn();
        assertThat(conn.readOnlyFlagSent()).isFalse();
        ConnectResponse rsp = new ConnectResponse(0, 30000, 0x42L, new byte[16]);
        conn.sendConnectResponse(rsp);
        byte[] out = drain(ch);
        assertThat(out).hasSize(4 + rsp.toBytes().length);
    }

    @Test
    void requestsAreDecodedOnTheIoThreadAndRepliesFramed() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(true)));
        NettyConnection conn = gateway.calls.get(0).conn();
        conn.sendConnectResponse(new ConnectResponse(0, 30000, 0x42L, new byte[16]));
        drain(ch);

        ch.writeInbound(Unpooled.wrappedBuffer(Frames.request(1, OpCode.GET_DATA.code, new GetDataRequest("/a", true))));
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.request(-2, OpCode.PING.code, null)));
        assertThat(gateway.calls).hasSize(3);
        FakeGateway.Call get = gateway.calls.get(1);
        assertThat(get.record()).isEqualTo(new RequestHeader(1, OpCode.GET_DATA.code));
        assertThat(get.body()).isEqualTo(new GetDataRequest("/a", true));
        FakeGateway.Call ping = gateway.calls.get(2);
        assertThat(ping.body()).isNull();
        assertThat(conn.stats().outstanding()).isEqualTo(1); // pings do not count

        Stat stat = new Stat(1, 2, 3, 4, 5, 6, 7, 0, 3, 0, 9);
        conn.send(new ReplyHeader(1, 0x99, 0), new GetDataResponse("abc".getBytes(StandardCharsets.UTF_8), stat));
        conn.send(new ReplyHeader(-2, 0x99, 0), null);
        byte[] out = drain(ch);
        JuteInput in = new JuteInput(out);
        int len = in.readInt();
        assertThat(ReplyHeader.read(in)).isEqualTo(new ReplyHeader(1, 0x99, 0));
        GetDataResponse rsp = GetDataResponse.read(in);
        assertThat(new String(rsp.data(), StandardCharsets.UTF_8)).isEqualTo("abc");
        assertThat(len).isEqualTo(16 + 4 + 3 + stat.toBytes().length);
        assertThat(in.readInt()).isEqualTo(16);
        assertThat(ReplyHeader.read(in)).isEqualTo(new ReplyHeader(-2, 0x99, 0));
        assertThat(in.remaining()).isZero();

        assertThat(conn.stats().outstanding()).isZero();
        assertThat(conn.stats().lastOp()).isEqualTo("PING");
        assertThat(conn.stats().lastCxid()).isEqualTo(1);
        assertThat(conn.stats().lastZxid()).isEqualTo(0x99);
        assertThat(conn.stats().packetsReceived()).isEqualTo(3);
        assertThat(conn.stats().packetsSent()).isEqualTo(3);
        assertThat(stats.packetsReceived()).isEqualTo(3);
        assertThat(stats.packetsSent()).isEqualTo(3);
        assertThat(dev.paddock.server.fourlw.ConnectionInfo.of(conn).text(false)).contains("sid=0x42", "lop=PING", "lcxid=0x1", "lzxid=0x99", "to=30000");
    }

    @Test
    void unknownOpReachesTheCoreWithNoBody() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(false)));
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.request(5, 999, null)));
        FakeGateway.Call call = gateway.calls.get(1);
        assertThat(call.kind()).isEqualTo("request");
        assertThat(((RequestHeader) call.record()).type()).isEqualTo(999);
        assertThat(call.body()).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void garbageBodyClosesTheConnection() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(false)));
        // a create whose path claims 1000 bytes
        byte[] frame = Frames.raw(12, new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 3, (byte) 0xe8});
        ch.writeInbound(Unpooled.wrappedBuffer(frame));
        assertThat(gateway.calls).extracting(FakeGateway.Call::kind).containsExactly("connect", "closed");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void truncatedConnectClosesWithoutReachingTheCore() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.raw(3, (byte) 1, (byte) 2, (byte) 3)));
        assertThat(ch.isOpen()).isFalse();
        assertThat(gateway.calls).isEmpty();
    }

    @Test
    void closingTellsTheCoreOnlyAfterAHandshake() {
        EmbeddedChannel a = channel();
        a.close();
        assertThat(gateway.calls).isEmpty();
        EmbeddedChannel b = channel();
        b.writeInbound(Unpooled.wrappedBuffer(Frames.connect(false)));
        assertThat(registry.size()).isEqualTo(1);
        b.close();
        assertThat(gateway.calls).extracting(FakeGateway.Call::kind).containsExactly("connect", "closed");
        assertThat(registry.size()).isZero();
    }

    @Test
    void closeFlushesQueuedRepliesFirst() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(false)));
        NettyConnection conn = gateway.calls.get(0).conn();
        conn.sendConnectResponse(new ConnectResponse(0, 0, 0, new byte[16]));
        conn.close();
        conn.close(); // idempotent
        byte[] out = drain(ch);
        assertThat(out).hasSize(4 + new ConnectResponse(0, 0, 0, new byte[16]).toBytes().length);
        assertThat(ch.isOpen()).isFalse();
        conn.send(new ReplyHeader(1, 1, 0), null); // after close: dropped, no error
    }

    private String fourLetter(String word) {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(word.getBytes(StandardCharsets.US_ASCII)));
        String text = new String(drain(ch), StandardCharsets.UTF_8);
        assertThat(ch.isOpen()).as("closed after answering").isFalse();
        return text;
    }

    @Test
    void fourLetterWordsAnswerAndClose() {
        assertThat(fourLetter("ruok")).isEqualTo("imok");
        String srvr = fourLetter("srvr");
        assertThat(srvr).startsWith("Zookeeper version: 3.9.3-paddock-0.1.0, built on ")
                .contains("Zxid: 0x1234\n", "Mode: standalone\n", "Outstanding: 2\n")
                .endsWith("Node count: 7\n");
    }

    @Test
    void nonWhitelistedWordAnswersLikeZooKeeper() {
        assertThat(fourLetter("stat")).isEqualTo("stat is not executed because it is not in the whitelist.\n");
        assertThat(fourLetter("mntr")).isEqualTo("mntr is not executed because it is not in the whitelist.\n");
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.buffer().writeInt(0xfff4fffd));
        assertThat(new String(drain(ch), StandardCharsets.UTF_8))
                .isEqualTo("telnet close is not executed because it is not in the whitelist.\n");
    }

    @Test
    void notServingWhenTheCoreIsDown() {
        gateway.running = false;
        assertThat(fourLetter("srvr")).isEqualTo(FourLetterWordCommands.NOT_SERVING + "\n");
    }

    @Test
    void perIpLimitRefusesTheExtraConnection() {
        // EmbeddedChannel has no IP address, so check the registry directly
        ConnectionRegistry r = new ConnectionRegistry(2);
        java.net.InetSocketAddress a = new java.net.InetSocketAddress("127.0.0.1", 1000);
        assertThat(r.acquire(a)).isTrue();
        assertThat(r.acquire(new java.net.InetSocketAddress("127.0.0.1", 1001))).isTrue();
        assertThat(r.acquire(new java.net.InetSocketAddress("127.0.0.1", 1002))).isFalse();
        assertThat(r.acquire(new java.net.InetSocketAddress("127.0.0.2", 1000))).isTrue();
        r.release(a);
        assertThat(r.acquire(new java.net.InetSocketAddress("127.0.0.1", 1003))).isTrue();
        assertThat(r.countFor(a.getAddress())).isEqualTo(2);
        assertThat(new ConnectionRegistry(0).acquire(a)).isTrue();
    }

    @Test
    void createRequestBodyIsPassedThrough() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.connect(false)));
        CreateRequest create = new CreateRequest("/x", new byte[] {1}, List.of(), 0);
        ch.writeInbound(Unpooled.wrappedBuffer(Frames.request(3, OpCode.CREATE.code, create)));
        CreateRequest got = (CreateRequest) gateway.calls.get(1).body();
        assertThat(got.path()).isEqualTo("/x");
        assertThat(got.data()).containsExactly(1);
    }
}
