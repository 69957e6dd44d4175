package dev.paddock.faults.workload;

import dev.paddock.client.PaddockClient;
import dev.paddock.client.Watcher;
import dev.paddock.faults.run.RunClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** What every worker of one run shares: options, the time base, id and value counters, statistics, the stop flag. */
final class RunContext {
    final WorkloadOptions opts;
    final RunClock clock;
    final String connect;
    final SecondStats stats = new SecondStats();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong values = new AtomicLong();
    private volatile boolean stopping;

    RunContext(WorkloadOptions opts, RunClock clock, String connect) {
        this.opts = opts;
        this.clock = clock;
        this.connect = connect;
    }

    /** An operation id, unique in the run across all workloads. */
    long nextId() {
        return ids.incrementAndGet();
    }

    /** A value no other write of the run uses (register writes, set items): 1, 2, 3, … (0 is the initial value). */
    long nextValue() {
        return values.incrementAndGet();
    }

    boolean stopping() {
        return stopping;
    }

    void stop() {
        stopping = true;
    }

    /** A worker's own random source, derived from the run's seed and a stream number. */
    Random random(int stream) {
        return new Random(opts.seed() * 1_000_003L + stream);
    }

    /** A new session to all servers; it connects in the background. */
    PaddockClient newClient(Watcher watcher) throws IOException {
        return PaddockClient.builder(connect).sessionTimeout(opts.sessionTimeoutMs()).watcher(watcher)
                .reconnectDelayMs(200).build();
    }

    static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.UTF_8);
    }

    /** The decimal long a workload node holds; -1 for anything else (never written by a workload). */
    static long parse(byte[] data) {
        if (data == null) {
            return -1;
        }
        try {
            return Long.parseLong(new String(data, StandardCharsets.UTF_8));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
