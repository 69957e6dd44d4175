package dev.paddock.faults.check;

import dev.paddock.faults.history.FinalState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * "convergence": once healed and quiet, every server answered and all hold the same tree (equal digests). A run
 * with no digest at all is a failure, not a vacuous pass: the final read is the evidence.
 */
public final class ConvergenceChecker {

    public static final String NAME = "convergence";

    public Verdict check(FinalState end) {
        List<String> violations = new ArrayList<>();
        Map<Integer, String> digests = FinalStates.nz(end == null ? null : end.digests());
        List<String> unreachable = end == null || end.unreachable() == null ? List.of() : end.unreachable();
        if (digests.isEmpty()) {
            violations.add("no server reported a digest");
        }
        for (String server : unreachable) {
            violations.add("server " + server + " did not answer after healing");
        }
        FinalStates.agree("tree digest", digests, violations);
        return Verdict.of(NAME, digests.size(), violations);
    }
}
