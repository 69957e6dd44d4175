package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GroupCommitLogTest {
    @Test
    void reportsDurabilityInOrderAndEverythingReportedSurvives() throws IOException {
        SimDisk disk = new SimDisk();
        Storage s = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 1);
        s.snapshot(new DataTree(), Map.of(), 0);
        AtomicLong durable = new AtomicLong();
        List<Long> reports = new ArrayList<>();
        GroupCommitLog log = new GroupCommitLog(s, z -> {
            synchronized (reports) {
                reports.add(z);
            }
            durable.set(z);
        }, e -> { }, () -> { });
        Workload w = new Workload(new Random(11), new DataTree(), Map.of());
        List<LoggedTxn> all = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            all.addAll(p);
            log.submit(p);
        }
        long last = all.get(all.size() - 1).zxid();
        await().until(() -> durable.get() == last);
        log.close();
        synchronized (reports) {
            assertThat(reports).isSorted();
        }
        Recovery.Result r = new Storage(disk, disk, new Storage.Config(1, 4096, true,
                new Recovery.Options(false, false)), 1).recover();
        assertThat(StorageTest.actual(r)).isEqualTo(StorageTest.expected(all, last));
    }

    /** Batches queued while the log thread syncs are appended with one write, and synced with one sync. */
    @Test
    void batchesQueuedDuringASyncGoToTheDiskAsOneWrite() throws Exception {
        SimDisk sim = new SimDisk();
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger recordWrites = new AtomicInteger();
        AtomicInteger syncs = new AtomicInteger();
        Disk logDisk = LogWrites.watched(sim, new LogWrites.Watcher() {
            @Override
            public void write(String name, long position, ByteBuffer src, long sizeBefore) {
                if (LogWrites.isRecords(position, src)) {
                    recordWrites.incrementAndGet();
                }
            }

            @Override
            public void sync(String name) throws IOException {
                if (recordWrites.get() > 0 && syncs.incrementAndGet() == 1) {
                    syncing.countDown(); // the first batch's sync waits until the others are queued
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
            }
        });
        Storage.Config config = new Storage.Config(1_000_000, 4096, true, new Recovery.Options(false, false));
        Storage s = new Storage(sim, logDisk, config, 1);
        s.snapshot(new DataTree(), Map.of(), 0);
        AtomicLong durable = new AtomicLong();
        GroupCommitLog log = new GroupCommitLog(s, durable::set, e -> { }, () -> { });
        Workload w = new Workload(new Random(31), new DataTree(), Map.of());
        List<LoggedTxn> all = new ArrayList<>();
        int batches = 0;
        while (batches < 21) {
            List<LoggedTxn> p = nextBatch(w);
            all.addAll(p);
            log.submit(p);
            if (batches++ == 0) {
                syncing.await();
            }
        }
        assertThat(recordWrites.get()).as("the first batch, written before its sync").isEqualTo(1);
        release.countDown();
        long last = all.get(all.size() - 1).zxid();
        await().until(() -> durable.get() == last);
        assertThat(recordWrites.get()).as("the 20 batches queued meanwhile: one write").isEqualTo(2);
        assertThat(syncs.get()).isEqualTo(2);
        log.close();
        Recovery.Result r = new Storage(sim, sim, config, 1).recover();
        assertThat(StorageTest.actual(r)).isEqualTo(StorageTest.expected(all, last));
    }

    /**
     * Zeros ahead of the records are written after a sync has been reported durable, not between a batch's
     * records and its sync, where they would delay its acknowledgement.
     */
    @Test
    void zerosAheadAreWrittenAfterDurabilityIsReported() throws Exception {
        SimDisk sim = new SimDisk();
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicLong recordBytes = new AtomicLong();
        Disk logDisk = LogWrites.watched(sim, new LogWrites.Watcher() {
            @Override
            public void write(String name, long position, ByteBuffer src, long sizeBefore) {
                if (position >= LogCodec.HEADER_BYTES && src.remaining() > 1) {
                    boolean records = LogWrites.isRecords(position, src);
                    events.add(records ? "records" : "zeros");
                    if (records) {
                        recordBytes.addAndGet(src.remaining());
                    }
                }
            }

            @Override
            public void sync(String name) {
                events.add("sync");
            }
        });
        // 4 KiB of zeros ahead (one pre-allocation step, the least), so that the run's records need many top-ups
        Storage.Config config = new Storage.Config(1_000_000, 4096, true, new Recovery.Options(false, false));
        Storage s = new Storage(sim, logDisk, config, 1);
        s.snapshot(new DataTree(), Map.of(), 0);
        BlockingQueue<Long> reported = new LinkedBlockingQueue<>();
        GroupCommitLog log = new GroupCommitLog(s, z -> {
            events.add("durable");
            reported.add(z);
        }, e -> { }, () -> { });
        Workload w = new Workload(new Random(7), new DataTree(), Map.of());
        List<LoggedTxn> all = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            List<LoggedTxn> p = nextBatch(w);
            all.addAll(p);
            log.submit(p);
            // one batch per sync, and the log idle after each
            assertThat(reported.poll(30, TimeUnit.SECONDS)).isEqualTo(p.get(p.size() - 1).zxid());
        }
        log.close();
        List<String> seen;
        synchronized (events) {
            seen = List.copyOf(events);
        }
        int laterZeroWrites = 0; // writes of zeros after the file's opening
        boolean reportedOnce = false;
        String previous = "";
        for (String e : seen) {
            if (e.equals("zeros")) {
                assertThat(previous).as("zeros follow a report of durability (or the file's opening)")
                        .isIn("durable", "zeros", "");
                if (reportedOnce) {
                    laterZeroWrites++;
                }
            }
            reportedOnce |= e.equals("durable");
            previous = e;
        }
        // Zeros go ahead of every record byte, and one write of zeros covers at most one step (4 KiB); the opening
        // wrote the first step. Whether the rest are top-ups (the log idle) or fills just before a batch (the next
        // batch came first) is the scheduler's choice; either way they follow a report.
        long steps = recordBytes.get() / 4096;
        assertThat(steps).as("the run's records outgrow the first step of zeros many times").isGreaterThan(10);
        assertThat(laterZeroWrites).as("writes of zeros after a report").isGreaterThanOrEqualTo((int) steps - 1);
        Recovery.Result r = new Storage(sim, sim, config, 1).recover();
        assertThat(StorageTest.actual(r)).isEqualTo(StorageTest.expected(all, all.get(all.size() - 1).zxid()));
    }

    @Test
    void awaitSyncedReturnsOnlyWhenEverySubmittedBatchIsDurable() throws IOException {
        SimDisk disk = new SimDisk();
        Storage s = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 1);
        s.snapshot(new DataTree(), Map.of(), 0);
        GroupCommitLog log = new GroupCommitLog(s, z -> { }, e -> { }, () -> { });
        Workload w = new Workload(new Random(21), new DataTree(), Map.of());
        List<LoggedTxn> all = new ArrayList<>();
        int batches = 0;
        for (int i = 0; i < 200; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            if (!p.isEmpty()) {
                all.addAll(p);
                log.submit(p);
                batches++;
            }
        }
        log.awaitSynced(30_000);
        assertThat(log.syncedBatches()).isEqualTo(batches);
        disk.crash(); // everything awaited survives a crash
        Recovery.Result r = new Storage(disk, disk, new Storage.Config(1, 4096, true,
                new Recovery.Options(false, false)), 1).recover();
        assertThat(r.lastZxid()).isEqualTo(all.get(all.size() - 1).zxid());
        log.close();
    }

    @Test
    void aFailedDiskStopsReportingAndSaysWhy() {
        SimDisk disk = new SimDisk();
        Storage s = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 1);
        disk.setCapacity(100);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong durable = new AtomicLong(-1);
        GroupCommitLog log = new GroupCommitLog(s, durable::set, failure::set, () -> { });
        Workload w = new Workload(new Random(12), new DataTree(), Map.of());
        for (int i = 0; i < 50; i++) {
            w.step();
            log.submit(w.take());
        }
        await().until(() -> failure.get() != null);
        assertThat(failure.get()).hasMessageContaining("No space");
        assertThat(durable.get()).isEqualTo(-1);
        assertThat(log.failed()).isTrue();
    }

    @Test
    void aNonIoFailureOnTheLogThreadIsReportedAndStopsAcknowledgements() throws IOException {
        HookedDisk disk = new HookedDisk(13);
        AtomicBoolean armed = new AtomicBoolean();
        disk.hook = name -> {
            if (armed.get()) {
                throw new IllegalStateException("simulated bug in the write path");
            }
        };
        Storage s = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true,
                new Recovery.Options(false, false)), 1);
        s.snapshot(new DataTree(), Map.of(), 0);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong durable = new AtomicLong(-1);
        GroupCommitLog log = new GroupCommitLog(s, durable::set, failure::set, () -> { });
        Workload w = new Workload(new Random(14), new DataTree(), Map.of());
        List<LoggedTxn> first = new ArrayList<>();
        while (first.isEmpty()) {
            w.step();
            first = w.take();
        }
        log.submit(first);
        long firstZxid = first.get(first.size() - 1).zxid();
        await().until(() -> durable.get() == firstZxid);

        armed.set(true);
        List<LoggedTxn> second = new ArrayList<>();
        while (second.isEmpty()) {
            w.step();
            second = w.take();
        }
        log.submit(second);
        await().until(() -> failure.get() != null);

        assertThat(failure.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("simulated bug");
        assertThat(log.failed()).isTrue();
        armed.set(false); // even with the disk healthy again, nothing more is written or acknowledged
        for (int i = 0; i < 20; i++) {
            w.step();
            log.submit(w.take());
        }
        log.close();
        assertThat(durable.get()).isEqualTo(firstZxid);
    }

    /** The workload's next batch that has transactions in it. */
    private static List<LoggedTxn> nextBatch(Workload w) {
        List<LoggedTxn> p;
        do {
            w.step();
            p = w.take();
        } while (p.isEmpty());
        return p;
    }
}
