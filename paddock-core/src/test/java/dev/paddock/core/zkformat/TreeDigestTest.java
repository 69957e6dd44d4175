package dev.paddock.core.zkformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.EphemeralType;
import dev.paddock.core.tree.Paths;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.txn.CloseSessionTxn;
import dev.paddock.jute.txn.CreateContainerTxn;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.jute.txn.CreateTTLTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.DeleteTxn;
import dev.paddock.jute.txn.ErrorTxn;
import dev.paddock.jute.txn.MultiTxn;
import dev.paddock.jute.txn.SetACLTxn;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.Txn;
import dev.paddock.jute.txn.TxnDigest;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.zookeeper.server.TxnLogEntry;
import org.apache.zookeeper.server.persistence.Util;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.junit.jupiter.api.Test;

class TreeDigestTest {
    private static final long[] SESSIONS = {TwinTrees.S1, TwinTrees.S2, TwinTrees.S3};
    private static final List<List<ACL>> ACLS = List.of(DataTree.OPEN_ACL, DataTree.READ_ACL, TwinTrees.DIGEST_ALL,
            TwinTrees.MIXED, TwinTrees.IP);

    @Test
    void freshTreeDigestIsZooKeepers() {
        ZkOracle.init();
        assertThat(TreeDigest.compute(new DataTree()))
                .isEqualTo(new org.apache.zookeeper.server.DataTree().getTreeDigest())
                .isNotZero();
    }

    @Test
    void nodesUnderTheZooKeeperSubtreeCountAsZeroButTheSubtreeRootCounts() throws Exception {
        DataTree tree = new DataTree();
        long before = TreeDigest.compute(tree);
        tree.createNode("/zookeeper/quota/x", new byte[] {1}, DataTree.OPEN_ACL, 0, -1, 5, 5);
        // Only /zookeeper/quota's stat and the new node changed, and both are below "/zookeeper/".
        assertThat(TreeDigest.nodeDigest("/zookeeper/quota/x", tree.get("/zookeeper/quota/x"))).isZero();
        assertThat(TreeDigest.compute(tree)).isEqualTo(before);
        // A child of /zookeeper itself changes /zookeeper's cversion and pzxid, and /zookeeper is counted.
        tree.createNode("/zookeeper/y", new byte[0], DataTree.OPEN_ACL, 0, -1, 6, 6);
        assertThat(TreeDigest.nodeDigest("/zookeeper", tree.get("/zookeeper"))).isNotZero();
        assertThat(TreeDigest.compute(tree)).isNotEqualTo(before);
    }

    /**
     * A seeded workload applied to Paddock's tree (through its Applier, keeping the running digest) and, as
     * PROPOSAL bytes, to ZooKeeper's tree: after every txn ZooKeeper's own follower check accepts Paddock's digest.
     */
    @Test
    void runningDigestMatchesZooKeeperTxnByTxn() throws Exception {
        ZkOracle.init();
        long seed = 0x5eed0001L;
        Random random = new Random(seed);
        DataTree mine = new DataTree();
        Applier applier = new Applier(mine);
        TreeDigest running = TreeDigest.of(mine);
        org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
        long zxid = 0x700000000L;
        long timeMs = 1_733_000_000_000L;
        int applied = 0;
        for (int i = 0; i < 3000; i++) {
            zxid++;
            timeMs += random.nextInt(50);
            long session = SESSIONS[random.nextInt(SESSIONS.length)];
            Object[] op = randomTxn(random, mine, session);
            TxnHeader hdr = new TxnHeader(session, i, zxid, timeMs, ((OpCode) op[0]).code);
            JuteRecord txn = (JuteRecord) op[1];

            TreeDigest.Change change = running.beginChange(mine, TreeDigest.touchedPaths(mine, hdr, txn));
            applier.apply(hdr, txn, TreeEvents.NONE);
            change.commit();

            byte[] proposal = new ZkTxnEntry(hdr, txn, running.toTxnDigest()).encode();
            TxnLogEntry entry = SerializeUtils.deserializeTxn(proposal);
            zk.processTxn(entry.getHeader(), entry.getTxn());
            String where = "seed 0x" + Long.toHexString(seed) + ", txn " + i + " " + op[0];
            assertThat(entry.getDigest().getVersion()).isEqualTo(2);
            assertThat(zk.compareDigest(entry.getHeader(), entry.getTxn(), entry.getDigest())).as(where).isTrue();
            assertThat(running.value()).as(where).isEqualTo(zk.getTreeDigest());
            assertThat(running.check(entry.getDigest() == null ? null
                    : new TxnDigest(entry.getDigest().getVersion(), entry.getDigest().getTreeDigest())))
                    .isEqualTo(TreeDigest.Check.MATCH);
            if (i % 250 == 0) {
                assertThat(TreeDigest.compute(mine)).as(where).isEqualTo(running.value());
            }
            applied++;
        }
        assertThat(applied).isEqualTo(3000);
        assertThat(mine.nodeCount()).isGreaterThan(50);
        ZkOracle.assertSameTree(mine, zk);
        assertThat(TreeDigest.compute(mine)).isEqualTo(running.value());
    }

