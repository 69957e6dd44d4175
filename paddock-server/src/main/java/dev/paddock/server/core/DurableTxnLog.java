package dev.paddock.server.core;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.GroupCommitLog;
import dev.paddock.storage.Storage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable log behind the core driver: batches go to the group-commit writer thread, durability comes back
 * through {@link #onDurable}. When the log rolls, the driver is asked (via {@link #onSnapshotDue}) to capture
 * the tree on the core thread; the snapshot itself is written on a background thread while writes go on.
 * Autopurge runs every purgeInterval hours when configured.
 */
public final class DurableTxnLog implements TxnLog {
    private static final Logger LOG = LoggerFactory.getLogger(DurableTxnLog.class);

    private final Storage storage;
    private final GroupCommitLog writer;
    private final Snapshotter snapshotter;
    private final ScheduledExecutorService purger = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "paddock-purge"));
    private volatile LongConsumer durable = z -> { };
    private volatile Consumer<Throwable> failure = t -> { };
    private volatile Throwable failedWith;
    private volatile Runnable snapshotDue = () -> { };
    private long lastZxid;

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public DurableTxnLog(Storage storage, long lastZxid, int snapRetainCount, int purgeIntervalHours) {
        this.storage = storage;
        this.snapshotter = new Snapshotter(storage);
        this.lastZxid = lastZxid;
        this.writer = new GroupCommitLog(storage, z -> durable.accept(z), this::failed, () -> snapshotDue.run());
        if (purgeIntervalHours > 0) {
            purger.scheduleWithFixedDelay(() -> {
                try {
                    storage.purge(snapRetainCount);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("Autopurge failed: {}", e.toString());
                }
            }, purgeIntervalHours, purgeIntervalHours, TimeUnit.HOURS);
            LOG.info("Autopurge every {} hour(s), keeping {} snapshots", purgeIntervalHours, snapRetainCount);
        }
    }

    @Override
    public boolean asynchronous() {
        return true;
    }

    @Override
    public void onDurable(LongConsumer listener) {
        this.durable = listener;
    }

    @Override
    public void onFailure(Consumer<Throwable> listener) {
        this.failure = listener;
        Throwable early = failedWith;
        if (early != null) {
            listener.accept(early); // the writer failed before anyone listened: still fatal
        }
    }

    private void failed(Throwable t) {
        failedWith = t;
        failure.accept(t);
    }

    /** Counts every group commit (fsynctime, sync_processor_batch_size) and snapshot into {@code metrics}. */
    public void recordInto(dev.paddock.server.metrics.ServerMetrics metrics) {
        writer.onSynced((ms, txns) -> {
            metrics.fsyncTime.add(ms);
            metrics.syncBatchSize.add(txns);
        });
        snapshotter.recordInto(metrics);
    }

    /** Who to ask, on the log thread, for the core's state once the log has rolled. */
    public void onSnapshotDue(Runnable request) {
        this.snapshotDue = request;
    }

    /** Called on the core thread: writes a fuzzy snapshot of the live tree in the background. */
    public void snapshotInBackground(DataTree tree, Map<Long, Integer> sessions, long zxid) {
        snapshotter.snapshotInBackground(tree, sessions, zxid);
    }

    /** Writes a snapshot of {@code tree} at {@code zxid} and waits until it is durable (after any in progress). */
    public void snapshotNow(DataTree tree, Map<Long, Integer> sessions, long zxid) throws IOException {
        snapshotter.snapshotNow(tree, sessions, zxid);
    }

    @Override
    public void append(List<LoggedTxn> txns) {
        writer.submit(txns);
        lastZxid = txns.get(txns.size() - 1).zxid();
    }

    /** Blocks until everything appended is synced and the writer is idle (before changing the log in place). */
    public void awaitSynced(long timeoutMs) throws IOException {
        writer.awaitSynced(timeoutMs);
    }

    /** How many {@link #append} batches are durable so far, in the order they were appended. */
    public long syncedBatches() {
        return writer.syncedBatches();
    }

    @Override
    public void sync() {
        // the writer thread syncs each group and reports it through onDurable
    }

    @Override
    public long lastZxid() {
        return lastZxid;
    }

    @Override
    public void close() throws IOException {
        purger.shutdownNow();
        writer.close();
        snapshotter.close();
    }
}
