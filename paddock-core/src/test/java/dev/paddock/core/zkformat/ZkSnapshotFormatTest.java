package dev.paddock.core.zkformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.ACL;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.junit.jupiter.api.Test;

class ZkSnapshotFormatTest {

    private static byte[] paddockSync(DataTree tree, Map<Long, Integer> sessions) {
        JuteOutput out = new JuteOutput();
        ZkSnapshotFormat.writeSync(tree, sessions, out);
        return out.toByteArray();
    }

    /** What a ZooKeeper leader writes after SNAP (LearnerHandler: serializeSnapshot, then the signature). */
    private static byte[] zkSync(org.apache.zookeeper.server.DataTree zk, Map<Long, Integer> sessions)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BinaryOutputArchive oa = BinaryOutputArchive.getArchive(bytes);
        SerializeUtils.serializeSnapshot(zk, oa, sessions);
        oa.writeString("BenWasHere", "signature");
        return bytes.toByteArray();
    }

    /** What a ZooKeeper learner does with the bytes after SNAP (Learner.syncWithLeader). */
    private static org.apache.zookeeper.server.DataTree zkLearnerRead(byte[] bytes, Map<Long, Integer> sessions)
            throws Exception {
        BinaryInputArchive ia = BinaryInputArchive.getArchive(new ByteArrayInputStream(bytes));
        org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
        SerializeUtils.deserializeSnapshot(zk, ia, sessions);
        assertThat(ia.readString("signature")).isEqualTo("BenWasHere");
        return zk;
    }

    @Test
    void twinTreesAreEqualAndHaveTheSameDigest() throws Exception {
        TwinTrees t = TwinTrees.rich();
        ZkOracle.assertSameTree(t.mine, t.zk);
        assertThat(TreeDigest.compute(t.mine)).isEqualTo(t.zk.getTreeDigest());
    }

    @Test
    void zooKeeperLearnerReadsPaddocksSnapshot() throws Exception {
        TwinTrees t = TwinTrees.rich();
        byte[] bytes = paddockSync(t.mine, t.sessions);
        Map<Long, Integer> sessions = new HashMap<>();
        org.apache.zookeeper.server.DataTree zk = zkLearnerRead(bytes, sessions);

        ZkOracle.assertSameTree(t.mine, zk);
        assertThat(sessions).isEqualTo(t.sessions);
        assertThat(zk.getTreeDigest()).isEqualTo(TreeDigest.compute(t.mine)).isEqualTo(t.zk.getTreeDigest());
        // ZooKeeper's own re-serialization of what it read is byte-identical to Paddock's stream.
        assertThat(zkSync(zk, sessions)).isEqualTo(bytes);
    }

    @Test
    void paddockLearnerReadsZooKeepersSnapshot() throws Exception {
        TwinTrees t = TwinTrees.rich();
        byte[] bytes = zkSync(t.zk, t.sessions);
        ZkSnapshotFormat.Snapshot snap = ZkSnapshotFormat.readSync(new JuteInput(bytes), 0x500000abcL,
                ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES);

        ZkOracle.assertSameTree(snap.tree(), t.zk);
        assertThat(snap.sessionTimeoutsMs()).isEqualTo(t.sessions);
        assertThat(snap.tree().lastProcessedZxid()).isEqualTo(0x500000abcL);
        assertThat(TreeDigest.compute(snap.tree())).isEqualTo(t.zk.getTreeDigest());
        assertThat(snap.tree().approximateDataSize()).isEqualTo(t.mine.approximateDataSize());

        // And back: Paddock's stream of what it read is read by ZooKeeper as the original tree.
        Map<Long, Integer> sessions = new HashMap<>();
        ZkOracle.assertSameTree(snap.tree(), zkLearnerRead(paddockSync(snap.tree(), snap.sessionTimeoutsMs()),
                sessions));
        assertThat(sessions).isEqualTo(t.sessions);
    }

    @Test
    void aclReferencesAreSharedAndTheBuiltInNodesUseTheOpenSentinel() throws Exception {
        TwinTrees t = TwinTrees.rich();
        JuteInput in = new JuteInput(paddockSync(t.mine, Map.of()));
        assertThat(in.readInt()).isZero(); // sessions
        int aclCount = in.readInt();
        Map<Long, java.util.List<ACL>> map = new HashMap<>();
        for (int i = 0; i < aclCount; i++) {
            long ref = in.readLong();
            map.put(ref, in.readList(ACL::read));
            assertThat(ref).as("references count up from 1 in order").isEqualTo(i + 1);
        }
        // One entry per distinct list: OPEN (user nodes), READ, DIGEST_ALL, MIXED, IP.
        assertThat(map.values()).containsExactlyInAnyOrder(DataTree.OPEN_ACL, DataTree.READ_ACL,
                TwinTrees.DIGEST_ALL, TwinTrees.MIXED, TwinTrees.IP);
        Map<String, Long> refByPath = new HashMap<>();
        String path = in.readString();
        while (!path.equals("/")) {
            in.readBuffer();
            refByPath.put(path, in.readLong());
            dev.paddock.jute.data.StatPersisted.read(in);
            path = in.readString();
        }
        assertThat(refByPath.get("")).isEqualTo(ZkSnapshotFormat.OPEN_ACL_REF);
        assertThat(refByPath.get("/zookeeper")).isEqualTo(ZkSnapshotFormat.OPEN_ACL_REF);
        assertThat(refByPath.get("/zookeeper/quota")).isEqualTo(ZkSnapshotFormat.OPEN_ACL_REF);
        assertThat(map.get(refByPath.get("/zookeeper/config"))).isEqualTo(DataTree.READ_ACL);
        assertThat(refByPath.get("/wide/child-1")).isEqualTo(refByPath.get("/app/binary"));
        assertThat(in.remaining()).isEqualTo(4 + "BenWasHere".length());
    }

    @Test
    void freshTreesMatchByteForByte() throws Exception {
        ZkOracle.init();
        byte[] mine = paddockSync(new DataTree(), Map.of());
        byte[] zk = zkSync(new org.apache.zookeeper.server.DataTree(), new HashMap<>());
        assertThat(mine).isEqualTo(zk);
    }

    @Test
    void paddockRoundTripKeepsEveryNodeAndChildOrder() throws Exception {
        TwinTrees t = TwinTrees.rich();
        byte[] bytes = paddockSync(t.mine, t.sessions);
        ZkSnapshotFormat.Snapshot snap = ZkSnapshotFormat.readSync(new JuteInput(bytes), 7, 1 << 20);
        assertThat(snap.tree().nodes().keySet()).isEqualTo(t.mine.nodes().keySet());
        for (Map.Entry<String, DataNode> e : t.mine.nodes().entrySet()) {
            DataNode read = snap.tree().get(e.getKey());
            assertThat(read.toStat()).isEqualTo(e.getValue().toStat());
            assertThat(read.data()).isEqualTo(e.getValue().data());
            assertThat(read.acl()).isEqualTo(e.getValue().acl());
            assertThat(new ArrayList<>(read.children())).isEqualTo(new ArrayList<>(e.getValue().children()));
        }
        assertThat(snap.tree().allEphemerals()).isEqualTo(t.mine.allEphemerals());
        assertThat(snap.tree().containers()).isEqualTo(t.mine.containers());
        assertThat(snap.tree().ttls()).isEqualTo(t.mine.ttls());
        assertThat(paddockSync(snap.tree(), snap.sessionTimeoutsMs())).isEqualTo(bytes);
    }

    @Test
    void localConfigReplacesTheLeadersAfterSnap() throws Exception {
        TwinTrees t = TwinTrees.rich();
        DataTree tree = ZkSnapshotFormat.readSync(new JuteInput(paddockSync(t.mine, t.sessions)), 1, 1 << 20).tree();
        byte[] local = "server.2=127.0.0.1:2889:3889:participant\nversion=200000000".getBytes();
        ZkSnapshotFormat.applyLocalConfig(tree, local, 0x200000000L, 99);
        t.zk.setData("/zookeeper/config", local, -1, 0x200000000L, 99); // ZKDatabase.initConfigInZKDatabase
        assertThat(ZkOracle.toZk(tree.get("/zookeeper/config").toStat()))
                .isEqualTo(t.zk.statNode("/zookeeper/config", null));
        assertThat(tree.get("/zookeeper/config").data()).isEqualTo(local);
    }

    @Test
    void everyTruncationIsAClearError() throws Exception {
        TwinTrees t = new TwinTrees();
        t.sessions.put(TwinTrees.S1, 5000);
        t.create("/a", "1");
        t.create("/a/b", "2".getBytes(), TwinTrees.MIXED, TwinTrees.S1);
        byte[] bytes = paddockSync(t.mine, t.sessions);
        for (int len = 0; len < bytes.length; len++) {
            JuteInput in = new JuteInput(bytes, 0, len);
            assertThatThrownBy(() -> ZkSnapshotFormat.readSync(in, 1, 1 << 20))
                    .as("prefix of %d bytes", len)
                    .isInstanceOf(JuteException.class)
                    .hasMessageStartingWith("ZooKeeper snapshot stream corrupt at byte ");
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherFailure() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] clean = paddockSync(TwinTrees.rich().mine, Map.of(TwinTrees.S1, 1000));
        int failures = 0;
        for (int round = 0; round < 300; round++) {
            byte[] bytes = clean.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            try {
                ZkSnapshotFormat.readSync(new JuteInput(bytes), 1, ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES);
            } catch (JuteException e) {
                failures++;
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " round " + round + ": " + e, e);
            }
        }
        assertThat(failures).as("seed %d", seed).isPositive();
    }

    @Test
    void hugeClaimedCountsAndOversizeFieldsFailWithoutAllocating() {
        JuteOutput out = new JuteOutput();
        out.writeInt(Integer.MAX_VALUE); // sessions
        assertThatThrownBy(() -> ZkSnapshotFormat.read(new JuteInput(out.toByteArray())))
                .isInstanceOf(JuteException.class).hasMessageContaining("bad session count");

        out.reset();
        out.writeInt(0);
        out.writeInt(1);
        out.writeLong(1);
        out.writeInt(Integer.MAX_VALUE); // ACL list length
        assertThatThrownBy(() -> ZkSnapshotFormat.read(new JuteInput(out.toByteArray())))
                .isInstanceOf(JuteException.class).hasMessageContaining("bad length");

        DataTree tree = new DataTree();
        try {
            tree.createNode("/big", new byte[100], DataTree.OPEN_ACL, 0, -1, 1, 1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        byte[] bytes = paddockSync(tree, Map.of());
        assertThatThrownBy(() -> ZkSnapshotFormat.read(new JuteInput(bytes), 64))
                .isInstanceOf(JuteException.class).hasMessageContaining("over the limit of 64");
    }

    @Test
    void inconsistentStreamsAreRefused() {
        // A child before its parent.
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        out.writeInt(0);
        writeNode(out, "", -1);
        writeNode(out, "/a/b", -1);
        assertThatThrownBy(() -> ZkSnapshotFormat.read(new JuteInput(out.toByteArray())))
                .isInstanceOf(JuteException.class).hasMessageContaining("before its parent");
        // An ACL reference the map does not hold.
        out.reset();
        out.writeInt(0);
        out.writeInt(0);
        writeNode(out, "", 5);
        assertThatThrownBy(() -> ZkSnapshotFormat.read(new JuteInput(out.toByteArray())))
                .isInstanceOf(JuteException.class).hasMessageContaining("unknown ACL reference 5");
        // No /zookeeper.
        out.reset();
        out.writeInt(0);
        out.writeInt(0);
        writeNode(out, "", -1);
        out.writeString("/");
        assertThatThrownBy(() -> ZkSnapshotFormat.read(new JuteInput(out.toByteArray())))
                .isInstanceOf(JuteException.class).hasMessageContaining("no /zookeeper node");
        // A wrong signature.
        out.reset();
        ZkSnapshotFormat.write(new DataTree(), Map.of(), out);
        out.writeString("BenWasNotHere");
        assertThatThrownBy(() -> ZkSnapshotFormat.readSync(new JuteInput(out.toByteArray()), 1, 1 << 20))
                .isInstanceOf(JuteException.class).hasMessageContaining("missing signature");
    }

    @Test
    void aMissingConfigNodeIsAddedAsZooKeeperAddsIt() throws Exception {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        out.writeInt(0);
        writeNode(out, "", -1);
        writeNode(out, "/zookeeper", -1);
        writeNode(out, "/zookeeper/quota", -1);
        out.writeString("/");
        DataTree tree = ZkSnapshotFormat.read(new JuteInput(out.toByteArray())).tree();
        DataTree fresh = new DataTree();
        assertThat(tree.get("/zookeeper/config").toStat()).isEqualTo(fresh.get("/zookeeper/config").toStat());
        assertThat(tree.get("/zookeeper/config").acl()).isEqualTo(DataTree.READ_ACL);
    }

    private static void writeNode(JuteOutput out, String path, long aclRef) {
        out.writeString(path);
        out.writeBuffer(new byte[0]);
        out.writeLong(aclRef);
        new dev.paddock.jute.data.StatPersisted(0, 0, 0, 0, 0, 0, 0, 0, 0).write(out);
    }
}
