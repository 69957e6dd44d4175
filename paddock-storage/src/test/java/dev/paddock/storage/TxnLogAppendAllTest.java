package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.TxnHeader;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A group commit's batches reach the log file as one write of records (one per {@link TxnLog#WRITE_CHUNK} bytes),
 * in order, and read back whole; a call with a zxid out of order writes nothing.
 */
class TxnLogAppendAllTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);
    private static final long PRE_ALLOC = 64L * 1024 * 1024;

    private final SimDisk sim = new SimDisk(5);
    /** The lengths of the writes of records (not zeros, not the header) to the log's files, in order. */
    private final List<Integer> recordWrites = new ArrayList<>();
    private final Disk disk = LogWrites.watched(sim, new LogWrites.Watcher() {
        @Override
        public void write(String name, long position, ByteBuffer src, long sizeBefore) {
            if (LogWrites.isRecords(position, src)) {
                recordWrites.add(src.remaining());
            }
        }
    });

    private static LoggedTxn create(long zxid, int dataBytes) {
        byte[] data = new byte[dataBytes];
        java.util.Arrays.fill(data, (byte) zxid);
        return new LoggedTxn(new TxnHeader(0x1234L, (int) zxid, zxid, 1000 + zxid, OpCode.CREATE.code),
                new CreateTxn("/n" + zxid, data, DataTree.OPEN_ACL, false, (int) zxid));
    }

    private static List<List<LoggedTxn>> batches(long firstZxid, int batches, int perBatch, int dataBytes) {
        List<List<LoggedTxn>> out = new ArrayList<>();
        long zxid = firstZxid;
        for (int b = 0; b < batches; b++) {
            List<LoggedTxn> batch = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
                batch.add(create(zxid++, dataBytes));
            }
            out.add(batch);
        }
        return out;
    }

    private Recovery.Result recover() throws IOException {
        return new Storage(sim, sim, new Storage.Config(1_000_000, PRE_ALLOC, true, STRICT), 5).recover();
    }

    @Test
    void manyBatchesAreOneWriteAndABigGroupOneWritePerChunk() throws IOException {
        new Storage(sim, sim, new Storage.Config(1_000_000, PRE_ALLOC, true, STRICT), 5)
                .snapshot(new DataTree(), Map.of(), 0);
        List<LoggedTxn> logged = new ArrayList<>();
        try (TxnLog log = new TxnLog(disk, PRE_ALLOC)) {
            List<List<LoggedTxn>> small = batches(1, 20, 1, 1024);
            log.appendAll(small);
            log.sync();
            small.forEach(logged::addAll);
            assertThat(recordWrites).as("20 batches of one create: one write").hasSize(1);
            assertThat(recordWrites.get(0)).isGreaterThan(20 * 1024);

            // 3 x 100 creates of 10 KB: about 3 MB, so a write per 1 MiB chunk and one for the rest
            recordWrites.clear();
            List<List<LoggedTxn>> big = batches(21, 3, 100, 10 * 1024);
            log.appendAll(big);
            log.sync();
            big.forEach(logged::addAll);
            assertThat(recordWrites).hasSize(3);
            assertThat(recordWrites.subList(0, 2)).allSatisfy(n -> assertThat(n)
                    .isBetween(TxnLog.WRITE_CHUNK, TxnLog.WRITE_CHUNK + 11 * 1024));
        }
        Recovery.Result r = recover();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.lastZxid()).isEqualTo(320);
        assertThat(StorageTest.actual(r)).isEqualTo(StorageTest.expected(logged, 320));
    }

    @Test
    void aZxidOutOfOrderAnywhereInTheGroupWritesNothingOfIt() throws IOException {
        new Storage(sim, sim, new Storage.Config(1_000_000, PRE_ALLOC, true, STRICT), 5)
                .snapshot(new DataTree(), Map.of(), 0);
        try (TxnLog log = new TxnLog(disk, PRE_ALLOC)) {
            log.appendAll(batches(1, 2, 2, 100));
            log.sync();
            recordWrites.clear();
            List<List<LoggedTxn>> bad = new ArrayList<>(batches(5, 2, 2, 100));
            bad.add(List.of(create(7, 100))); // 7 again, after 8
            assertThatThrownBy(() -> log.appendAll(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("zxid 0x7 after 0x8");
            assertThat(recordWrites).isEmpty();
            assertThat(log.lastZxid()).isEqualTo(4);
            log.appendAll(batches(5, 1, 1, 100)); // and the log goes on from where it was
            log.sync();
        }
        assertThat(recover().lastZxid()).isEqualTo(5);
    }
}