    /** One random txn that a leader could have prepared against {@code tree}: {OpCode, record}. */
    private static Object[] randomTxn(Random random, DataTree tree, long session) {
        List<String> paths = new ArrayList<>(new java.util.TreeSet<>(tree.nodes().keySet()));
        String any = paths.get(random.nextInt(paths.size()));
        int dice = random.nextInt(100);
        if (dice < 40) {
            String parent = any;
            DataNode p = tree.get(parent);
            if (EphemeralType.of(p.ephemeralOwner()) == EphemeralType.NORMAL || parent.startsWith("/zookeeper")) {
                parent = "/";
                p = tree.get(parent);
            }
            String path = Paths.join(parent, "n" + random.nextInt(1000));
            if (tree.get(path) != null) {
                return new Object[] {OpCode.ERROR, new ErrorTxn(ErrorCode.NODEEXISTS.code)};
            }
            byte[] data = randomData(random);
            List<ACL> acl = ACLS.get(random.nextInt(ACLS.size()));
            int cv = p.cversion() + 1;
            return switch (random.nextInt(6)) {
                case 0 -> new Object[] {OpCode.CREATE_CONTAINER, new CreateContainerTxn(path, data, acl, cv)};
                case 1 -> new Object[] {OpCode.CREATE_TTL, new CreateTTLTxn(path, data, acl, cv, 1 + random.nextInt(99999))};
                case 2, 3 -> new Object[] {OpCode.CREATE, new CreateTxn(path, data, acl, true, cv)};
                default -> new Object[] {OpCode.CREATE2, new CreateTxn(path, data, acl, false, cv)};
            };
        } else if (dice < 60) {
            return new Object[] {OpCode.SET_DATA, new SetDataTxn(any, randomData(random), tree.get(any).version() + 1)};
        } else if (dice < 68) {
            return new Object[] {OpCode.SET_ACL, new SetACLTxn(any, ACLS.get(random.nextInt(ACLS.size())),
                    tree.get(any).aversion() + 1)};
        } else if (dice < 85) {
            if (DataTree.isSpecialPath(any) || tree.get(any).childCount() > 0) {
                return new Object[] {OpCode.ERROR, new ErrorTxn(ErrorCode.NOTEMPTY.code)};
            }
            return new Object[] {OpCode.DELETE, new DeleteTxn(any)};
        } else if (dice < 89) {
            return new Object[] {OpCode.CLOSE_SESSION, new CloseSessionTxn(new ArrayList<>(tree.ephemerals(session)))};
        } else if (dice < 92) {
            return new Object[] {OpCode.CREATE_SESSION, new CreateSessionTxn(30_000)};
        } else {
            // A multi: a create under the root and a setData of an existing node.
            String path = "/m" + random.nextInt(1000);
            if (tree.get(path) != null || tree.get("/").cversion() < 0) {
                return new Object[] {OpCode.ERROR, new ErrorTxn(ErrorCode.NODEEXISTS.code)};
            }
            List<Txn> subs = List.of(
                    new Txn(OpCode.CREATE.code, new CreateTxn(path, randomData(random), DataTree.OPEN_ACL, false,
                            tree.get("/").cversion() + 1).toBytes()),
                    new Txn(OpCode.SET_DATA.code, new SetDataTxn(any, randomData(random),
                            tree.get(any).version() + 1).toBytes()));
            return new Object[] {OpCode.MULTI, new MultiTxn(subs)};
        }
    }

