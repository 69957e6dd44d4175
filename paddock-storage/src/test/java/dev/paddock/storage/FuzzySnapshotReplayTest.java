package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.CloseSessionTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.DeleteTxn;
import dev.paddock.jute.txn.TxnHeader;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A fuzzy snapshot can hold a child's creation or deletion while holding its parent as it was before: the
 * snapshot writer read the parent first. Replaying the transaction must still bring the parent's cversion and
 * pzxid to what a clean application gives. The snapshots here really hold that state: they are written from a
 * tree whose parent is taken from before the change and whose children from after it.
 */
class FuzzySnapshotReplayTest {
    private static final Recovery.Options STRICT = new Recovery.Options(false, false);

    private static LoggedTxn create(long zxid, String path, int parentCVersion) {
        return new LoggedTxn(new TxnHeader(0x1234L, 1, zxid, 1000 + zxid, OpCode.CREATE.code),
                new CreateTxn(path, new byte[] {1}, DataTree.OPEN_ACL, false, parentCVersion));
    }

    private static LoggedTxn delete(long zxid, String path) {
        return new LoggedTxn(new TxnHeader(0x1234L, 2, zxid, 1000 + zxid, OpCode.DELETE.code), new DeleteTxn(path));
    }

    private static DataTree applied(List<LoggedTxn> txns) {
        DataTree t = new DataTree();
        Applier a = new Applier(t);
        for (LoggedTxn x : txns) {
            assertThat(a.apply(x.header(), x.txn(), TreeEvents.NONE).err()).as("clean apply of %s", x).isZero();
        }
        return t;
    }

    /** {@code children}'s nodes, but {@code parentPath} as {@code parentFrom} has it: the fuzzy mix. */
    private static DataTree mix(DataTree children, DataTree parentFrom, String parentPath, long zxid) {
        DataTree t = DataTree.forRestore();
        children.nodes().forEach((path, n) -> {
            DataNode src = path.equals(parentPath) ? parentFrom.get(path) : n;
            t.restoreNode(path, src.data(), src.acl(), src.czxid(), src.mzxid(), src.ctime(), src.mtime(),
                    src.version(), src.cversion(), src.aversion(), src.ephemeralOwner(), src.pzxid());
        });
        t.finishRestore();
        t.setLastProcessedZxid(zxid);
        return t;
    }

    /** Writes {@code snapshot} as of {@code snapZxid}, logs {@code txns}, recovers. */
    private static DataTree recover(DataTree snapshot, long snapZxid, List<LoggedTxn> txns) throws IOException {
        SimDisk disk = new SimDisk(7);
        Storage s = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true, STRICT), 7);
        s.snapshot(snapshot, Map.of(), snapZxid);
        s.append(txns);
        s.sync();
        s.close();
        Recovery.Result r = new Storage(disk, disk, new Storage.Config(1_000_000, 4096, true, STRICT), 7).recover();
        assertThat(r.snapshotZxid()).isEqualTo(snapZxid);
        return r.tree();
    }

    @Test
    void createHeldBySnapshotStillRaisesTheParentOnReplay() throws IOException {
        List<LoggedTxn> before = List.of(create(1, "/p", 1), create(2, "/p/a", 1));
        LoggedTxn late = create(3, "/p/b", 2);
        DataTree old = applied(before);
        DataTree clean = applied(List.of(before.get(0), before.get(1), late));
        DataTree fuzzy = mix(clean, old, "/p", 2);
        assertThat(fuzzy.get("/p/b")).as("the snapshot holds the child").isNotNull();
        assertThat(fuzzy.get("/p").cversion()).as("but the parent from before").isEqualTo(1);

        DataTree recovered = recover(fuzzy, 2, List.of(late));

        assertThat(recovered.get("/p").toStat()).isEqualTo(clean.get("/p").toStat());
        assertThat(recovered.get("/p").cversion()).isEqualTo(2);
        assertThat(recovered.get("/p").pzxid()).isEqualTo(3);
    }

    @Test
    void deleteHeldBySnapshotStillRaisesTheParentPzxidOnReplay() throws IOException {
        List<LoggedTxn> before = List.of(create(1, "/p", 1), create(2, "/p/a", 1), create(3, "/p/b", 2));
        LoggedTxn late = delete(4, "/p/a");
        DataTree old = applied(before);
        DataTree clean = applied(List.of(before.get(0), before.get(1), before.get(2), late));
        DataTree fuzzy = mix(clean, old, "/p", 3);
        assertThat(fuzzy.get("/p/a")).as("the snapshot holds the deletion").isNull();
        assertThat(fuzzy.get("/p").pzxid()).as("but the parent from before").isEqualTo(3);

        DataTree recovered = recover(fuzzy, 3, List.of(late));

        assertThat(recovered.get("/p").toStat()).isEqualTo(clean.get("/p").toStat());
        assertThat(recovered.get("/p").pzxid()).isEqualTo(4);
    }

    @Test
    void onlyPlainCreatesRepairTheParentAsInZooKeeper() {
        // ZooKeeper's repair is keyed on opcode create; create2 leaves the parent as the snapshot had it.
        DataTree tree = applied(List.of(create(1, "/p", 1), create(2, "/p/a", 1)));
        Applier a = new Applier(tree);
        LoggedTxn create2 = new LoggedTxn(new TxnHeader(1, 1, 3, 3, OpCode.CREATE2.code),
                new CreateTxn("/p/a", new byte[0], DataTree.OPEN_ACL, false, 5));
        assertThat(a.apply(create2.header(), create2.txn(), TreeEvents.NONE).err()).isNotZero();
        assertThat(tree.get("/p").cversion()).isEqualTo(1);
        LoggedTxn plain = create(4, "/p/a", 5);
        assertThat(a.apply(plain.header(), plain.txn(), TreeEvents.NONE).err()).isNotZero();
        assertThat(tree.get("/p").cversion()).isEqualTo(5);
        assertThat(tree.get("/p").pzxid()).isEqualTo(4);
    }

    @Test
    void closeSessionWhoseEphemeralTheSnapshotAlreadyLostStillRaisesTheParentPzxid() throws IOException {
        long session = 0x77L;
        LoggedTxn ephemeral = new LoggedTxn(new TxnHeader(session, 1, 2, 1002, OpCode.CREATE.code),
                new CreateTxn("/p/e", new byte[0], DataTree.OPEN_ACL, true, 1));
        List<LoggedTxn> before = List.of(create(1, "/p", 1), ephemeral);
        LoggedTxn close = new LoggedTxn(new TxnHeader(session, 2, 3, 1003, OpCode.CLOSE_SESSION.code),
                new CloseSessionTxn(List.of("/p/e")));
        DataTree old = applied(before);
        DataTree clean = applied(List.of(before.get(0), before.get(1), close));
        DataTree fuzzy = mix(clean, old, "/p", 2);
        assertThat(fuzzy.get("/p/e")).as("the snapshot holds the ephemeral's deletion").isNull();
        assertThat(fuzzy.get("/p").pzxid()).as("but the parent from before").isEqualTo(2);

        DataTree recovered = recover(fuzzy, 2, List.of(close));

        assertThat(recovered.get("/p").toStat()).isEqualTo(clean.get("/p").toStat());
        assertThat(recovered.get("/p").pzxid()).isEqualTo(3);
    }
}
