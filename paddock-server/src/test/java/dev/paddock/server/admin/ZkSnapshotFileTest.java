package dev.paddock.server.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.TreeDigest;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.apache.jute.BinaryInputArchive;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.ZKDatabase;
import org.apache.zookeeper.server.persistence.FileSnap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file the admin server streams, checked against ZooKeeper 3.9.3's own reader and writer. */
class ZkSnapshotFileTest {
    @TempDir
    Path dir;

    private static DataTree tree() throws Exception {
        DataTree t = new DataTree();
        t.createNode("/a", "hello".getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, 0, 0, 5, 1000);
        t.createNode("/a/b", new byte[] {1, 2, 3}, List.of(new ACL(31, new Id("digest", "u:x"))), 0x77, 0, 6, 1001);
        t.setLastProcessedZxid(6);
        return t;
    }

    @Test
    void zooKeeperReadsWhatPaddockWrites() throws Exception {
        byte[] bytes = ZkSnapshotFile.write(tree(), Map.of(0x77L, 30_000), 6);
        ZKDatabase db = new ZKDatabase(null);
        CheckedInputStream in = new CheckedInputStream(new BufferedInputStream(new ByteArrayInputStream(bytes)),
                new Adler32());
        db.deserializeSnapshot(BinaryInputArchive.getArchive(in), in); // verifies all three seals
        assertThat(new String(db.getNode("/a").getData(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(db.getNode("/a/b").stat.getEphemeralOwner()).isEqualTo(0x77);
        assertThat(db.getSessionWithTimeOuts()).containsEntry(0x77L, 30_000);
        assertThat(db.getDataTreeLastProcessedZxid()).isEqualTo(6);
        // the digest section holds what ZooKeeper computes for the same tree (it compares the two on load)
        assertThat(db.getDataTree().getTreeDigest()).isEqualTo(TreeDigest.compute(tree()));
    }

    @Test
    void paddockReadsWhatZooKeeperWrites() throws Exception {
        org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
        zk.createNode("/x", "zk".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, 1, 3, 2000);
        zk.lastProcessedZxid = 3;
        Map<Long, Integer> sessions = new ConcurrentHashMap<>(Map.of(5L, 4000));
        File file = dir.resolve("snapshot.3").toFile();
        new FileSnap(dir.toFile()).serialize(zk, sessions, file, false);
        ZkSnapshotFile.Contents c = ZkSnapshotFile.read(Files.readAllBytes(file.toPath()));
        assertThat(c.lastZxid()).isEqualTo(3);
        assertThat(new String(c.snapshot().tree().get("/x").data(), StandardCharsets.UTF_8)).isEqualTo("zk");
        assertThat(c.snapshot().sessionTimeoutsMs()).isEqualTo(new HashMap<>(sessions));
    }

    @Test
    void damageIsNamed() throws Exception {
        byte[] bytes = ZkSnapshotFile.write(tree(), Map.of(), 6);
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 1;
        assertThatThrownBy(() -> ZkSnapshotFile.read(flipped)).isInstanceOf(IllegalArgumentException.class);
        byte[] magic = bytes.clone();
        magic[0] = 'X';
        assertThatThrownBy(() -> ZkSnapshotFile.read(magic)).hasMessageContaining("magic");
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 3);
        assertThatThrownBy(() -> ZkSnapshotFile.read(cut)).hasMessageStartingWith("not a ZooKeeper snapshot");
    }
}
