package dev.paddock.server.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.fourlw.FourLetterWord;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PacketFrameDecoderTest {
    private static ByteBuf buf(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    @Test
    void framesAreSplitAndReassembledAcrossReads() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        byte[] a = Frames.raw(3, (byte) 1, (byte) 2, (byte) 3);
        byte[] b = Frames.raw(2, (byte) 9, (byte) 8);
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        // one byte at a time
        for (byte x : both) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {x}));
        }
        ByteBuf f1 = ch.readInbound();
        ByteBuf f2 = ch.readInbound();
        assertThat(ByteBufUtil.getBytes(f1)).containsExactly(1, 2, 3);
        assertThat(ByteBufUtil.getBytes(f2)).containsExactly(9, 8);
        f1.release();
        f2.release();
        assertThat(ch.isOpen()).isTrue();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void zeroLengthFrameIsAFrame() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(buf(Frames.raw(0)));
        ByteBuf f = ch.readInbound();
        assertThat(f.readableBytes()).isZero();
        f.release();
    }

    @Test
    void aFourLetterWordFirstIsRecognised() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(buf("ruok".getBytes(StandardCharsets.US_ASCII)));
        FourLetterWordRequest r = ch.readInbound();
        assertThat(r).isEqualTo(new FourLetterWordRequest(FourLetterWord.RUOK, 0));
        assertThat(ch.config().isAutoRead()).isFalse();
        // anything after it is ignored
        ch.writeInbound(buf(Frames.raw(1, (byte) 1)));
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void aFourLetterWordArrivingInPiecesIsRecognised() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(buf("sr".getBytes(StandardCharsets.US_ASCII)));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(buf("vr".getBytes(StandardCharsets.US_ASCII)));
        FourLetterWordRequest r = ch.readInbound();
        assertThat(r.word()).isEqualTo(FourLetterWord.SRVR);
    }

    @Test
    void stmkWaitsForItsEightByteArgument() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(buf("stmk".getBytes(StandardCharsets.US_ASCII)));
        assertThat((Object) ch.readInbound()).isNull();
        ch.writeInbound(Unpooled.buffer().writeLong(0x55L));
        FourLetterWordRequest r = ch.readInbound();
        assertThat(r).isEqualTo(new FourLetterWordRequest(FourLetterWord.STMK, 0x55L));
    }

    @Test
    void fourLetterWordsAreOnlyRecognisedAsTheFirstLength() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(Integer.MAX_VALUE));
        ch.writeInbound(buf(Frames.raw(1, (byte) 7)));
        ByteBuf f = ch.readInbound();
        f.release();
        ch.writeInbound(buf("ruok".getBytes(StandardCharsets.US_ASCII)));
        // now it is just a (huge) length, waiting for its bytes
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isTrue();
    }

    @Test
    void negativeLengthClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(buf(Frames.raw(-5, (byte) 1)));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void lengthAboveJuteMaxBufferClosesTheConnection() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(buf(Frames.raw(1025)));
        assertThat(ch.isOpen()).isFalse();
        EmbeddedChannel ok = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ok.writeInbound(buf(Frames.raw(1024)));
        assertThat(ok.isOpen()).isTrue();
    }

    @Test
    void telnetCloseCodeIsPassedOnForTheWhitelistDecision() {
        EmbeddedChannel ch = new EmbeddedChannel(new PacketFrameDecoder(1024));
        ch.writeInbound(Unpooled.buffer().writeInt(0xfff4fffd));
        FourLetterWordRequest r = ch.readInbound();
        assertThat(r.word()).isEqualTo(FourLetterWord.TELNET_CLOSE);
    }
}
