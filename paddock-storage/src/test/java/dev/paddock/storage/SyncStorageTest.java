package dev.paddock.storage;

import static dev.paddock.storage.StorageTest.actual;
import static dev.paddock.storage.StorageTest.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.sync.SyncPlan;
import dev.paddock.core.sync.SyncPlanner;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteOutput;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.RealDisk;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncation (TRUNC), reading txns after a zxid (DIFF) and the log as the sync planner sees it. */
class SyncStorageTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);

    private static Storage storage(Disk disk) {
        return new Storage(disk, disk, new Storage.Config(60, 4096, true, STRICT), 42);
    }

    /** Runs a workload with snapshots as the log rolls; returns every txn logged (all synced). */
    static List<LoggedTxn> history(Storage s, Workload w, int steps) throws IOException {
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
            if (s.snapshotDue()) {
                s.roll();
                s.snapshot(w.core.tree(), w.core.sessionTimeouts(), w.core.lastProcessedZxid());
            }
        }
        return all;
    }

    private static List<LoggedTxn> fresh(Disk disk, long seed, int steps) throws IOException {
        Storage s = storage(disk);
        s.snapshot(new DataTree(), Map.of(), 0);
        List<LoggedTxn> all = history(s, new Workload(new Random(seed), new DataTree(), Map.of()), steps);
        s.close();
        return all;
    }

    private static List<Long> zxids(List<LoggedTxn> txns) {
        return txns.stream().map(LoggedTxn::zxid).toList();
    }

    private static List<LoggedTxn> drain(LogCursor c) throws IOException {
        List<LoggedTxn> out = new ArrayList<>();
        try (c) {
            c.forEachRemaining(out::add);
        }
        return out;
    }

    private static long recordBytes(List<LoggedTxn> txns) {
        JuteOutput out = new JuteOutput(1024);
        for (LoggedTxn t : txns) {
            LogCodec.writeRecord(out, t);
        }
        return out.size();
    }

    /** A txn in the middle of an older log file, with later files and later snapshots present. */
    private static long midpoint(Disk disk, List<LoggedTxn> all) throws IOException {
        List<String> logs = Recovery.logFiles(disk);
        assertThat(logs).hasSizeGreaterThan(3);
        long start = LogCodec.firstZxid(logs.get(1));
        long next = LogCodec.firstZxid(logs.get(2));
        return all.stream().map(LoggedTxn::zxid).filter(z -> z > start && z < next).findFirst().orElseThrow();
    }

    @Test
    void txnsAfterAZxidComeInOrderAcrossFilesWithTheirSize() throws IOException {
        SimDisk disk = new SimDisk(1);
        List<LoggedTxn> all = fresh(disk, 1, 400);
        Storage s = storage(disk);
        assertThat(Recovery.logFiles(disk)).hasSizeGreaterThan(3);
        long last = all.get(all.size() - 1).zxid();
        for (int i = 0; i < all.size(); i += 37) {
            long z = all.get(i).zxid();
            List<LoggedTxn> want = all.stream().filter(t -> t.zxid() > z).toList();
            LogCursor c = s.txnsAfter(z);
            assertThat(c.previousZxid()).isEqualTo(z);
            assertThat(zxids(drain(c))).isEqualTo(zxids(want));
            assertThat(s.logBytesAfter(z, 0)).isEqualTo(recordBytes(want));
            if (recordBytes(want) > 200) {
                long counted = s.logBytesAfter(z, 200);
                assertThat(counted).isGreaterThan(200).isLessThan(200 + 64 * 1024);
            }
        }
        LogCursor before = s.txnsAfter(0);
        assertThat(before.previousZxid()).isEqualTo(-1);
        assertThat(zxids(drain(before))).isEqualTo(zxids(all));
        assertThat(drain(s.txnsAfter(last))).isEmpty();
        assertThat(s.recentTxns(25)).extracting(LoggedTxn::zxid).isEqualTo(zxids(all.subList(all.size() - 25, all.size())));
        assertThat(s.recentTxns(100_000)).extracting(LoggedTxn::zxid).isEqualTo(zxids(all));
        assertThat(s.recentTxns(0)).isEmpty();
    }

    @Test
    void recordsLargerThanTheReadBufferStreamThrough() throws IOException {
        SimDisk disk = new SimDisk(2);
        Storage s = storage(disk);
        s.snapshot(new DataTree(), Map.of(), 0);
        Workload w = new Workload(new Random(2), new DataTree(), Map.of());
        List<LoggedTxn> all = new ArrayList<>(history(s, w, 20));
        List<LoggedTxn> big = new ArrayList<>();
        long z = all.get(all.size() - 1).zxid();
        for (int i = 1; i <= 5; i++) {
            big.add(setData(z + i, 150_000 + i));
        }
        s.append(big);
        s.sync();
        all.addAll(big);
        List<LoggedTxn> read = drain(s.txnsAfter(all.get(3).zxid()));
        assertThat(zxids(read)).isEqualTo(zxids(all.subList(4, all.size())));
        assertThat(((dev.paddock.jute.txn.SetDataTxn) read.get(read.size() - 1).txn()).data()).hasSize(150_005);
    }

    @Test
    void damageToSyncedDataIsReportedWithFileAndOffsetWhileAnUnsyncedTailEndsTheCursor() throws IOException {
        SimDisk disk = new SimDisk(3);
        List<LoggedTxn> all = fresh(disk, 3, 400);
        Storage s = storage(disk);
        s.recover();
        // records appended after the last sync, one of them damaged: what a crash (or a write under way) leaves
        long last = all.get(all.size() - 1).zxid();
        s.append(List.of(setData(last + 1, 10)));
        s.sync();
        s.append(List.of(setData(last + 2, 10), setData(last + 3, 10)));
        List<String> logs = Recovery.logFiles(disk);
        String newest = logs.get(logs.size() - 1);
        long syncedEnd = Recovery.syncedEnd(disk, newest);
        assertThat(syncedEnd).isGreaterThan(LogCodec.HEADER_BYTES);
        disk.flipBit(newest, syncedEnd + 40, 1);
        List<Long> read = zxids(drain(s.txnsAfter(last - 1)));
        assertThat(read).containsExactly(last, last + 1);
        // damage before the synced end of the newest file, or in any older file, is corruption
        disk.flipBit(newest, LogCodec.HEADER_BYTES + 40, 1);
        assertThatThrownBy(() -> drain(s.txnsAfter(last - 1))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(newest).hasMessageContaining("offset " + LogCodec.HEADER_BYTES);
        disk.flipBit(logs.get(1), LogCodec.HEADER_BYTES + 40, 1);
        LogCursor c = s.txnsAfter(0);
        List<LoggedTxn> got = new ArrayList<>();
        assertThatThrownBy(() -> c.forEachRemaining(got::add)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(logs.get(1)).hasMessageContaining("offset " + LogCodec.HEADER_BYTES)
                .hasMessageContaining("checksum mismatch");
        assertThat(got).isNotEmpty();
        c.close();
        // a length damaged into a gigabyte is reported, not allocated
        disk.flipBit(logs.get(0), LogCodec.HEADER_BYTES, 6);
        assertThatThrownBy(() -> drain(s.txnsAfter(0))).hasMessageContaining(logs.get(0))
                .hasMessageContaining("bad record length");
        // a damaged header is damage in the newest file too (a new file's header is synced before its records)
        disk.flipBit(newest, 2, 0);
        assertThatThrownBy(() -> drain(s.txnsAfter(last))).hasMessageContaining(newest).hasMessageContaining("bad header");
        // the planner never sees half a history: it sends a snapshot
        SyncPlan p = new SyncPlanner().plan(all.get(0).zxid(), last + 3, new CommittedWindow(), s, 0);
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Snap.class);
    }

    private static LoggedTxn setData(long zxid, int size) {
        return new LoggedTxn(new dev.paddock.jute.txn.TxnHeader(1, 1, zxid, 0, dev.paddock.jute.OpCode.SET_DATA.code),
                new dev.paddock.jute.txn.SetDataTxn("/big", new byte[size], 1));
    }

    @Test
    void tailFromServesALearnerOnlyWhenTheLogReachesBackToItWithinTheLimit() throws IOException {
        SimDisk disk = new SimDisk(4);
        List<LoggedTxn> all = fresh(disk, 4, 300);
        Storage s = storage(disk);
        long first = all.get(0).zxid();
        assertThat(s.tailFrom(first - 1, 0)).isEmpty();
        try (TxnHistory.Tail t = s.tailFrom(first, 0).orElseThrow()) {
            assertThat(t.previousZxid()).isEqualTo(-1);
            assertThat(t.next().zxid()).isEqualTo(first);
        }
        long mid = all.get(150).zxid();
        try (TxnHistory.Tail t = s.tailFrom(mid, 0).orElseThrow()) {
            assertThat(t.previousZxid()).isEqualTo(all.get(149).zxid());
            assertThat(t.next().zxid()).isEqualTo(mid);
        }
        long after = recordBytes(all.subList(151, all.size()));
        assertThat(s.tailFrom(mid, after)).isPresent();
        assertThat(s.tailFrom(mid, after - 1)).isEmpty();
    }

    @Test
    void plannerOverTheRealLogDiffsFromTheLogThenTheWindow() throws IOException {
        SimDisk disk = new SimDisk(5);
        List<LoggedTxn> all = fresh(disk, 5, 300);
        Storage s = storage(disk);
        CommittedWindow window = new CommittedWindow(50);
        s.recentTxns(51).forEach(window::add);
        assertThat(window.size()).isEqualTo(51);
        long leaderLast = all.get(all.size() - 1).zxid();
        long peer = all.get(100).zxid();
        SyncPlan p = new SyncPlanner().plan(peer, leaderLast, window, s, s.newestSnapshotBytes() * 100);
        assertThat(p).as(p.reason()).isInstanceOf(SyncPlan.Diff.class);
        assertThat(((SyncPlan.Diff) p).txns()).extracting(LoggedTxn::zxid).isEqualTo(zxids(all.subList(101, all.size())));
        assertThat(p.lastQueuedZxid()).isEqualTo(leaderLast);
        // a snapshot is cheaper than that many txns
        assertThat(new SyncPlanner().plan(peer, leaderLast, window, s, 1000)).isInstanceOf(SyncPlan.Snap.class);
    }

    @Test
    void truncateAfterCutsTheLogDropsNewerSnapshotsAndRecoveryRebuildsThatState() throws IOException {
        SimDisk disk = new SimDisk(6);
        List<LoggedTxn> all = fresh(disk, 6, 400);
        long z = midpoint(disk, all);
        assertThat(Recovery.snapshotFiles(disk)).anyMatch(n -> Snapshots.zxidOf(n) > z);
        Storage s = storage(disk);
        s.recover();
        LogTruncation.Result r = s.truncateAfter(z);
        assertThat(r.deletedSnapshots()).isNotEmpty().allMatch(n -> Snapshots.zxidOf(n) > z);
        assertThat(Recovery.snapshotFiles(disk)).isNotEmpty().allMatch(n -> Snapshots.zxidOf(n) <= z);
        List<String> logs = Recovery.logFiles(disk);
        assertThat(logs).allMatch(n -> LogCodec.firstZxid(n) <= z);
        String holder = logs.get(logs.size() - 1);
        assertThat(r.cutFile()).isEqualTo(holder);
        LogReader.Scan scan = LogReader.scan(disk, holder, t -> { });
        assertThat(scan.clean()).isTrue();
        assertThat(scan.lastZxid()).isEqualTo(z);
        try (var f = disk.open(holder, false)) {
            assertThat(f.size()).isEqualTo(scan.validEnd()).isEqualTo(r.cutAt());
        }
        assertThat(s.lastLoggedZxid()).isEqualTo(z);
        disk.crash(); // everything above was durable
        Storage again = storage(disk);
        Recovery.Result rec = again.recover();
        assertThat(rec.lastZxid()).isEqualTo(z);
        assertThat(actual(rec)).isEqualTo(expected(all, z));
        // appending continues after z, in a new file, and recovers
        List<LoggedTxn> kept = new ArrayList<>(all.stream().filter(t -> t.zxid() <= z).toList());
        kept.addAll(history(again, new Workload(new Random(60), rec.tree(), rec.sessions()), 100));
        assertThat(kept.get(kept.size() - 1).zxid()).isGreaterThan(z);
        again.close();
        Recovery.Result rec2 = storage(disk).recover();
        assertThat(actual(rec2)).isEqualTo(expected(kept, rec2.lastZxid()));
        assertThat(rec2.lastZxid()).isEqualTo(kept.get(kept.size() - 1).zxid());
    }

    @Test
    void truncationPointsThatAreNotInTheHistoryAreRefused() throws IOException {
        SimDisk disk = new SimDisk(7);
        List<LoggedTxn> all = fresh(disk, 7, 200);
        long last = all.get(all.size() - 1).zxid();
        List<String> before = disk.list();
        assertThatThrownBy(() -> storage(disk).truncateAfter(last + 3))
                .isInstanceOf(TruncationRefusedException.class)
                .hasMessageContaining("cannot truncate the log to 0x" + Long.toHexString(last + 3))
                .hasMessageContaining("the last transaction at or before it in sim:/log.")
                .hasMessageContaining("is 0x" + Long.toHexString(last))
                .hasMessageContaining("needs a full snapshot from the leader");
        assertThat(disk.list()).isEqualTo(before);
        // the last zxid itself: nothing to remove
        LogTruncation.Result same = storage(disk).truncateAfter(last);
        assertThat(same.deletedLogs()).isEmpty();
        assertThat(same.deletedSnapshots()).isEmpty();
        assertThat(actual(storage(disk).recover())).isEqualTo(expected(all, last));
        // an epoch's zxid 0 is a boundary even though it is never logged
        storage(disk).truncateAfter(1L << 32);
        assertThat(actual(storage(disk).recover())).isEqualTo(expected(all, last));
        // the snapshot at 0 is a boundary: the whole log goes
        LogTruncation.Result toZero = storage(disk).truncateAfter(0);
        assertThat(Recovery.logFiles(disk)).isEmpty();
        assertThat(toZero.deletedSnapshots()).isNotEmpty();
        assertThat(storage(disk).recover().lastZxid()).isZero();
    }

    @Test
    void truncatingBelowEverySnapshotIsRefusedBecauseTheStateCannotBeRebuilt() throws IOException {
        SimDisk disk = new SimDisk(8);
        List<LoggedTxn> all = fresh(disk, 8, 300);
        disk.delete(Snapshots.fileName(0));
        disk.syncDir();
        long early = all.get(2).zxid();
        assertThatThrownBy(() -> storage(disk).truncateAfter(early)).isInstanceOf(TruncationRefusedException.class)
                .hasMessageContaining("every snapshot is newer").hasMessageContaining("full snapshot from the leader");
        assertThat(storage(disk).recover().lastZxid()).isEqualTo(all.get(all.size() - 1).zxid());
    }

    @Test
    void truncatingBelowALoneSnapshotSaysTheServerNeedsAFullSnapshot() throws IOException {
        SimDisk disk = new SimDisk(8);
        List<LoggedTxn> all = fresh(disk, 8, 300);
        long last = all.get(all.size() - 1).zxid();
        Recovery.Result state = storage(disk).recover();
        LogTruncation.truncateAfter(disk, disk, 0); // as a SNAP install begins: nothing left
        storage(disk).snapshot(state.tree(), state.sessions(), last); // then only the leader's snapshot
        for (String log : Recovery.logFiles(disk)) {
            disk.delete(log);
        }
        disk.syncDir();
        List<String> before = disk.list();
        assertThatThrownBy(() -> storage(disk).truncateAfter(all.get(2).zxid()))
                .isInstanceOf(TruncationRefusedException.class)
                .hasMessageContaining("there is no transaction log")
                .hasMessageContaining("needs a full snapshot from the leader");
        assertThat(disk.list()).isEqualTo(before);
    }

    /**
     * Power fails before each step of a SNAP install in turn, on a disk whose log and snapshots run past the
     * leader's zxid: recovery finds the old history (at the leader's zxid or later) or the leader's snapshot, never
     * the snapshot with the old records after it replayed over it; a retry finishes the install.
     */
    @Test
    void crashAtEveryStepOfASnapshotInstallLeavesTheOldHistoryOrTheSnapshot() throws IOException {
        for (long seed = 0; seed < 3; seed++) {
            int steps = 0;
            for (int budget = 0; ; budget++) {
                SimDisk sim = new SimDisk(seed);
                List<LoggedTxn> all = fresh(sim, 11, 400);
                long last = all.get(all.size() - 1).zxid();
                long z = midpoint(sim, all);
                DataTree leader = new DataTree(); // the leader's state at z: another history altogether
                Map<Long, Integer> leaderSessions = new java.util.HashMap<>();
                Workload lw = new Workload(new Random(1000 + seed), leader, leaderSessions);
                for (int i = 0; i < 60; i++) {
                    lw.step();
                    lw.take();
                }
                String leaderState = TreeDump.of(leader) + new java.util.TreeMap<>(leaderSessions);
                CrashingDisk cd = new CrashingDisk(sim, budget);
                Storage st = storage(cd);
                st.recover();
                boolean lost = false;
                try {
                    st.installSnapshot(leader, leaderSessions, z);
                } catch (CrashingDisk.PowerLoss p) {
                    lost = true;
                }
                sim.crash();
                String at = "seed " + seed + ", power lost before step " + budget;
                Recovery.Result r = storage(sim).recover();
                boolean installed = r.lastZxid() == z && actual(r).equals(leaderState);
                if (!installed) {
                    assertThat(r.lastZxid()).as(at + ": the old history").isBetween(z, last);
                    assertThat(actual(r)).as(at + ": the old history").isEqualTo(expected(all, r.lastZxid()));
                }
                if (!lost) {
                    assertThat(installed).as(at + ": installed").isTrue();
                    assertThat(Recovery.logFiles(sim)).as("the old log, all below the snapshot: gone").isEmpty();
                    steps = budget;
                    break;
                }
                Storage again = storage(sim);
                again.recover();
                again.installSnapshot(leader, leaderSessions, z);
                Recovery.Result retried = storage(sim).recover();
                assertThat(retried.lastZxid()).as(at).isEqualTo(z);
                assertThat(actual(retried)).as(at).isEqualTo(leaderState);
            }
            assertThat(steps).isGreaterThan(3);
        }
    }

    /** Power fails before each step of a truncation in turn: restart always works, and a retry finishes it. */
    @Test
    void crashAtEveryStepOfATruncationLeavesAPrefixOfTheHistory() throws IOException {
        for (long seed = 0; seed < 4; seed++) {
            int steps = 0;
            for (int budget = 0; ; budget++) {
                SimDisk sim = new SimDisk(seed);
                List<LoggedTxn> all = fresh(sim, 9, 400);
                long last = all.get(all.size() - 1).zxid();
                long z = midpoint(sim, all);
                CrashingDisk cd = new CrashingDisk(sim, budget);
                boolean lost = false;
                try {
                    storage(cd).truncateAfter(z);
                } catch (CrashingDisk.PowerLoss p) {
                    lost = true;
                }
                sim.crash();
                String at = "seed " + seed + ", power lost before step " + budget;
                Recovery.Result r = storage(sim).recover();
                assertThat(r.lastZxid()).as(at).isBetween(z, last);
                assertThat(actual(r)).as(at).isEqualTo(expected(all, r.lastZxid()));
                if (!lost) {
                    assertThat(r.lastZxid()).as(at).isEqualTo(z);
                    steps = budget;
                    break;
                }
                storage(sim).truncateAfter(z);
                Recovery.Result retried = storage(sim).recover();
                assertThat(retried.lastZxid()).as(at).isEqualTo(z);
                assertThat(actual(retried)).as(at).isEqualTo(expected(all, z));
            }
            assertThat(steps).isGreaterThan(4);
        }
    }

    @Test
    void onARealDiskToo(@TempDir Path dir) throws IOException {
        Storage.Config config = new Storage.Config(60, 4096, true, STRICT);
        Storage s = Storage.open(dir, dir, config);
        s.snapshot(new DataTree(), Map.of(), 0);
        List<LoggedTxn> all = history(s, new Workload(new Random(10), new DataTree(), Map.of()), 400);
        s.close();
        RealDisk disk = new RealDisk(dir.resolve(Storage.SUBDIR), true);
        long z = midpoint(disk, all);
        Storage t = Storage.open(dir, dir, config);
        t.recover();
        assertThat(zxids(drain(t.txnsAfter(z)))).isEqualTo(zxids(all.stream().filter(x -> x.zxid() > z).toList()));
        t.truncateAfter(z);
        Optional<TxnHistory.Tail> tail = t.tailFrom(z, 0);
        assertThat(tail).isPresent();
        tail.get().close();
        t.loadEpochs(z);
        t.setAcceptedEpoch(1);
        t.close();
        Storage u = Storage.open(dir, dir, config);
        Recovery.Result r = u.recover();
        assertThat(actual(r)).isEqualTo(expected(all, z));
        u.loadEpochs(r.lastZxid());
        assertThat(u.acceptedEpoch()).isEqualTo(1);
        assertThat(u.currentEpoch()).isZero();
        assertThat(drain(u.txnsAfter(z))).isEmpty();
    }
}
