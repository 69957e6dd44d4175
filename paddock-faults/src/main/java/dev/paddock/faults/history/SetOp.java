package dev.paddock.faults.history;

/**
 * One sequential create of the set workload: {@code create(parent + "/item-", data = value, PERSISTENT_SEQUENTIAL)}.
 *
 * @param value   unique in the run, the node's data as a decimal long
 * @param created OK: the path the server assigned; else null
 */
public record SetOp(long id, int worker, long session, long value, long invokedAt, long completedAt,
                    Outcome outcome, String created, String error) {
}
