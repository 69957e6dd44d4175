package dev.paddock.server.metrics;

import dev.paddock.core.CoreStats;
import dev.paddock.jute.EventType;

/** The core's reads, changes and fired watches into ZooKeeper's metrics (called on the core thread). */
public final class CoreMetrics implements CoreStats {
    /** What ZooKeeper adds to a read's bytes for the Stat it returns: six longs and five ints. */
    static final int STAT_OVERHEAD_BYTES = 6 * 8 + 5 * 4;

    private final ServerMetrics m;
    private final Summary propagation;

    public CoreMetrics(ServerMetrics metrics) {
        this.m = metrics;
        this.propagation = metrics.summary("propagation_latency");
    }

    /** The metrics these counts go to. */
    public ServerMetrics metrics() {
        return m;
    }

    @Override
    public void read(String path, long bytes) {
        m.readPerNamespace.addForPath(path, path.length() + bytes + STAT_OVERHEAD_BYTES);
    }

    @Override
    public void written(String path, long bytes) {
        m.writePerNamespace.addForPath(path, path.length() + bytes);
    }

    /** As ZooKeeper: the wall time now less the txn's wall stamp; skipped when a clock step makes it negative. */
    @Override
    public void applied(long txnWallMs) {
        long latency = dev.paddock.server.core.ServerClock.wallMs() - txnWallMs;
        if (latency >= 0) {
            propagation.add(latency);
        }
    }

    @Override
    public void sessionsExpired(int count) {
        m.counter("stale_sessions_expired").add(count);
    }

    @Override
    public void sessionReconnecting() {
        m.counter("connection_revalidate_count").inc();
    }

    @Override
    public void watchesFired(EventType type, int count) {
        switch (type) {
            case NODE_CREATED -> m.nodeCreatedWatchCount.add(count);
            case NODE_DELETED -> m.nodeDeletedWatchCount.add(count);
            case NODE_DATA_CHANGED -> m.nodeChangedWatchCount.add(count);
            case NODE_CHILDREN_CHANGED -> m.nodeChildrenWatchCount.add(count);
            default -> {
                // ZooKeeper counts these four only
            }
        }
    }
}