    private static byte[] randomData(Random random) {
        int kind = random.nextInt(5);
        if (kind == 0) {
            return new byte[0];
        }
        byte[] b = new byte[random.nextInt(kind == 1 ? 2000 : 40)];
        random.nextBytes(b);
        return b;
    }

    @Test
    void proposalPayloadFromZooKeeperDecodesWithAndWithoutDigest() throws Exception {
        ZkOracle.init();
        org.apache.zookeeper.txn.TxnHeader hdr = new org.apache.zookeeper.txn.TxnHeader(0x1234L, 17, 0x300000005L,
                1_733_000_000_123L, OpCode.CREATE.code);
        org.apache.zookeeper.txn.CreateTxn create = new org.apache.zookeeper.txn.CreateTxn("/a/b",
                "data".getBytes(StandardCharsets.UTF_8), ZkOracle.toZk(TwinTrees.MIXED), true, 4);

        ZkTxnEntry withDigest = ZkTxnEntry.decode(Util.marshallTxnEntry(hdr, create,
                new org.apache.zookeeper.txn.TxnDigest(2, 0xfedcba9876543210L)));
        assertThat(withDigest.header()).isEqualTo(new TxnHeader(0x1234L, 17, 0x300000005L, 1_733_000_000_123L,
                OpCode.CREATE.code));
        CreateTxn txn = (CreateTxn) withDigest.txn();
        assertThat(txn.path()).isEqualTo("/a/b");
        assertThat(txn.data()).isEqualTo("data".getBytes(StandardCharsets.UTF_8));
        assertThat(txn.acl()).isEqualTo(TwinTrees.MIXED);
        assertThat(txn.ephemeral()).isTrue();
        assertThat(txn.parentCVersion()).isEqualTo(4);
        assertThat(withDigest.digest()).isEqualTo(new TxnDigest(2, 0xfedcba9876543210L));

        ZkTxnEntry without = ZkTxnEntry.decode(Util.marshallTxnEntry(hdr, create, null));
        assertThat(without.digest()).isNull();
        assertThat(without.txn()).usingRecursiveComparison().isEqualTo(withDigest.txn());

        // Reconfig proposals carry a SetDataTxn.
        org.apache.zookeeper.txn.TxnHeader reconfig = new org.apache.zookeeper.txn.TxnHeader(1, 2, 3, 4,
                OpCode.RECONFIG.code);
        ZkTxnEntry r = ZkTxnEntry.decode(Util.marshallTxnEntry(reconfig,
                new org.apache.zookeeper.txn.SetDataTxn("/zookeeper/config", new byte[] {1}, -1), null));
        assertThat(((SetDataTxn) r.txn()).path()).isEqualTo("/zookeeper/config");
    }

