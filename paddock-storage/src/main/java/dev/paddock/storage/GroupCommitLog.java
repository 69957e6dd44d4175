package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's writer thread. The core thread hands over batches without waiting; this thread appends every
 * batch that is queued, syncs once for all of them (group commit), and reports the last durable zxid. When the
 * current file has had enough transactions it rolls the log and asks for a snapshot.
 *
 * <p>After a failure nothing more is written or reported durable: the caller must stop acknowledging writes.
 * Any failure counts, not only I/O errors: a bug or an Error that ended this thread silently would leave
 * writes hanging forever while pings keep their sessions alive, so it is reported like a dead disk.
 */
public final class GroupCommitLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitLog.class);
    private static final List<LoggedTxn> STOP = List.of();

    private final Storage storage;
    private final LongConsumer onDurable;
    private final Consumer<? super Throwable> onFailure;
    private final Runnable onSnapshotDue;
    private final LinkedBlockingQueue<List<LoggedTxn>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean failed;
    /** Batches handed over by {@link #submit}, and batches appended and synced, for {@link #awaitSynced}. */
    private final AtomicLong submitted = new AtomicLong();
    private volatile long synced;

    /**
     * @param onDurable     called on this thread with the last durable zxid after each sync
     * @param onFailure     called once, on this thread, when anything on this thread fails (I/O error, bug,
     *                      Error): the server cannot go on
     * @param onSnapshotDue called on this thread right after the log rolled: time to take a snapshot
     */
    public GroupCommitLog(Storage storage, LongConsumer onDurable, Consumer<? super Throwable> onFailure,
                          Runnable onSnapshotDue) {
        this.storage = storage;
        this.onDurable = onDurable;
        this.onFailure = onFailure;
        this.onSnapshotDue = onSnapshotDue;
        this.thread = new Thread(this::run, "paddock-log");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** What each group commit took: for the server's metrics (fsynctime, sync_processor_batch_size). */
    public interface SyncStats {
        /** Called on the writer thread after each sync: its duration and the transactions it made durable. */
        void synced(long syncMs, int txns);
    }

    private volatile SyncStats syncStats = (ms, txns) -> { };

    /** Where each sync's figures go (replacing the previous listener). */
    public void onSynced(SyncStats stats) {
        this.syncStats = stats;
    }

    /** Queues a batch for logging; returns at once. */
    public void submit(List<LoggedTxn> batch) {
        if (!batch.isEmpty() && !failed) {
            submitted.incrementAndGet();
            queue.add(batch);
        }
    }

    public boolean failed() {
        return failed;
    }

    private void run() {
        List<List<LoggedTxn>> work = new ArrayList<>();
        List<List<LoggedTxn>> toLog = new ArrayList<>();
        try {
            while (true) {
                work.add(queue.take());
                queue.drainTo(work);
                boolean stop = false;
                long last = -1;
                int txns = 0;
                for (List<LoggedTxn> b : work) {
                    if (b == STOP) {
                        stop = true;
                        continue;
                    }
                    toLog.add(b);
                    last = b.get(b.size() - 1).zxid();
                    txns += b.size();
                }
                int batches = toLog.size();
                if (batches > 0) {
                    storage.appendAll(toLog); // one write for all the batches queued: they share the sync too
                    toLog.clear();
                }
                work.clear();
                if (last >= 0) {
                    long syncStart = System.nanoTime();
                    storage.sync();
                    syncStats.synced((System.nanoTime() - syncStart) / 1_000_000, txns);
                    synced += batches; // only this thread writes it
                    onDurable.accept(last);
                    if (storage.snapshotDue()) {
                        storage.roll();
                        onSnapshotDue.run();
                    } else {
                        storage.topUpZeros(queue.isEmpty()); // after the report: it never delays that one
                    }
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            fail(e, "Transaction log failure: {}. No further writes will be acknowledged; fix the disk and restart");
        } catch (Throwable t) {
            fail(t, "Transaction log thread failed unexpectedly: {}. No further writes will be acknowledged");
        }
    }

    private void fail(Throwable cause, String message) {
        failed = true;
        LOG.error(message, cause.toString(), cause);
        try {
            onFailure.accept(cause);
        } catch (Throwable t) {
            LOG.error("Reporting the transaction log failure failed: {}", t.toString(), t);
        }
    }

    /**
     * Blocks until every batch submitted so far is appended and synced, so that the log is idle: call it before
     * changing the log in place (truncation, installing a snapshot) from another thread.
     *
     * @throws IOException if the log failed, or did not get there within {@code timeoutMs}
     */
    public void awaitSynced(long timeoutMs) throws IOException {
        long target = submitted.get();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (synced < target) {
            if (failed) {
                throw new IOException("the transaction log has failed");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("the transaction log did not sync " + (target - synced) + " batch(es) within "
                        + timeoutMs + " ms");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    /** How many submitted batches are appended and synced so far (they are synced in submission order). */
    public long syncedBatches() {
        return synced;
    }

    /** Writes and syncs everything queued, then stops the thread. */
    @Override
    public void close() throws IOException {
        queue.add(STOP);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        storage.close();
    }
}
