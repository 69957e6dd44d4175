package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The log writes zeros ahead of its records, so that records land on blocks already allocated rather than in the
 * holes of a sparse pre-allocation: checked write by write, through a roll and a pre-allocation extension.
 */
class TxnLogZeroAheadTest {
    /** What the log wrote to one file so far: how far zeros reach, and where the records end. */
    private static final class FileWrites {
        long zeroedTo;
        long recordsTo;
        long size;
        int recordWrites;
        int zeroWrites;
    }

    private final Map<String, FileWrites> files = new HashMap<>();

    @Test
    void recordsGoWhereZerosWereWrittenAndZerosNeverCoverRecords() throws IOException {
        SimDisk sim = new SimDisk(3);
        Disk disk = LogWrites.watched(sim, new LogWrites.Watcher() {
            @Override
            public void write(String name, long position, ByteBuffer src, long sizeBefore) {
                check(name, position, src, sizeBefore);
            }
        });
        long preAlloc = 16 * 1024; // small, so that the run extends it several times per file
        Storage.Config config = new Storage.Config(1_000_000, preAlloc, true, new Recovery.Options(false, false));
        new Storage(sim, sim, config, 3).snapshot(new DataTree(), Map.of(), 0);
        Random random = new Random(3);
        Workload w = new Workload(random, new DataTree(), Map.of());
        List<LoggedTxn> log = new ArrayList<>();
        // zeros 64 KiB ahead (the server's log: a MiB), so that this run's records pass through many top-ups
        int zeroAhead = 64 * 1024;
        try (TxnLog txnLog = new TxnLog(disk, preAlloc, zeroAhead)) {
            for (int i = 0; i < 8_000; i++) {
                w.step();
                List<LoggedTxn> batch = w.take();
                if (batch.isEmpty()) {
                    continue;
                }
                txnLog.append(batch);
                log.addAll(batch);
                if (random.nextInt(3) > 0) {
                    txnLog.sync();
                    if (random.nextBoolean()) {
                        txnLog.topUpZeros(random.nextBoolean()); // as the group commit does; else zeros go with records
                    }
                }
                if (i == 4_000) {
                    txnLog.roll();
                }
            }
        }
        assertThat(files).hasSize(2);
        for (FileWrites f : files.values()) {
            assertThat(f.recordsTo).as("records written past the first zeros and pre-allocations").isGreaterThan(zeroAhead + 4 * preAlloc);
            assertThat(f.recordWrites).isGreaterThan(100);
            assertThat(f.zeroWrites).as("zeros written in chunks").isBetween(2, f.recordWrites / 4);
        }
        // and the log reads back whole
        Recovery.Result r = new Storage(sim, sim, config, 3).recover();
        assertThat(r.warnings()).isEmpty();
        assertThat(StorageTest.actual(r)).isEqualTo(StorageTest.expected(log, r.lastZxid()));
        assertThat(r.lastZxid()).isEqualTo(log.get(log.size() - 1).zxid());
    }

    private void check(String name, long position, ByteBuffer data, long sizeBefore) {
        FileWrites f = files.computeIfAbsent(name, n -> new FileWrites());
        long end = position + data.remaining();
        if (position < LogCodec.HEADER_BYTES) {
            return; // the header, or the synced end kept in it
        }
        boolean zeros = true;
        while (data.hasRemaining()) {
            zeros &= data.get() == 0;
        }
        if (end > sizeBefore) {
            // only a pre-allocation grows the file: one zero byte at its new end, which sets the file's length
            assertThat(end - position).as("pre-allocation writes one byte").isOne();
            assertThat(zeros).as("pre-allocation writes a zero").isTrue();
            f.size = end;
            return;
        }
        if (zeros) {
            f.zeroWrites++;
            assertThat(position).as("zeros start where the records end or beyond").isGreaterThanOrEqualTo(f.recordsTo);
            assertThat(end).as("zeros stay inside the pre-allocated length").isLessThanOrEqualTo(f.size);
            f.zeroedTo = Math.max(f.zeroedTo, end);
        } else {
            f.recordWrites++;
            assertThat(position).as("records follow each other").isEqualTo(Math.max(f.recordsTo, LogCodec.HEADER_BYTES));
            assertThat(end).as("records land on zeros written before them").isLessThanOrEqualTo(f.zeroedTo);
            f.recordsTo = end;
        }
    }
}
