package dev.paddock.faults.history;

/**
 * One operation of the versioned-register workload on one key (a znode whose data is a decimal long, created with
 * value 0 and version 0 before the run). A worker runs one operation at a time.
 *
 * @param id          unique in the run
 * @param worker      the worker (client thread) that ran it
 * @param session     the session id at invocation, 0 when not connected
 * @param kind        what was asked
 * @param key         the znode path
 * @param arg         WRITE and CAS: the value written (unique in the run); else 0
 * @param expected    CAS: the version it requires; else -1
 * @param invokedAt   nanoseconds since the run's start
 * @param completedAt nanoseconds since the run's start; {@link Long#MAX_VALUE} when the outcome is UNKNOWN
 * @param outcome     as the client saw it
 * @param value       READ and SYNC_READ when OK: the value read; else 0
 * @param version     OK: the node's version read (READ, SYNC_READ) or set (WRITE, CAS, from the returned Stat);
 *                    else -1
 * @param zxid        OK: the node's mzxid read or set; else -1
 * @param lastZxid    the client's last zxid seen (reply headers) just after completion; -1 when unknown
 * @param error       the KeeperException code name or exception class when not OK, else null
 */
public record RegisterOp(long id, int worker, long session, Kind kind, String key, long arg, int expected,
                         long invokedAt, long completedAt, Outcome outcome, long value, int version, long zxid,
                         long lastZxid, String error) {

    public enum Kind {
        /** getData: sequentially consistent, not linearizable (ZooKeeper's promise). */
        READ,
        /** sync() then getData on the same session: linearizable. */
        SYNC_READ,
        /** setData with version -1. */
        WRITE,
        /** setData with {@code expected}: fails with BADVERSION when the node's version differs. */
        CAS
    }

    public static final long NEVER = Long.MAX_VALUE;
}
