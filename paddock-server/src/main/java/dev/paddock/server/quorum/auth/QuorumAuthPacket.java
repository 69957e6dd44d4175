package dev.paddock.server.quorum.auth;

import dev.paddock.jute.JuteOutput;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * One message of quorum SASL, as ZooKeeper 3.9's jute record {@code QuorumAuthPacket} writes it:
 * <pre>
 *   long magic (always {@link #MAGIC}), int status, buffer token (int length or -1 for null, then the bytes)
 * </pre>
 * The learner (the side that dialled) sends {@link #IN_PROGRESS} packets carrying SASL responses; the server
 * answers with a challenge and {@link #IN_PROGRESS}, {@link #SUCCESS} when its side completed, or {@link #ERROR}.
 * The magic is negative so that a server expecting ordinary traffic can tell an auth packet from the first
 * 8 bytes.
 */
public record QuorumAuthPacket(long magic, int status, byte[] token) {
    /** ZooKeeper's QUORUM_AUTH_MAGIC_NUMBER. */
    public static final long MAGIC = -0xa0dbcafecafe1234L;
    public static final int IN_PROGRESS = 0;
    public static final int SUCCESS = 1;
    public static final int ERROR = -1;
    /** Bytes before the token: magic, status, token length. */
    public static final int HEADER_BYTES = 16;
    /** The largest token accepted (ZooKeeper's jute.maxbuffer default). */
    public static final int MAX_TOKEN_BYTES = 0xfffff;

    public static QuorumAuthPacket of(int status, byte[] token) {
        return new QuorumAuthPacket(MAGIC, status, token);
    }

    public byte[] encode() {
        JuteOutput out = new JuteOutput(HEADER_BYTES + (token == null ? 0 : token.length));
        out.writeLong(magic);
        out.writeInt(status);
        out.writeBuffer(token);
        return out.toByteArray();
    }

    /** Reads one packet from a blocking stream. */
    public static QuorumAuthPacket read(DataInputStream in) throws IOException {
        long magic = in.readLong();
        int status = in.readInt();
        int n = in.readInt();
        checkTokenLength(n);
        byte[] token = null;
        if (n >= 0) {
            token = new byte[n];
            in.readFully(token);
        }
        return new QuorumAuthPacket(magic, status, token);
    }

    /** @throws IOException when a token length is neither -1 (null) nor 0..{@link #MAX_TOKEN_BYTES} */
    public static void checkTokenLength(int n) throws IOException {
        if (n < -1 || n > MAX_TOKEN_BYTES) {
            throw new IOException("quorum auth token length " + n + " outside -1.." + MAX_TOKEN_BYTES);
        }
    }

    public static String statusName(int status) {
        return switch (status) {
            case IN_PROGRESS -> "IN_PROGRESS";
            case SUCCESS -> "SUCCESS";
            case ERROR -> "ERROR";
            default -> "unknown status " + status;
        };
    }

    @Override
    public String toString() {
        return "QuorumAuthPacket{" + statusName(status) + ", token " + (token == null ? "null" : token.length + " bytes")
                + (magic == MAGIC ? "" : ", bad magic 0x" + Long.toHexString(magic)) + "}";
    }
}
