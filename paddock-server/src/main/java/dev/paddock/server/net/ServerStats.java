package dev.paddock.server.net;

import dev.paddock.server.limits.AvgMinMax;
import dev.paddock.server.metrics.ServerMetrics;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-wide counters for srvr/stat/mntr, kept by the network layer around the core calls: packets in and
 * out, request latency (ms from a request's arrival to its reply) and reply sizes. Thread-safe.
 */
public final class ServerStats {
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final long startNanos = System.nanoTime();

    private final AvgMinMax latencies = new AvgMinMax();
    private final OverloadCounters overload = new OverloadCounters();
    private final ServerMetrics metrics = new ServerMetrics(overload);

    private int lastResponseSize = -1;
    private int minResponseSize = -1;
    private int maxResponseSize = -1;

    /** What the overload limits did (srst resets them, as it resets all of ZooKeeper's metrics). */
    public OverloadCounters overload() {
        return overload;
    }

    /** The counters and summaries under ZooKeeper's metric names (mntr, /metrics). */
    public ServerMetrics metrics() {
        return metrics;
    }

    public void packetReceived() {
        packetsReceived.incrementAndGet();
    }

    public void packetSent() {
        packetsSent.incrementAndGet();
    }

    public synchronized void latency(long ms) {
        if (ms < 0) {
            return;
        }
        latencies.add(ms);
    }

    /** A request's latency, booked also as ZooKeeper's updatelatency (a write) or readlatency. */
    public void latency(long ms, boolean update) {
        if (ms < 0) {
            return;
        }
        latency(ms);
        (update ? metrics.updateLatency : metrics.readLatency).add(ms);
    }

    public synchronized void responseSize(int bytes) {
        lastResponseSize = bytes;
        if (minResponseSize == -1 || bytes < minResponseSize) {
            minResponseSize = bytes;
        }
        if (bytes > maxResponseSize) {
            maxResponseSize = bytes;
        }
    }

    public long packetsReceived() {
        return packetsReceived.get();
    }

    public long packetsSent() {
        return packetsSent.get();
    }

    public synchronized long minLatency() {
        return latencies.min();
    }

    public synchronized long maxLatency() {
        return latencies.max();
    }

    /** Mean latency rounded half-up to 4 decimals, as ZooKeeper reports it. */
    public synchronized double avgLatency() {
        return latencies.avg();
    }

    public synchronized int lastResponseSize() {
        return lastResponseSize;
    }

    public synchronized int minResponseSize() {
        return minResponseSize;
    }

    public synchronized int maxResponseSize() {
        return maxResponseSize;
    }

    public long uptimeMs() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** srst: latency, packet counters and reply sizes back to zero, and the metrics unless Prometheus reads them. */
    public synchronized void reset() {
        latencies.reset();
        packetsReceived.set(0);
        packetsSent.set(0);
        lastResponseSize = -1;
        minResponseSize = -1;
        maxResponseSize = -1;
        metrics.reset();
    }
}
