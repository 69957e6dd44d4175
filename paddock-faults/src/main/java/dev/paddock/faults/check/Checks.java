package dev.paddock.faults.check;

import dev.paddock.faults.history.RecordedHistory;
import java.util.List;

/** Runs every checker over one run's recorded history. */
public final class Checks {

    private Checks() {
    }

    /** One verdict per checker, in a fixed order: registers, reads, set, ephemerals, watches, convergence. */
    public static List<Verdict> checkAll(RecordedHistory h) {
        return checkAll(h, Linearizability.DEFAULT_MAX_STATES);
    }

    /** @param maxStates the linearizability search budget per register key */
    public static List<Verdict> checkAll(RecordedHistory h, long maxStates) {
        return List.of(
                new RegisterChecker(maxStates).check(h.registers()),
                new ReadsChecker().check(h.registers()),
                new SetChecker().check(h.sets(), h.finalState()),
                new EphemeralChecker().check(h.sessions(), h.finalState()),
                new WatchChecker().check(h.watches(), h.finalState()),
                new ConvergenceChecker().check(h.finalState()));
    }
}
