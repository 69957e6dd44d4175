package dev.paddock.server.net;

import dev.paddock.server.fourlw.FourLetterWord;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the client stream into frames: a 4-byte big-endian length, then that many bytes (emitted without the
 * length). Two things come first:
 * <ul>
 *   <li>the first four bytes of a connection that spell a known four-letter word become a
 *       {@link FourLetterWordRequest} (for "stmk" after its 8-byte argument), and nothing after them is read;</li>
 *   <li>a length below 0 or above jute.maxbuffer closes the connection with one log line ("Len error").</li>
 * </ul>
 */
public final class PacketFrameDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(PacketFrameDecoder.class);

    private final int maxBuffer;
    private boolean firstLength = true;
    private boolean done;

    public PacketFrameDecoder(int maxBuffer) {
        super(Integer.MAX_VALUE, 0, 4, 0, 4, true);
        this.maxBuffer = maxBuffer;
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        if (done) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        if (in.readableBytes() < 4) {
            return null;
        }
        int len = in.getInt(in.readerIndex());
        if (firstLength) {
            FourLetterWord word = FourLetterWord.byCode(len);
            if (word != null && word != FourLetterWord.TELNET_CLOSE) {
                long arg = 0;
                if (word == FourLetterWord.STMK) {
                    if (in.readableBytes() < 12) {
                        return null;
                    }
                    arg = in.getLong(in.readerIndex() + 4);
                }
                done = true;
                ctx.channel().config().setAutoRead(false);
                in.skipBytes(in.readableBytes());
                return new FourLetterWordRequest(word, arg);
            }
            if (word == FourLetterWord.TELNET_CLOSE) {
                // ZooKeeper answers it only while it is not whitelisted; when enabled it is a plain "Len error".
                firstLength = false;
                done = true;
                in.skipBytes(in.readableBytes());
                return new FourLetterWordRequest(word, 0);
            }
            firstLength = false;
        }
        if (len < 0 || len > maxBuffer) {
            LOG.warn("Len error {} from {} (jute.maxbuffer is {}); closing the connection", len,
                    ctx.channel().remoteAddress(), maxBuffer);
            done = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            return null;
        }
        return super.decode(ctx, in);
    }
}
