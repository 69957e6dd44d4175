package dev.paddock.sim;

import java.util.List;

/** The outcome of one simulated run: the violations (none means it passed) and a few counts for the log. */
public record SimResult(long seed, SimParams params, List<String> violations, int acknowledgedWrites,
                        int sessions, int expiredSessions, int committedTxns, int epochs, long events,
                        java.util.Map<String, Integer> syncModes, int lockedOut,
                        int currentEpochBehindLog) {
    public boolean ok() {
        return violations.isEmpty();
    }

    public String summary() {
        return "seed " + seed + ": " + params.voters() + " voters + " + params.observers() + " observers, "
                + acknowledgedWrites + " acked ops, " + sessions + " sessions (" + expiredSessions + " expired), "
                + committedTxns + " committed txns, " + epochs + " epochs, "
                + events + " events, syncs " + new java.util.TreeMap<>(syncModes)
                + (lockedOut > 0 ? ", " + lockedOut + " locked out by acceptedEpoch" : "") + (ok() ? "" : ", " + violations.size() + " violations, first: " + violations.get(0));
    }
}
