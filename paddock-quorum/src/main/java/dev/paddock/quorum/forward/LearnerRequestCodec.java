package dev.paddock.quorum.forward;

import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.RequestCodec;
import dev.paddock.jute.txn.CreateSessionTxn;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The payloads of the packets a learner sends its leader about clients, as ZooKeeper lays them out: REQUEST is
 * {@code long sessionId, int cxid, int type} followed by the request's own bytes; REVALIDATE is
 * {@code long sessionId, int timeout} and is answered with {@code long sessionId, boolean valid}; a PING reply
 * is a run of {@code long sessionId, int timeout} pairs.
 */
public final class LearnerRequestCodec {
    private LearnerRequestCodec() {
    }

    /** A decoded REQUEST: {@code body} is null for operations without one (closeSession). */
    public record Forwarded(long sessionId, int cxid, OpCode op, JuteRecord body) {
    }

    public static byte[] encode(long sessionId, int cxid, OpCode op, JuteRecord body) {
        JuteOutput out = new JuteOutput(64);
        out.writeLong(sessionId);
        out.writeInt(cxid);
        out.writeInt(op.code);
        if (body != null) {
            body.write(out);
        }
        return out.toByteArray();
    }

    /** @throws JuteException if the payload is not a well-formed request */
    public static Forwarded decode(byte[] data) {
        JuteInput in = new JuteInput(data == null ? new byte[0] : data);
        long sessionId = in.readLong();
        int cxid = in.readInt();
        int type = in.readInt();
        OpCode op = OpCode.of(type);
        if (op == null) {
            throw new JuteException("forwarded request of unknown type " + type);
        }
        JuteRecord body = switch (op) {
            case CREATE_SESSION -> CreateSessionTxn.read(in);
            case CLOSE_SESSION -> null;
            default -> in.remaining() == 0 ? null : RequestCodec.readRequest(op, in);
        };
        return new Forwarded(sessionId, cxid, op, body);
    }

    public record Revalidate(long sessionId, int timeoutMs) {
    }

    public static Revalidate decodeRevalidate(byte[] data) {
        JuteInput in = new JuteInput(data == null ? new byte[0] : data);
        return new Revalidate(in.readLong(), in.readInt());
    }

    public static byte[] encodeRevalidateReply(long sessionId, boolean valid) {
        JuteOutput out = new JuteOutput(9);
        out.writeLong(sessionId);
        out.writeBool(valid);
        return out.toByteArray();
    }

    public static ForwardingGateway.Revalidated decodeRevalidateReply(byte[] data) {
        JuteInput in = new JuteInput(data == null ? new byte[0] : data);
        return new ForwardingGateway.Revalidated(in.readLong(), in.readBool());
    }

    /** The session touches a learner's PING reply carries, in order. */
    public static Map<Long, Integer> decodeTouches(byte[] data) {
        Map<Long, Integer> out = new LinkedHashMap<>();
        if (data == null) {
            return out;
        }
        if (data.length % 12 != 0) {
            throw new JuteException("PING payload of " + data.length + " bytes is not a run of (session, timeout)");
        }
        JuteInput in = new JuteInput(data);
        while (in.remaining() > 0) {
            out.put(in.readLong(), in.readInt());
        }
        return out;
    }

}
