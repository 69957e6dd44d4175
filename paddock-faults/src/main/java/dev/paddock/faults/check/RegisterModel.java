package dev.paddock.faults.check;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import java.util.Optional;
import java.util.Set;

/**
 * The versioned register as ZooKeeper's setData and sync+getData see one znode: state (value, version), starting
 * at (0, 0). Only the operations {@link RegisterChecker} keeps reach it: OK and UNKNOWN writes and CASes, CASes
 * that failed with BADVERSION, and OK sync-reads.
 *
 * <p>A written value no sync-read ever returns only matters through the version it bumps, so the model stores
 * all such values as one {@link #UNSEEN} token. That lets the search treat every unseen unknown-outcome write as
 * interchangeable ({@link #symmetryKey}), and merges states that differ only in a value nobody looks at.
 */
final class RegisterModel implements Model<RegisterModel.Register, RegisterOp> {

    /** The value of a register holding a value no sync-read returns. */
    static final long UNSEEN = Long.MIN_VALUE;

    private final Set<Long> observed;

    /** @param observed the values the sync-reads returned */
    RegisterModel(Set<Long> observed) {
        this.observed = Set.copyOf(observed);
    }

    /** The node's data and data version. */
    record Register(long value, int version) {
    }

    static final String BADVERSION = "BADVERSION";

    @Override
    public Register init() {
        return new Register(0, 0);
    }

    @Override
    public Optional<Register> step(Register s, RegisterOp op) {
        switch (op.kind()) {
            case WRITE:
                return write(s, op);
            case CAS:
                if (op.outcome() == Outcome.FAIL) {
                    return s.version() != op.expected() ? Optional.of(s) : Optional.empty();
                }
                // an unknown CAS placed where the version differs would fail without effect: same as dropping it
                return s.version() == op.expected() ? write(s, op) : Optional.empty();
            case SYNC_READ:
                return s.value() == op.value() && s.version() == op.version() ? Optional.of(s) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    @Override
    public Object symmetryKey(RegisterOp op) {
        if (op.outcome() != Outcome.UNKNOWN || observed.contains(op.arg())) {
            return null;
        }
        return op.kind() == RegisterOp.Kind.CAS ? "cas-if-v" + op.expected() : "write";
    }

    private Optional<Register> write(Register s, RegisterOp op) {
        Register next = new Register(observed.contains(op.arg()) ? op.arg() : UNSEEN, s.version() + 1);
        if (op.outcome() == Outcome.OK && op.version() != next.version()) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    /** Whether the checker hands {@code op} to the search at all (the rest have no effect and show nothing). */
    static boolean relevant(RegisterOp op) {
        switch (op.kind()) {
            case WRITE:
                return op.outcome() != Outcome.FAIL;
            case CAS:
                return op.outcome() != Outcome.FAIL || BADVERSION.equals(op.error());
            case SYNC_READ:
                return op.outcome() == Outcome.OK;
            default:
                return false;
        }
    }
}
