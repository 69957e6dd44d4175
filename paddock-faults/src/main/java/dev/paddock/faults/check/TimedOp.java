package dev.paddock.faults.check;

/**
 * One operation of a history with its real-time interval, as the linearizability search sees it.
 *
 * @param op          the operation (passed to {@link Model#step})
 * @param invokedAt   when the client sent it
 * @param completedAt when the client saw the reply; {@link #NEVER} when the outcome is unknown, in which case
 *                    the operation may take effect at any point after its invocation, or never
 */
public record TimedOp<O>(O op, long invokedAt, long completedAt) {

    /** The completion time of an operation whose outcome is unknown. */
    public static final long NEVER = Long.MAX_VALUE;

    /** Whether the operation may be left out of a linearization (its outcome is unknown). */
    public boolean droppable() {
        return completedAt == NEVER;
    }
}