    @Test
    void proposalPayloadFromPaddockDecodesInZooKeeper() throws Exception {
        ZkOracle.init();
        TxnHeader hdr = new TxnHeader(0x99L, 3, 0x400000001L, 42, OpCode.SET_DATA.code);
        SetDataTxn txn = new SetDataTxn("/x", new byte[] {7, 8}, 5);

        TxnLogEntry with = SerializeUtils.deserializeTxn(new ZkTxnEntry(hdr, txn, new TxnDigest(2, -5L)).encode());
        assertThat(with.getHeader()).isEqualTo(new org.apache.zookeeper.txn.TxnHeader(0x99L, 3, 0x400000001L, 42,
                OpCode.SET_DATA.code));
        assertThat(with.getTxn()).isEqualTo(new org.apache.zookeeper.txn.SetDataTxn("/x", new byte[] {7, 8}, 5));
        assertThat(with.getDigest()).isEqualTo(new org.apache.zookeeper.txn.TxnDigest(2, -5L));

        TxnLogEntry without = SerializeUtils.deserializeTxn(new ZkTxnEntry(hdr, txn, null).encode());
        assertThat(without.getDigest()).isNull();
        assertThat(without.getTxn()).isEqualTo(with.getTxn());
    }

    @Test
    void badProposalPayloadsAreClearErrors() {
        TxnHeader hdr = new TxnHeader(1, 1, 1, 1, OpCode.DELETE.code);
        byte[] ok = new ZkTxnEntry(hdr, new DeleteTxn("/a"), new TxnDigest(2, 9)).encode();
        for (int cut = 1; cut < 12; cut++) {
            byte[] partial = java.util.Arrays.copyOf(ok, ok.length - cut);
            assertThatThrownBy(() -> ZkTxnEntry.decode(partial)).as("cut %d", cut)
                    .isInstanceOf(JuteException.class).hasMessageContaining("too few for a digest");
        }
        byte[] headerOnly = java.util.Arrays.copyOf(ok, 20);
        assertThatThrownBy(() -> ZkTxnEntry.decode(headerOnly)).isInstanceOf(JuteException.class)
                .hasMessageStartingWith("bad txn payload (20 bytes)");
        byte[] unknownType = new ZkTxnEntry(new TxnHeader(1, 1, 1, 1, 77), null, null).encode();
        assertThatThrownBy(() -> ZkTxnEntry.decode(unknownType)).isInstanceOf(JuteException.class);
        assertThat(ZkTxnEntry.decode(new ZkTxnEntry(new TxnHeader(1, 1, 1, 1, OpCode.CLOSE_SESSION.code), null,
                null).encode()).txn()).isNull();
    }

    @Test
    void followerCheckSkipsAbsentOrOtherVersionDigests() {
        TreeDigest running = TreeDigest.of(new DataTree());
        assertThat(running.check(null)).isEqualTo(TreeDigest.Check.SKIPPED);
        assertThat(running.check(new TxnDigest(1, running.value()))).isEqualTo(TreeDigest.Check.SKIPPED);
        assertThat(running.check(new TxnDigest(2, running.value()))).isEqualTo(TreeDigest.Check.MATCH);
        assertThat(running.check(new TxnDigest(2, running.value() + 1))).isEqualTo(TreeDigest.Check.MISMATCH);
    }

    @Test
    void touchedPathsCoverParentsAndSessionEphemerals() throws Exception {
        DataTree tree = new DataTree();
        tree.createNode("/e", new byte[0], DataTree.OPEN_ACL, 0, -1, 1, 1);
        tree.createNode("/e/1", new byte[0], DataTree.OPEN_ACL, 0x55, -1, 2, 1);
        TxnHeader close = new TxnHeader(0x55, 0, 3, 0, OpCode.CLOSE_SESSION.code);
        assertThat(TreeDigest.touchedPaths(tree, close, new CloseSessionTxn(List.of())))
                .containsExactlyInAnyOrder("/e/1", "/e");
        TxnHeader create = new TxnHeader(0x55, 0, 3, 0, OpCode.CREATE.code);
        assertThat(TreeDigest.touchedPaths(tree, create, new CreateTxn("/top", null, DataTree.OPEN_ACL, false, 1)))
                .containsExactlyInAnyOrder("/top", "/");
        assertThat(TreeDigest.touchedPaths(tree, new TxnHeader(1, 1, 1, 1, OpCode.CREATE_SESSION.code),
                new CreateSessionTxn(100))).isEmpty();
    }
}
