package dev.paddock.jute.multi;

import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.CheckVersionRequest;
import dev.paddock.jute.proto.Create2Response;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ErrorResponse;
import dev.paddock.jute.proto.GetChildrenRequest;
import dev.paddock.jute.proto.GetChildrenResponse;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.MultiHeader;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.proto.SetDataResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The multi encoding: each op or result is a MultiHeader followed by its record, and the list ends with a
 * header whose done flag is set (type -1, err -1).
 */
public final class MultiCodec {
    private static final int MAX_OPS = 1 << 20;

    private MultiCodec() {
    }

    public static void writeOps(JuteOutput out, List<MultiOp> ops) {
        for (MultiOp op : ops) {
            new MultiHeader(op.type().code, false, -1).write(out);
            op.request().write(out);
        }
        new MultiHeader(-1, true, -1).write(out);
    }

    public static List<MultiOp> readOps(JuteInput in) {
        List<MultiOp> ops = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            OpCode type = OpCode.of(h.type());
            if (type == null || ops.size() >= MAX_OPS) {
                throw new JuteException("invalid op type " + h.type() + " in multi");
            }
            JuteRecord req = switch (type) {
                case CREATE, CREATE2, CREATE_CONTAINER -> CreateRequest.read(in);
                case CREATE_TTL -> CreateTTLRequest.read(in);
                case DELETE -> DeleteRequest.read(in);
                case SET_DATA -> SetDataRequest.read(in);
                case CHECK -> CheckVersionRequest.read(in);
                case GET_CHILDREN -> GetChildrenRequest.read(in);
                case GET_DATA -> GetDataRequest.read(in);
                default -> throw new JuteException("invalid op type " + h.type() + " in multi");
            };
            ops.add(new MultiOp(type, req));
            h = MultiHeader.read(in);
        }
        return ops;
    }

    public static void writeResults(JuteOutput out, List<MultiResult> results) {
        for (MultiResult r : results) {
            new MultiHeader(r.type().code, false, r.type() == OpCode.ERROR ? r.err() : 0).write(out);
            if (r.response() != null) {
                r.response().write(out);
            }
        }
        new MultiHeader(-1, true, -1).write(out);
    }

    public static List<MultiResult> readResults(JuteInput in) {
        List<MultiResult> results = new ArrayList<>();
        MultiHeader h = MultiHeader.read(in);
        while (!h.done()) {
            OpCode type = OpCode.of(h.type());
            if (type == null || results.size() >= MAX_OPS) {
                throw new JuteException("invalid result type " + h.type() + " in multi response");
            }
            JuteRecord resp = switch (type) {
                case CREATE -> CreateResponse.read(in);
                case CREATE2, CREATE_TTL, CREATE_CONTAINER -> Create2Response.read(in);
                case DELETE, DELETE_CONTAINER, CHECK -> null;
                case SET_DATA -> SetDataResponse.read(in);
                case GET_CHILDREN -> GetChildrenResponse.read(in);
                case GET_DATA -> GetDataResponse.read(in);
                case ERROR -> ErrorResponse.read(in);
                default -> throw new JuteException("invalid result type " + h.type() + " in multi response");
            };
            results.add(new MultiResult(type, h.err(), resp));
            h = MultiHeader.read(in);
        }
        return results;
    }
}
