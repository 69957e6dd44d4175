package dev.paddock.server.net;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Server-wide counters for srvr/stat/mntr, kept by the network layer around the core calls: packets in and
 * out, request latency (ms from a request's arrival to its reply) and reply sizes. Thread-safe.
 */
public final class ServerStats {
    private final AtomicLong packetsReceived = new AtomicLong();
    private final AtomicLong packetsSent = new AtomicLong();
    private final long startNanos = System.nanoTime();

    private long latencyCount;
    private long latencyTotal;
    private long latencyMin = Long.MAX_VALUE;
    private long latencyMax = Long.MIN_VALUE;

    private int lastResponseSize = -1;
    private int minResponseSize = -1;
    private int maxResponseSize = -1;

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
        latencyCount++;
        latencyTotal += ms;
        latencyMin = Math.min(latencyMin, ms);
        latencyMax = Math.max(latencyMax, ms);
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
        return latencyMin == Long.MAX_VALUE ? 0 : latencyMin;
    }

    public synchronized long maxLatency() {
        return latencyMax == Long.MIN_VALUE ? 0 : latencyMax;
    }

    /** Mean latency rounded half-up to 4 decimals, as ZooKeeper reports it. */
    public synchronized double avgLatency() {
        if (latencyCount == 0) {
            return 0;
        }
        return new BigDecimal(latencyTotal / (double) latencyCount).setScale(4, RoundingMode.HALF_UP).doubleValue();
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

    /** srst: latency, packet counters and reply sizes back to zero. */
    public synchronized void reset() {
        latencyCount = 0;
        latencyTotal = 0;
        latencyMin = Long.MAX_VALUE;
        latencyMax = Long.MIN_VALUE;
        packetsReceived.set(0);
        packetsSent.set(0);
        lastResponseSize = -1;
        minResponseSize = -1;
        maxResponseSize = -1;
    }
}
