package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PurgeAndGapTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);

    private static Storage storage(dev.paddock.storage.disk.Disk disk) {
        return new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true, STRICT), 3);
    }

    /** Logs {@code steps} workload steps, synced, rolling the log every {@code rollEvery} batches. */
    private static List<LoggedTxn> log(Storage s, Workload w, int steps, int rollEvery) throws IOException {
        List<LoggedTxn> all = new ArrayList<>();
        int batches = 0;
        for (int i = 0; i < steps; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            if (p.isEmpty()) {
                continue;
            }
            s.append(p);
            s.sync();
            w.core.committed(p.get(p.size() - 1).zxid(), w.now);
            all.addAll(p);
            if (++batches % rollEvery == 0) {
                s.roll();
            }
        }
        return all;
    }

    @Test
    void purgeRunningWhileASnapshotIsWrittenLeavesItsTemporaryFileAlone() throws IOException {
        HookedDisk disk = new HookedDisk(21);
        Storage s = storage(disk);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(21), new DataTree(), Map.of());
        for (int round = 0; round < 4; round++) {
            log(s, w, 40, 1_000);
            s.roll();
            s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
        }
        log(s, w, 40, 1_000);
        s.roll();
        // Autopurge fires while the snapshot thread is in the middle of writing its temporary file.
        List<Purge.Result> purges = new ArrayList<>();
        disk.hook = name -> {
            if (name.endsWith(Snapshots.TMP_SUFFIX) && purges.isEmpty()) {
                assertThat(disk.list()).contains(name);
                purges.add(Purge.purge(disk, disk, 3));
            }
        };
        String written = s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
        disk.hook = name -> { };

        assertThat(purges).hasSize(1);
        assertThat(purges.get(0).deletedSnapshots()).isNotEmpty(); // the purge did run and delete old ones
        assertThat(disk.list()).contains(written).noneMatch(n -> n.endsWith(Snapshots.TMP_SUFFIX));
        assertThat(Snapshots.read(disk, written).zxid()).isEqualTo(w.core.lastProcessedZxid());
    }

    @Test
    void startUpRemovesTemporarySnapshotsOfAnEarlierRunButPurgeDoesNot() throws IOException {
        SimDisk disk = new SimDisk(22);
        Storage s = storage(disk);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(22), new DataTree(), Map.of());
        List<LoggedTxn> all = log(s, w, 30, 1_000);
        s.close();
        String stale = Snapshots.fileName(all.get(all.size() - 1).zxid()) + Snapshots.TMP_SUFFIX;
        disk.open(stale, true).close();
        disk.syncDir();

        storage(disk).purge(3);
        assertThat(disk.list()).contains(stale);
        Recovery.Result dry = Recovery.recover(disk, disk, new Recovery.Options(false, false, true));
        assertThat(dry.lastZxid()).isEqualTo(all.get(all.size() - 1).zxid());
        assertThat(disk.list()).as("a dry run changes nothing").contains(stale);

        storage(disk).recover();
        assertThat(disk.list()).doesNotContain(stale);
    }

    @Test
    void aMissingLogFileRightAfterSnapshotZeroIsAGap() throws IOException {
        SimDisk disk = new SimDisk(23);
        Storage s = storage(disk);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(23), new DataTree(), Map.of());
        log(s, w, 60, 5);
        s.close();
        List<String> logs = Recovery.logFiles(disk);
        assertThat(logs).hasSizeGreaterThan(2);
        assertThat(LogCodec.firstZxid(logs.get(0))).isEqualTo(1);
        disk.delete(logs.get(0));
        disk.syncDir();

        assertThatThrownBy(() -> storage(disk).recover()).isInstanceOf(StorageException.class)
                .hasMessageContaining("transactions 0x1 to 0x" + Long.toHexString(LogCodec.firstZxid(logs.get(1)) - 1))
                .hasMessageContaining("missing");
    }

    @Test
    void aMissingLogFileInTheMiddleIsAGapToo() throws IOException {
        SimDisk disk = new SimDisk(24);
        Storage s = storage(disk);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(24), new DataTree(), Map.of());
        log(s, w, 60, 5);
        s.close();
        List<String> logs = Recovery.logFiles(disk);
        disk.delete(logs.get(1));
        disk.syncDir();

        assertThatThrownBy(() -> storage(disk).recover()).isInstanceOf(StorageException.class)
                .hasMessageContaining("missing");
    }
}
