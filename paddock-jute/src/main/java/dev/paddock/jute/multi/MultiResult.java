package dev.paddock.jute.multi;

import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ErrorResponse;

/** One result of a multi response: the op type (ERROR for a failure), and its response record (null for delete and check). */
public record MultiResult(OpCode type, int err, JuteRecord response) {
    public static MultiResult error(ErrorCode code) {
        return new MultiResult(OpCode.ERROR, code.code, new ErrorResponse(code.code));
    }
}
