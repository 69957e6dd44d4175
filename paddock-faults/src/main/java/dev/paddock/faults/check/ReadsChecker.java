package dev.paddock.faults.check;

import dev.paddock.faults.history.Outcome;
import dev.paddock.faults.history.RegisterOp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "reads": what ZooKeeper promises for plain (unsynced) reads, which are not linearizable.
 * <ol>
 *   <li>No invented values: a read returns the initial (0, v0), or the value of a write or CAS (OK or unknown)
 *       on that key invoked before the read completed, with exactly the version that write got when it is
 *       known.</li>
 *   <li>Read-your-writes and monotonic reads: within a session and a key, a read's version is never below the
 *       version of the session's previous completed operation on that key.</li>
 *   <li>A session's last zxid never goes back across its completed operations.</li>
 * </ol>
 */
public final class ReadsChecker {

    public static final String NAME = "reads";

    public Verdict check(List<RegisterOp> ops) {
        List<String> violations = new ArrayList<>();
        long checked = 0;
        Map<String, Map<Long, RegisterOp>> writesByKey = new HashMap<>();
        for (RegisterOp op : ops) {
            if (isWrite(op) && op.outcome() != Outcome.FAIL) {
                writesByKey.computeIfAbsent(op.key(), k -> new HashMap<>()).put(op.arg(), op);
            }
        }
        for (RegisterOp op : ops) {
            if (op.kind() == RegisterOp.Kind.READ && op.outcome() == Outcome.OK) {
                checked++;
                checkOrigin(op, writesByKey.getOrDefault(op.key(), Map.of()), violations);
            }
        }
        Map<Long, List<RegisterOp>> bySession = new HashMap<>();
        for (RegisterOp op : ops) {
            if (op.session() != 0 && op.outcome() != Outcome.UNKNOWN) {
                bySession.computeIfAbsent(op.session(), s -> new ArrayList<>()).add(op);
            }
        }
        for (List<RegisterOp> session : bySession.values()) {
            session.sort(Comparator.comparingLong(RegisterOp::completedAt).thenComparingLong(RegisterOp::invokedAt)
                    .thenComparingLong(RegisterOp::id));
            checkSession(session, violations);
        }
        return Verdict.of(NAME, checked, violations);
    }

    private static void checkOrigin(RegisterOp read, Map<Long, RegisterOp> writes, List<String> violations) {
        if (read.value() == 0 && read.version() == 0) {
            return;
        }
        RegisterOp write = writes.get(read.value());
        if (write == null) {
            violations.add(String.format("key %s: read %s returned a value no write wrote", read.key(),
                    RegisterChecker.describe(read)));
        } else if (write.invokedAt() > read.completedAt()) {
            violations.add(String.format("key %s: read %s returned the value of write %s invoked after the read "
                    + "completed", read.key(), RegisterChecker.describe(read), RegisterChecker.describe(write)));
        } else if (write.outcome() == Outcome.OK && write.version() != read.version()) {
            violations.add(String.format("key %s: read %s returned a version other than write %s's", read.key(),
                    RegisterChecker.describe(read), RegisterChecker.describe(write)));
        }
    }

    /** {@code session}: its completed operations in completion order. */
    private static void checkSession(List<RegisterOp> session, List<String> violations) {
        Map<String, RegisterOp> lastOnKey = new HashMap<>();
        RegisterOp lastZxidOp = null;
        for (RegisterOp op : session) {
            if (op.outcome() == Outcome.OK) {
                RegisterOp previous = lastOnKey.get(op.key());
                boolean read = op.kind() == RegisterOp.Kind.READ || op.kind() == RegisterOp.Kind.SYNC_READ;
                if (read && previous != null && op.version() < previous.version()) {
                    violations.add(String.format("session 0x%x key %s: read %s went back from version %d seen "
                                    + "by %s", op.session(), op.key(), RegisterChecker.describe(op),
                            previous.version(), RegisterChecker.describe(previous)));
                }
                if (op.version() >= 0 && (previous == null || op.version() >= previous.version())) {
                    lastOnKey.put(op.key(), op);
                }
            }
            if (op.lastZxid() != -1) {
                if (lastZxidOp != null && op.lastZxid() < lastZxidOp.lastZxid()) {
                    violations.add(String.format("session 0x%x: last zxid went back from 0x%x after #%d to 0x%x "
                            + "after #%d", op.session(), lastZxidOp.lastZxid(), lastZxidOp.id(), op.lastZxid(),
                            op.id()));
                }
                if (lastZxidOp == null || op.lastZxid() >= lastZxidOp.lastZxid()) {
                    lastZxidOp = op;
                }
            }
        }
    }

    private static boolean isWrite(RegisterOp op) {
        return op.kind() == RegisterOp.Kind.WRITE || op.kind() == RegisterOp.Kind.CAS;
    }
}
