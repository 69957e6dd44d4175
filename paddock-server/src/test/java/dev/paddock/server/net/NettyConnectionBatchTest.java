package dev.paddock.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.WatcherEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replies queued between two flushes go out in order, sharing buffers sized by what the connection last carried. */
class NettyConnectionBatchTest {
    private final FakeGateway gateway = new FakeGateway();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final NettyConnection conn;

    NettyConnectionBatchTest() {
        gateway.deferFlushes = true;
        conn = new NettyConnection(channel, gateway, new ServerStats());
    }

    private static byte[] frame(ReplyHeader h, dev.paddock.jute.JuteRecord body) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        h.write(out);
        body.write(out);
        out.setInt(0, out.size() - 4);
        return out.toByteArray();
    }

    private List<ByteBuf> flush() {
        conn.flushQueued();
        channel.runPendingTasks();
        List<ByteBuf> out = new ArrayList<>();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            out.add((ByteBuf) o);
        }
        return out;
    }

    private static byte[] concat(List<ByteBuf> bufs) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (ByteBuf b : bufs) {
            all.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        return all.toByteArray();
    }

    @Test
    void aPipelinedRoundsRepliesShareOneBufferOnceTheConnectionHasCarriedAsMuch() {
        Stat stat = new Stat(1, 2, 3, 4, 5, 6, 7, 0, 100, 0, 1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int xid = 1; xid <= 20; xid++) {
            GetDataResponse body = new GetDataResponse(new byte[100], stat);
            conn.send(new ReplyHeader(xid, 9, 0), body);
            expected.writeBytes(frame(new ReplyHeader(xid, 9, 0), body));
        }
        assertThat(concat(flush())).isEqualTo(expected.toByteArray());

        expected.reset();
        for (int xid = 21; xid <= 40; xid++) {
            GetDataResponse body = new GetDataResponse(new byte[100], stat);
            conn.send(new ReplyHeader(xid, 9, 0), body);
            expected.writeBytes(frame(new ReplyHeader(xid, 9, 0), body));
        }
        List<ByteBuf> second = flush();
        assertThat(second).as("the second round fits the buffer the first round's size asked for").hasSize(1);
        assertThat(concat(second)).isEqualTo(expected.toByteArray());
        assertThat(conn.outputBytes()).isZero();
    }

    @Test
    void aConnectionThatGetsOneSmallReplyAFlushGetsASmallBuffer() {
        for (int round = 0; round < 3; round++) {
            conn.send(new ReplyHeader(-1, 5, 0), new WatcherEvent(3, 3, "/a"));
            List<ByteBuf> out = flush();
            assertThat(out).hasSize(1);
            assertThat(out.get(0).capacity()).as("round %d", round).isLessThan(1024);
            concat(out);
        }
    }
}
