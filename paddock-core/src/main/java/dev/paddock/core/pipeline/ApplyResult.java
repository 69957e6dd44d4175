package dev.paddock.core.pipeline;

import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.Stat;
import java.util.List;

/** The outcome of applying one transaction: its op, error code, path and stat, and a multi's sub-results. */
public record ApplyResult(OpCode type, int err, String path, Stat stat, List<ApplyResult> multi) {
    static ApplyResult ok(OpCode type, String path, Stat stat) {
        return new ApplyResult(type, 0, path, stat, null);
    }

    static ApplyResult error(int err) {
        return new ApplyResult(OpCode.ERROR, err, null, null, null);
    }
}
