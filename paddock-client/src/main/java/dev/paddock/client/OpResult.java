package dev.paddock.client;

import dev.paddock.jute.data.Stat;
import java.util.List;

/** The result of one operation of a multi or multiRead. */
public sealed interface OpResult {
    /** A create; {@code stat} is null only when the server answered with a plain create result. */
    record CreateResult(String path, Stat stat) implements OpResult {
    }

    record DeleteResult() implements OpResult {
    }

    record SetDataResult(Stat stat) implements OpResult {
    }

    record CheckResult() implements OpResult {
    }

    record GetDataResult(byte[] data, Stat stat) implements OpResult {
    }

    record GetChildrenResult(List<String> children) implements OpResult {
    }

    /**
     * A failed op: {@code err} is its error code; ops of a failed multi that did not fail themselves report 0
     * (before the failure) or RUNTIMEINCONSISTENCY (after it).
     */
    record ErrorResult(int err) implements OpResult {
    }
}
