package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Unsynced log writes reach the disk in any order, so a crash can leave a whole record after a torn one. That is
 * not corruption: recovery must cut it like a torn tail. Damage before what was synced still stops recovery.
 */
class CrashLeftoverTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);

    private static Storage storage(SimDisk d, long seed) {
        return new Storage(d, d, new Storage.Config(1_000_000, 8192, true, STRICT), seed);
    }

    @Test
    void manyUnsyncedRecordsReorderedByACrashRecoverToASyncedPrefix() throws IOException {
        for (long seed = 0; seed < 3000; seed++) {
            SimDisk d = new SimDisk(seed);
            Random random = new Random(seed);
            Storage s = storage(d, seed);
            s.snapshot(new DataTree(), Map.of(), 0);
            Workload w = new Workload(random, new DataTree(), Map.of());
            List<LoggedTxn> log = new ArrayList<>();
            long acked = 0;
            int syncedSteps = 10 + random.nextInt(30);
            for (int i = 0; i < syncedSteps + 40; i++) {
                w.step();
                List<LoggedTxn> p = w.take();
                if (p.isEmpty()) {
                    continue;
                }
                s.append(p);
                log.addAll(p);
                if (i < syncedSteps) {
                    s.sync();
                    acked = p.get(p.size() - 1).zxid();
                    w.core.committed(acked, w.now);
                }
                if (i == syncedSteps - 1 && random.nextBoolean()) {
                    s.roll(); // sometimes the unsynced writes go to a file created after the last sync
                }
            }
            d.crash();
            Recovery.Result r = storage(d, seed).recover();
            assertThat(r.lastZxid()).as("seed %d: acknowledged zxid kept", seed).isGreaterThanOrEqualTo(acked);
            assertThat(StorageTest.actual(r)).as("seed %d", seed).isEqualTo(StorageTest.expected(log, r.lastZxid()));
            // and what recovery left is clean: a second recovery agrees without cutting anything
            Recovery.Result again = storage(d, seed).recover();
            assertThat(again.warnings()).as("seed %d", seed).isEmpty();
            assertThat(again.lastZxid()).isEqualTo(r.lastZxid());
        }
    }

    /**
     * A file the log has just rolled to holds only unsynced records when the power goes; the crash leaves its first
     * record torn and a later one whole. Its header was synced before any record went in, so it says so: what
     * follows the header is a crash's leftover, not damage (a header saying "unknown" made this refuse to start).
     */
    @Test
    void aTornRecordWithAWholeOneAfterInAFileNeverSyncedPastItsHeaderIsCut() throws IOException {
        SimDisk d = new SimDisk(7);
        Storage s = storage(d, 7);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(7), new DataTree(), Map.of());
        long acked = 0;
        while (acked < 5) {
            w.step();
            List<LoggedTxn> p = w.take();
            if (!p.isEmpty()) {
                s.append(p);
                s.sync();
                acked = p.get(p.size() - 1).zxid();
                w.core.committed(acked, w.now);
            }
        }
        s.roll();
        int unsynced = 0;
        while (unsynced < 3) {
            w.step();
            List<LoggedTxn> p = w.take();
            s.append(p);
            unsynced += p.size();
        }
        String newest = Recovery.logFiles(d).get(1);
        assertThat(Recovery.syncedEnd(d, newest)).isEqualTo(LogCodec.HEADER_BYTES);
        // What the crash keeps: the first record's payload not yet written, the records after it whole.
        try (DiskFile f = d.open(newest, false)) {
            f.write(LogCodec.HEADER_BYTES + LogCodec.RECORD_OVERHEAD, ByteBuffer.allocate(8));
            f.sync();
        }
        d.crash();
        Recovery.Result r = storage(d, 7).recover();
        assertThat(r.lastZxid()).isEqualTo(acked);
        assertThat(r.warnings()).singleElement().asString().contains("Truncating torn tail");
    }

    @Test
    void damageBeforeTheSyncedEndWithValidRecordsAfterIsStillCorruption() throws IOException {
        SimDisk d = new SimDisk(5);
        Storage s = storage(d, 5);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(5), new DataTree(), Map.of());
        for (int i = 0; i < 60; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            s.append(p);
            s.sync();
            if (!p.isEmpty()) {
                w.core.committed(p.get(p.size() - 1).zxid(), w.now);
            }
        }
        String name = Recovery.logFiles(d).get(0);
        long syncedEnd = Recovery.syncedEnd(d, name);
        assertThat(syncedEnd).isGreaterThan(LogCodec.HEADER_BYTES + 200);
        d.flipBit(name, syncedEnd - 40, 2); // inside the last synced record, valid records before it only
        d.flipBit(name, LogCodec.HEADER_BYTES + 40, 2); // and inside the first, valid records after it
        assertThatThrownBy(() -> storage(d, 5).recover()).isInstanceOf(StorageException.class)
                .hasMessageContaining("offset " + LogCodec.HEADER_BYTES);
    }

    @Test
    void afterAFailedFsyncTheLogRefusesMoreWorkAndRecoveryKeepsEverythingAcknowledged() throws IOException {
        for (long seed = 0; seed < 60; seed++) {
            SimDisk d = new SimDisk(seed);
            Random random = new Random(seed);
            Storage s = storage(d, seed);
            s.snapshot(new DataTree(), Map.of(), 0);
            Workload w = new Workload(random, new DataTree(), Map.of());
            List<LoggedTxn> log = new ArrayList<>();
            long acked = 0;
            IOException failure = null;
            int failAt = 5 + random.nextInt(20);
            for (int i = 0; i < 40; i++) {
                w.step();
                List<LoggedTxn> p = w.take();
                if (p.isEmpty()) {
                    continue;
                }
                if (i == failAt) {
                    d.failNextSyncs(1);
                }
                try {
                    s.append(p);
                    log.addAll(p);
                    s.sync();
                    acked = p.get(p.size() - 1).zxid();
                    w.core.committed(acked, w.now);
                } catch (IOException e) {
                    // Retrying the fsync would "succeed" over data the failed one dropped: it must keep failing.
                    if (failure == null) {
                        assertThat(e).hasMessageContaining("fsync");
                    }
                    failure = e;
                }
            }
            assertThat(failure).as("seed %d", seed).isNotNull();
            d.crash();
            Recovery.Result r = storage(d, seed).recover();
            assertThat(r.lastZxid()).as("seed %d: acknowledged zxid kept", seed).isGreaterThanOrEqualTo(acked);
            assertThat(StorageTest.actual(r)).as("seed %d", seed).isEqualTo(StorageTest.expected(log, r.lastZxid()));
        }
    }
}
