package dev.paddock.faults.history;

import java.util.List;

/**
 * One session of the ephemerals workload, as its client saw it by the end of the run.
 *
 * @param ephemerals ephemeral nodes whose create returned OK
 * @param unknown    ephemeral creates with an unknown outcome
 * @param fate       how the session ended
 * @param endedAt    nanoseconds since the run's start when the fate was observed ({@link RegisterOp#NEVER} for
 *                   LIVE)
 */
public record SessionRecord(int worker, long session, int timeoutMs, List<String> ephemerals, List<String> unknown,
                            Fate fate, long endedAt) {

    public enum Fate {
        /** Still connected at the end, never told it expired: its ephemerals must exist everywhere. */
        LIVE,
        /** Its client saw EXPIRED: its ephemerals must be gone everywhere. */
        EXPIRED,
        /** Closed with closeSession and the close acknowledged: its ephemerals must be gone everywhere. */
        CLOSED,
        /**
         * Abandoned: its client dropped the connection without closing (a crashed client). Its ephemerals must be
         * gone everywhere once the timeout has passed with a healthy quorum.
         */
        ABANDONED,
        /** The close was sent but its outcome is unknown: either state is allowed. */
        UNKNOWN
    }
}
