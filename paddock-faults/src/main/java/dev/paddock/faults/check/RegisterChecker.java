package dev.paddock.faults.check;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * "linearizable-registers": the register workload's writes, CASes and sync-reads must be linearizable, each key
 * on its own (see {@link RegisterModel} for the specification). Plain reads are only sequentially consistent in
 * ZooKeeper and are left to {@link ReadsChecker}. A key the search could not decide within its budget is reported
 * as a violation ("undecided"): a run passes only on evidence.
 */
public final class RegisterChecker {

    public static final String NAME = "linearizable-registers";

    private final long maxStates;

    public RegisterChecker() {
        this(Linearizability.DEFAULT_MAX_STATES);
    }

    /** @param maxStates the search budget per key */
    public RegisterChecker(long maxStates) {
        this.maxStates = maxStates;
    }

    public Verdict check(List<RegisterOp> ops) {
        List<TimedOp<RegisterOp>> timed = new ArrayList<>();
        for (RegisterOp op : ops) {
            if (RegisterModel.relevant(op)) {
                long completed = op.outcome() == Outcome.UNKNOWN ? TimedOp.NEVER : op.completedAt();
                timed.add(new TimedOp<>(op, op.invokedAt(), completed));
            }
        }
        Set<Long> observed = new HashSet<>();
        for (TimedOp<RegisterOp> t : timed) {
            if (t.op().kind() == RegisterOp.Kind.SYNC_READ) {
                observed.add(t.op().value());
            }
        }
        Map<String, LinearizabilityResult<RegisterOp>> results =
                Linearizability.checkByKey(new RegisterModel(observed), timed, RegisterOp::key, maxStates);
        List<String> violations = new ArrayList<>();
        results.forEach((key, r) -> {
            if (r.status() == LinearizabilityResult.Status.VIOLATION) {
                violations.add(String.format("key %s: not linearizable: op %s cannot follow the %d-op prefix "
                                + "ending %s; overlapping: %s", key, describe(r.blocked()), r.longestPrefix().size(),
                        tail(r.longestPrefix()), ids(r.window())));
            } else if (r.status() == LinearizabilityResult.Status.UNKNOWN_BUDGET) {
                violations.add(String.format("key %s: undecided: search budget of %d states exhausted", key,
                        maxStates));
            }
        });
        return Verdict.of(NAME, timed.size(), violations);
    }

    static String describe(RegisterOp op) {
        if (op == null) {
            return "?";
        }
        boolean read = op.kind() == RegisterOp.Kind.READ || op.kind() == RegisterOp.Kind.SYNC_READ;
        String reply = op.outcome() != Outcome.OK ? ""
                : read ? " -> (" + op.value() + ", v" + op.version() + ")" : " -> v" + op.version();
        String arg = op.kind() == RegisterOp.Kind.WRITE || op.kind() == RegisterOp.Kind.CAS ? " " + op.arg() : "";
        String exp = op.kind() == RegisterOp.Kind.CAS ? " if v" + op.expected() : "";
        return String.format("#%d %s%s%s %s%s [%d..%s] session 0x%x", op.id(), op.kind(), arg, exp, op.outcome(),
                reply, op.invokedAt(), op.completedAt() == RegisterOp.NEVER ? "?" : op.completedAt(),
                op.session());
    }

    private static String tail(List<RegisterOp> prefix) {
        if (prefix.isEmpty()) {
            return "(initial state)";
        }
        int from = Math.max(0, prefix.size() - 3);
        return prefix.subList(from, prefix.size()).stream().map(RegisterChecker::describe)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String ids(List<RegisterOp> ops) {
        return ops.stream().map(o -> "#" + o.id()).collect(Collectors.joining(" ", "[", "]"));
    }
}
