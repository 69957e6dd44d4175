package dev.paddock.faults.check;

import java.util.List;

/**
 * What {@link Linearizability#check} found for one history (one key).
 *
 * @param status         the answer
 * @param statesExplored distinct (linearized set, model state) configurations the search entered
 * @param longestPrefix  VIOLATION: the longest sequence of operations the search could linearize, in order
 * @param blocked        VIOLATION: the completed operation that could not be placed after that prefix; else null
 * @param window         VIOLATION: the failing window: every operation whose interval overlaps {@code blocked}'s,
 *                       {@code blocked} included, in history order
 */
public record LinearizabilityResult<O>(Status status, long statesExplored, List<O> longestPrefix, O blocked,
                                       List<O> window) {

    public enum Status {
        /** A linearization exists. */
        OK,
        /** No linearization exists. */
        VIOLATION,
        /** The search ran out of budget before deciding: not a pass. */
        UNKNOWN_BUDGET
    }

    public boolean ok() {
        return status == Status.OK;
    }
}
