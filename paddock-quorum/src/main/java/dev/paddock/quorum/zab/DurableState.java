package dev.paddock.quorum.zab;

/**
 * What a server recovered from its disk when a Zab role starts: ZooKeeper's acceptedEpoch and currentEpoch files
 * and the last zxid in its log. The log is assumed to be applied to the replica already (as recovery does).
 */
public record DurableState(long acceptedEpoch, long currentEpoch, long lastLoggedZxid) {
    public DurableState {
        if (currentEpoch > acceptedEpoch) {
            throw new IllegalArgumentException("currentEpoch " + currentEpoch + " > acceptedEpoch " + acceptedEpoch);
        }
    }

    /**
     * Builds the state from files that a crash may have left stale or missing (pass 0 for a missing one), so
     * that such a crash never prevents a restart. A learner persists synced txns before it writes currentEpoch,
     * so a log holding txns of epoch e with currentEpoch below e means the write of e was lost; that log is a
     * prefix of leader e's history, so e is the right currentEpoch. acceptedEpoch is never below currentEpoch.
     */
    public static DurableState recovered(long acceptedEpochFile, long currentEpochFile, long lastLoggedZxid) {
        long current = Math.max(currentEpochFile, Zxid.epoch(lastLoggedZxid));
        long accepted = Math.max(acceptedEpochFile, current);
        return new DurableState(accepted, current, lastLoggedZxid);
    }
}
