package dev.paddock.faults.history;

/**
 * One line of the watches workload, in the order its session's event thread saw it ({@code seq} per session):
 * a watch registration, the watch firing, or a read's reply.
 *
 * @param seq        order within the session's event thread (watch callbacks and async replies share it)
 * @param type       what happened
 * @param registration the registration's id (REGISTER, FIRED), or -1
 * @param path       the watched node
 * @param version    REGISTER and READ: the node's version in the reply (-1 when it did not exist)
 * @param zxid       FIRED: the event's zxid when the server told it; READ: the node's mzxid; else -1
 * @param event      FIRED: the event type (NodeDataChanged, …); else null
 */
public record WatchRecord(int worker, long session, long seq, Type type, long registration, String path,
                          int version, long zxid, String event, long at) {

    public enum Type {
        /** getData with a one-shot watch returned (version = the version the watch was set on). */
        REGISTER,
        /** A registration fired. */
        FIRED,
        /** A plain getData returned. */
        READ,
        /** The session expired: its watches are gone and nothing more is checked for it. */
        EXPIRED
    }
}
