package dev.paddock.server.quorum;

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
 */
final class ElectionFrameDecoder extends ByteToMessageDecoder {
    /** Input that breaks the election wire format. */
    static final class BadElectionInput extends DecoderException {
        BadElectionInput(String message) {
            super(message);
        }
    }

    private boolean expectHandshake;
    private boolean failed;
    private final int maxFrameBytes;

    /** @param expectHandshake true on accepted connections, whose first bytes are the dialler's initial message */
    ElectionFrameDecoder(boolean expectHandshake, int maxFrameBytes) {
        this.expectHandshake = expectHandshake;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
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
