package dev.paddock.server.quorum;

import dev.paddock.server.quorum.auth.QuorumAuthPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.NetUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an election connection's bytes into an {@link InitialMessage} (accepted connections only) and then
 * {@code byte[]} frame payloads. Anything out of bounds is a {@link BadElectionInput}; the handler closes that
 * one connection. Nothing is buffered beyond one frame: a length is checked before its bytes are awaited.
 *
 * <p>With quorum SASL the auth step sits between the two, as in ZooKeeper's {@code QuorumCnxManager}: on an
 * accepted connection whose server checks auth ({@code detectAuth}) the first 8 bytes after the initial message
 * are looked at without consuming them (a {@link FirstLong} user event), then {@link QuorumAuthPacket}s follow if they were the
 * magic; on a dialled connection that authenticates the answers are auth packets from the start. Each auth packet
 * is handed on alone, and frames are only cut once the handler called {@link #authFinished()}.
 */
final class ElectionFrameDecoder extends ByteToMessageDecoder {
    /** The first 8 bytes after the initial message, left unread: auth packet or ordinary traffic. */
    record FirstLong(long value) {
    }

    private enum Phase { FIRST_LONG, AUTH, FRAMES }

    /** Input that breaks the election wire format. */
    static final class BadElectionInput extends DecoderException {
        BadElectionInput(String message) {
            super(message);
        }
    }

    private boolean expectHandshake;
    private boolean failed;
    private final int maxFrameBytes;
    private Phase phase;
    private ChannelHandlerContext ctx;

    /** @param expectHandshake true on accepted connections, whose first bytes are the dialler's initial message */
    ElectionFrameDecoder(boolean expectHandshake, int maxFrameBytes) {
        this(expectHandshake, false, false, maxFrameBytes);
    }

    /**
     * @param detectAuth    accepted connections: this server checks quorum SASL after the initial message
     * @param authAnswers   dialled connections: we authenticate, so the first bytes back are auth packets
     */
    ElectionFrameDecoder(boolean expectHandshake, boolean detectAuth, boolean authAnswers, int maxFrameBytes) {
        this.expectHandshake = expectHandshake;
        this.maxFrameBytes = maxFrameBytes;
        this.phase = detectAuth ? Phase.FIRST_LONG : authAnswers ? Phase.AUTH : Phase.FRAMES;
    }

    /** The auth step is over (either way): what follows are frames. Call on the event loop. */
    void authFinished() {
        phase = Phase.FRAMES;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        this.ctx = ctx;
        if (failed) { // the connection is closing; what follows bad input is not read (nor reported twice)
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeAvailable(in, out);
        } catch (BadElectionInput e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeAvailable(ByteBuf in, List<Object> out) {
        if (expectHandshake) {
            InitialMessage m = decodeInitialMessage(in);
            if (m == null) {
                return;
            }
            expectHandshake = false;
            out.add(m);
            if (phase != Phase.FRAMES) {
                return; // the handler learns of the message before any auth byte is looked at
            }
        }
        if (phase == Phase.FIRST_LONG) {
            if (in.readableBytes() < 8) {
                return;
            }
            long first = in.getLong(in.readerIndex());
            phase = first == QuorumAuthPacket.MAGIC ? Phase.AUTH : Phase.FRAMES;
            // an event, not a message: nothing is consumed (Netty wants every decoded message to consume bytes)
            ctx.fireUserEventTriggered(new FirstLong(first));
            if (failed || !ctx.channel().isActive()) {
                return;
            }
        }
        if (phase == Phase.AUTH) {
            QuorumAuthPacket p = decodeAuthPacket(in);
            if (p != null) {
                out.add(p);
            }
            return; // one at a time: the handler answers (and may end the auth step) before more is read
        }
        while (in.readableBytes() >= 4) {
            int length = in.getInt(in.readerIndex());
            if (length <= 0 || length > maxFrameBytes) {
                throw new BadElectionInput("frame length " + length + " outside 1.." + maxFrameBytes);
            }
            if (in.readableBytes() < 4 + length) {
                return;
            }
            in.skipBytes(4);
            byte[] payload = new byte[length];
            in.readBytes(payload);
            out.add(payload);
        }
    }

    /** @return null until the whole packet has arrived */
    static QuorumAuthPacket decodeAuthPacket(ByteBuf in) {
        if (in.readableBytes() < QuorumAuthPacket.HEADER_BYTES) {
            return null;
        }
        int start = in.readerIndex();
        int n = in.getInt(start + 12);
        if (n < -1 || n > QuorumAuthPacket.MAX_TOKEN_BYTES) {
            throw new BadElectionInput("quorum auth token length " + n + " outside -1.."
                    + QuorumAuthPacket.MAX_TOKEN_BYTES);
        }
        if (in.readableBytes() < QuorumAuthPacket.HEADER_BYTES + Math.max(0, n)) {
            return null;
        }
        long magic = in.readLong();
        int status = in.readInt();
        in.skipBytes(4);
        byte[] token = null;
        if (n >= 0) {
            token = new byte[n];
            in.readBytes(token);
        }
        return new QuorumAuthPacket(magic, status, token);
    }

    /** @return null until the whole message has arrived */
    static InitialMessage decodeInitialMessage(ByteBuf in) {
        int start = in.readerIndex();
        if (in.readableBytes() < 8) {
            return null;
        }
        long first = in.getLong(start);
        if (first >= 0) { // before ZooKeeper 3.5 a connection opened with the bare sid
            in.skipBytes(8);
            return InitialMessage.legacy(first);
        }
        if (first != ElectionWire.PROTOCOL_VERSION_V1 && first != ElectionWire.PROTOCOL_VERSION_V2) {
            throw new BadElectionInput("unknown protocol version " + first);
        }
        if (in.readableBytes() < 20) {
            return null;
        }
        long sid = in.getLong(start + 8);
        int n = in.getInt(start + 16);
        if (n <= 0 || n > ElectionWire.MAX_ADDRESS_BYTES) {
            throw new BadElectionInput("address length " + n + " outside 1.." + ElectionWire.MAX_ADDRESS_BYTES
                    + " (sid " + sid + ")");
        }
        if (in.readableBytes() < 20 + n) {
            return null;
        }
        String text = in.toString(start + 20, n, StandardCharsets.UTF_8);
        in.skipBytes(20 + n);
        return new InitialMessage(first, sid, parseAddresses(text, sid));
    }

    /** "host:port[|host:port...]"; wildcard addresses are dropped (nobody can dial 0.0.0.0), as ZooKeeper does. */
    static List<String> parseAddresses(String text, long sid) {
        List<String> addresses = new ArrayList<>();
        for (String one : text.split("\\|")) {
            String host;
            String port;
            if (one.startsWith("[")) {
                int close = one.indexOf(']');
                if (close < 0 || close + 1 >= one.length() || one.charAt(close + 1) != ':') {
                    throw new BadElectionInput("badly formed address '" + one + "' from sid " + sid);
                }
                host = one.substring(1, close);
                port = one.substring(close + 2);
            } else {
                String[] parts = one.split(":", -1);
                if (parts.length != 2) {
                    throw new BadElectionInput("badly formed address '" + one + "' from sid " + sid);
                }
                host = parts[0];
                port = parts[1];
            }
            int p;
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new BadElectionInput("bad port '" + port + "' in address from sid " + sid);
            }
            if (p < 0 || p > 65535 || host.isEmpty()) {
                throw new BadElectionInput("badly formed address '" + one + "' from sid " + sid);
            }
            if (!isWildcard(host)) {
                addresses.add(one);
            }
        }
        return addresses;
    }

    /** A literal all-zero address; names are never resolved here (this runs on the I/O thread). */
    private static boolean isWildcard(String host) {
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(host);
        if (ip == null) {
            return false;
        }
        for (byte b : ip) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
