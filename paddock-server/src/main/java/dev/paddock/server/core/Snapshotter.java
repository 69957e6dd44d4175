package dev.paddock.server.core;

import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.Storage;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes fuzzy snapshots of the live tree on a background thread ({@code paddock-snapshot}) while the core
 * goes on; at most one at a time (a snapshot due while one is written is skipped, the next roll asks again).
 */
public final class Snapshotter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    private final Storage storage;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "paddock-snapshot");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile dev.paddock.server.metrics.ServerMetrics metrics;

    public Snapshotter(Storage storage) {
        this.storage = storage;
    }

    /** Where snapshot times and failures are counted (snapshottime, snapshot_error_count). */
    public void recordInto(dev.paddock.server.metrics.ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /** Called on the core thread with the live tree and a copy of the applied sessions. */
    public void snapshotInBackground(DataTree tree, Map<Long, Integer> sessions, long zxid) {
        if (!running.compareAndSet(false, true)) {
            LOG.warn("Previous snapshot still being written; skipping the one due at zxid 0x{}", Long.toHexString(zxid));
            return;
        }
        thread.execute(() -> {
            dev.paddock.server.metrics.ServerMetrics m = metrics;
            try {
                long start = System.nanoTime();
                storage.snapshot(tree, sessions, zxid);
                if (m != null) {
                    m.snapshotTime.add((System.nanoTime() - start) / 1_000_000);
                }
            } catch (IOException | RuntimeException e) {
                if (m != null) {
                    m.snapshotErrors.inc();
                }
                LOG.error("Snapshot at zxid 0x{} failed: {}", Long.toHexString(zxid), e.toString());
            } finally {
                running.set(false);
            }
        });
    }

    /**
     * Writes a snapshot now and waits for it: after any snapshot being written, on the same thread, so two never
     * write at once (the admin server's restore makes its tree durable this way).
     */
    public void snapshotNow(DataTree tree, Map<Long, Integer> sessions, long zxid) throws IOException {
        try {
            thread.submit(() -> {
                storage.snapshot(tree, sessions, zxid);
                return null;
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the snapshot at zxid 0x" + Long.toHexString(zxid), e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("snapshot at zxid 0x" + Long.toHexString(zxid) + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    /** Lets a snapshot being written finish (up to 60 s). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
