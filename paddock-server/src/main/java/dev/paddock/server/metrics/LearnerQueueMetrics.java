package dev.paddock.server.metrics;

import dev.paddock.server.quorum.SendQueueMeter;

/**
 * The leader's send queue to each learner under ZooKeeper's names, keyed by the learner's sid:
 * learner_handler_qp_size (items still queued each time one leaves for the socket) and learner_handler_qp_time_ms
 * (how long a stamped item waited). Called on the connections' writer threads.
 */
public final class LearnerQueueMetrics implements SendQueueMeter {
    /** The keys of sids 0-255 (sids are small in practice), so a packet sent allocates no key. */
    private static final String[] KEYS = new String[256];

    static {
        for (int i = 0; i < KEYS.length; i++) {
            KEYS[i] = Integer.toString(i);
        }
    }

    private final SummarySet size;
    private final SummarySet time;

    LearnerQueueMetrics(SummarySet size, SummarySet time) {
        this.size = size;
        this.time = time;
    }

    @Override
    public void taken(long sid, int stillQueued) {
        size.add(key(sid), stillQueued);
    }

    @Override
    public void waited(long sid, long waitedMs) {
        time.add(key(sid), waitedMs);
    }

    private static String key(long sid) {
        return sid >= 0 && sid < KEYS.length ? KEYS[(int) sid] : Long.toString(sid);
    }
}
