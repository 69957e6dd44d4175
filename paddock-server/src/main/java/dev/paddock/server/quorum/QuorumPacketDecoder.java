package dev.paddock.server.quorum;

import dev.paddock.jute.data.Id;
import dev.paddock.jute.quorum.QuorumPacket;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads quorum packets from a blocking stream. The quorum port has no frame length, so each field is checked as it
 * arrives: a length beyond {@link QuorumLimits#maxFieldBytes()} or a negative one other than -1 (null) fails with
 * {@link QuorumWireException} before anything is allocated for it.
 */
final class QuorumPacketDecoder {
    private final DataInputStream in;
    private final QuorumLimits limits;

    QuorumPacketDecoder(InputStream in, QuorumLimits limits) {
        this.in = in instanceof DataInputStream d ? d : new DataInputStream(in);
        this.limits = limits;
    }

    DataInputStream stream() {
        return in;
    }

    /** The next packet, or null if the peer closed the stream between packets. */
    QuorumPacket read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        try {
            int type = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedShort());
            long zxid = in.readLong();
            byte[] data = readBuffer("data");
            int count = in.readInt();
            List<Id> auth = null;
            if (count != -1) {
                if (count < 0 || count > limits.maxAuthIds()) {
                    throw new QuorumWireException("authinfo count " + count + " in a " + QuorumPortWire.typeName(type)
                            + " packet (limit " + limits.maxAuthIds() + ")");
                }
                auth = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    auth.add(new Id(readString("authinfo scheme"), readString("authinfo id")));
                }
            }
            return new QuorumPacket(type, zxid, data, auth);
        } catch (EOFException e) {
            throw new QuorumWireException("stream ended inside a packet");
        }
    }

    byte[] readBuffer(String what) throws IOException {
        int len = readLength(what);
        if (len == -1) {
            return null;
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    String readString(String what) throws IOException {
        byte[] b = readBuffer(what);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private int readLength(String what) throws IOException {
        int len = in.readInt();
        if (len < -1 || len > limits.maxFieldBytes()) {
            throw new QuorumWireException("unreasonable " + what + " length " + len + " (limit "
                    + limits.maxFieldBytes() + ")");
        }
        return len;
    }
}
