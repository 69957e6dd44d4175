package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StorageTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);
    private final SimDisk disk = new SimDisk();

    private Storage storage(int snapCount) {
        return new Storage(disk, disk, new Storage.Config(snapCount, 4096, true, STRICT), 42);
    }

    /** The tree and sessions after applying the first {@code count} transactions of {@code log} to a fresh tree. */
    static String expected(List<LoggedTxn> log, long upToZxid) {
        DataTree tree = new DataTree();
        Map<Long, Integer> sessions = new HashMap<>();
        Applier a = new Applier(tree);
        for (LoggedTxn t : log) {
            if (t.zxid() <= upToZxid) {
                Recovery.apply(a, t, sessions);
            }
        }
        return TreeDump.of(tree) + new java.util.TreeMap<>(sessions);
    }

    static String actual(Recovery.Result r) {
        return TreeDump.of(r.tree()) + new java.util.TreeMap<>(r.sessions());
    }

    /** Runs {@code steps} requests, logging and syncing after each; returns every transaction logged. */
    static List<LoggedTxn> run(Workload w, Storage s, int steps, boolean snapshots) throws IOException {
        List<LoggedTxn> all = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            if (p.isEmpty()) {
                continue;
            }
            s.append(p);
            s.sync();
            all.addAll(p);
            w.core.committed(p.get(p.size() - 1).zxid(), w.now);
            if (snapshots && s.snapshotDue()) {
                s.roll();
                s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
            }
        }
        return all;
    }

    @Test
    void recoversExactlyWhatWasLoggedAcrossSnapshotsAndLogFiles() throws IOException {
        Storage s = storage(50);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(1), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 600, true);
        s.close();
        assertThat(Recovery.snapshotFiles(disk)).hasSizeGreaterThan(3);
        assertThat(Recovery.logFiles(disk)).hasSizeGreaterThan(3);
        Recovery.Result r = storage(50).recover();
        assertThat(r.lastZxid()).isEqualTo(all.get(all.size() - 1).zxid());
        assertThat(actual(r)).isEqualTo(expected(all, r.lastZxid()));
        assertThat(TreeDump.of(r.tree())).isEqualTo(TreeDump.of(w.core.tree()));
    }

    @Test
    void fuzzySnapshotTakenAheadOfItsZxidReplaysToTheSameTree() throws IOException {
        Storage s = storage(1_000_000);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(2), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 200, false);
        long early = all.get(all.size() / 2).zxid();
        // The snapshot claims an early zxid but holds the tree as it is now: the fuzzy case, exaggerated.
        s.snapshot(w.core.tree(), w.core.sessionTimeouts(), early);
        all.addAll(run(w, s, 100, false));
        s.close();
        Recovery.Result r = storage(1_000_000).recover();
        assertThat(actual(r)).isEqualTo(expected(all, r.lastZxid()));
    }

    @Test
    void tornTailIsCutAndEverySyncedTransactionSurvivesCrashes() throws IOException {
        for (long seed = 0; seed < 40; seed++) {
            SimDisk d = new SimDisk();
            Random random = new Random(seed);
            Storage s = new Storage(d, d, new Storage.Config(80, 2048, true, STRICT), seed);
            s.snapshot(new DataTree(), Map.of(), 0);
            List<LoggedTxn> log = new ArrayList<>();
            Workload w = new Workload(random, new DataTree(), Map.of());
            long acked = 0;
            for (int cycle = 0; cycle < 4; cycle++) {
                int steps = 50 + random.nextInt(100);
                for (int i = 0; i < steps; i++) {
                    w.step();
                    List<LoggedTxn> p = w.take();
                    if (p.isEmpty()) {
                        continue;
                    }
                    s.append(p);
                    log.addAll(p);
                    if (random.nextInt(4) != 0) {
                        s.sync();
                        acked = p.get(p.size() - 1).zxid();
                        w.core.committed(acked, w.now);
                    }
                    if (s.snapshotDue()) {
                        s.sync();
                        acked = log.get(log.size() - 1).zxid();
                        w.core.committed(acked, w.now);
                        s.roll();
                        s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
                    }
                }
                d.crash(random);
                s = new Storage(d, d, new Storage.Config(80, 2048, true, STRICT), seed);
                Recovery.Result r = s.recover();
                assertThat(r.lastZxid()).as("seed %d cycle %d: acknowledged zxid kept", seed, cycle)
                        .isGreaterThanOrEqualTo(acked);
                assertThat(actual(r)).as("seed %d cycle %d", seed, cycle).isEqualTo(expected(log, r.lastZxid()));
                long last = r.lastZxid();
                log.removeIf(t -> t.zxid() > last);
                acked = last;
                w = new Workload(random, r.tree(), r.sessions());
            }
        }
    }

    @Test
    void corruptionInTheMiddleStopsRecoveryWithFileAndOffsetUnlessTold() throws IOException {
        Storage s = storage(1_000_000);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(3), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 100, false);
        s.close();
        String logName = Recovery.logFiles(disk).get(0);
        disk.flipBit(logName, LogCodec.HEADER_BYTES + 30, 3);
        assertThatThrownBy(() -> storage(1).recover()).isInstanceOf(StorageException.class)
                .hasMessageContaining(logName).hasMessageContaining("offset " + LogCodec.HEADER_BYTES)
                .hasMessageContaining("truncateCorruptLog");
        Recovery.Result r = new Storage(disk, disk, new Storage.Config(1, 4096, true,
                new Recovery.Options(false, true)), 1).recover();
        assertThat(r.lastZxid()).isLessThan(all.get(all.size() - 1).zxid());
        assertThat(actual(r)).isEqualTo(expected(all, r.lastZxid()));
    }

    @Test
    void corruptNewestSnapshotFallsBackToTheOlderOne() throws IOException {
        Storage s = storage(1_000_000);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(4), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 100, false);
        String newest = s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
        s.close();
        disk.flipBit(newest, 40, 1);
        Recovery.Result r = storage(1).recover();
        assertThat(r.snapshotZxid()).isZero();
        assertThat(r.warnings()).anyMatch(x -> x.contains(newest));
        assertThat(actual(r)).isEqualTo(expected(all, all.get(all.size() - 1).zxid()));
    }

    @Test
    void logsWithoutASnapshotAreRefusedUnlessTrusted() throws IOException {
        Storage s = storage(1_000_000);
        Workload w = new Workload(new Random(5), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 30, false);
        s.close();
        assertThatThrownBy(() -> storage(1).recover()).isInstanceOf(StorageException.class)
                .hasMessageContaining("zookeeper.snapshot.trust.empty");
        Recovery.Result r = new Storage(disk, disk, new Storage.Config(1, 4096, true,
                new Recovery.Options(true, false)), 1).recover();
        assertThat(actual(r)).isEqualTo(expected(all, all.get(all.size() - 1).zxid()));
    }

    @Test
    void diskFullFailsTheAppendAndLosesNothingAlreadySynced() throws IOException {
        Storage s = storage(1_000_000);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(6), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 50, false);
        long acked = all.get(all.size() - 1).zxid();
        disk.setCapacity(0); // nothing more fits
        IOException failure = null;
        for (int i = 0; i < 500 && failure == null; i++) {
            w.step();
            List<LoggedTxn> p = w.take();
            try {
                s.append(p);
                s.sync();
                all.addAll(p);
                if (!p.isEmpty()) {
                    acked = p.get(p.size() - 1).zxid();
                    w.core.committed(acked, w.now);
                }
            } catch (IOException e) {
                failure = e;
            }
        }
        assertThat(failure).hasMessageContaining("No space");
        Recovery.Result r = storage(1).recover();
        assertThat(r.lastZxid()).isGreaterThanOrEqualTo(acked);
        assertThat(actual(r)).isEqualTo(expected(all, r.lastZxid()));
    }

    @Test
    void purgeKeepsTheNewestSnapshotsAndTheLogsTheyNeed() throws IOException {
        Storage s = storage(40);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(7), new DataTree(), Map.of());
        List<LoggedTxn> all = run(w, s, 800, true);
        s.close();
        int before = Recovery.snapshotFiles(disk).size();
        Purge.Result p = storage(40).purge(3);
        assertThat(Recovery.snapshotFiles(disk)).hasSize(3);
        assertThat(p.deletedSnapshots()).hasSize(before - 3);
        assertThat(p.deletedLogs()).isNotEmpty();
        Recovery.Result r = storage(40).recover();
        assertThat(actual(r)).isEqualTo(expected(all, all.get(all.size() - 1).zxid()));
    }
}
