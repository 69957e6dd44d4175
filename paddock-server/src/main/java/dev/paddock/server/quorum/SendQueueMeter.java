package dev.paddock.server.quorum;

/**
 * What a leader-side {@link QuorumConnection} reports about its send queue, for ZooKeeper's per-learner
 * learner_handler_qp_size and learner_handler_qp_time_ms. Called on the connection's writer thread: must be
 * cheap and must not block.
 */
public interface SendQueueMeter {
    /** Every how many queued items one is stamped to time its wait (ZooKeeper's marker interval). */
    int STAMP_INTERVAL = 1000;

    /** An item left the queue for the learner {@code sid}'s socket, {@code stillQueued} items behind it. */
    void taken(long sid, int stillQueued);

    /** A stamped item waited {@code waitedMs} in the queue to learner {@code sid}. */
    void waited(long sid, long waitedMs);

    /** Reports nothing. */
    SendQueueMeter NONE = new SendQueueMeter() {
        @Override
        public void taken(long sid, int stillQueued) {
        }

        @Override
        public void waited(long sid, long waitedMs) {
        }
    };
}
