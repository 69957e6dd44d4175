package dev.paddock.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import dev.paddock.storage.disk.ForwardingDisk;
import dev.paddock.storage.disk.ForwardingDiskFile;
import dev.paddock.storage.disk.RealDisk;
import dev.paddock.storage.disk.SimDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot restore reads the file through a small buffer: nodes whose path, data or ACL straddle the buffer's
 * end, and data larger than the buffer, must come back intact; damage anywhere must fail clearly.
 */
class SnapshotStreamTest {
    private static final long ZXID = 0x500000007L;
    private static final List<ACL> DIGEST = List.of(new ACL(Perms.READ | Perms.WRITE, new Id("digest", "bob:xyz=")));

    private final SimDisk disk = new SimDisk();

    /** Nodes of many sizes (0 to 3000 bytes, one of 20000), two ACL lists, ephemerals, a deep branch. */
    private static DataTree tree() throws Exception {
        DataTree t = new DataTree();
        Random r = new Random(7);
        for (int p = 0; p < 12; p++) {
            List<ACL> acl = p % 3 == 0 ? DIGEST : DataTree.OPEN_ACL;
            t.createNode("/p" + p, bytes(r, r.nextInt(200)), acl, 0, -1, 10 + p, 1000);
            for (int c = 0; c < 25; c++) {
                int size = c % 7 == 0 ? 3000 : r.nextInt(90);
                long owner = c % 5 == 0 ? 0x1000L + c : 0;
                t.createNode("/p" + p + "/child-with-a-longer-name-" + c, bytes(r, size),
                        c % 4 == 0 ? DIGEST : DataTree.OPEN_ACL, owner, -1, 100 + p * 25 + c, 2000 + c);
            }
        }
        t.createNode("/big", bytes(r, 20_000), DataTree.OPEN_ACL, 0, -1, 900, 3000);
        t.createNode("/big/empty", new byte[0], DataTree.OPEN_ACL, 0, -1, 901, 3000);
        t.setData("/p1", bytes(r, 64), -1, 902, 3001);
        return t;
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private String written() throws Exception {
        return Snapshots.write(disk, tree(), Map.of(0x1001L, 30_000, 0x1005L, 4_000), ZXID);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1000, 4096, 1 << 20})
    void readsNodesThatStraddleChunksAndDataLargerThanAChunk(int chunk) throws Exception {
        String name = written();
        Snapshots.Loaded loaded = Snapshots.read(disk, name, chunk);
        assertThat(loaded.zxid()).isEqualTo(ZXID);
        assertThat(loaded.sessions()).isEqualTo(Map.of(0x1001L, 30_000, 0x1005L, 4_000));
        assertThat(loaded.dropped()).isZero();
        assertThat(TreeDump.of(loaded.tree())).isEqualTo(TreeDump.of(tree()));
        assertThat(loaded.tree().get("/big").data()).hasSize(20_000);
    }

    /** A tree larger than the writer's buffer, with one node larger than it too. */
    private static DataTree bigTree() throws Exception {
        DataTree t = new DataTree();
        Random r = new Random(11);
        for (int i = 0; i < 1500; i++) {
            t.createNode("/n" + i, bytes(r, 1000), DataTree.OPEN_ACL, 0, -1, 10 + i, 1000);
        }
        t.createNode("/huge", bytes(r, 3 << 20), DIGEST, 0, -1, 2000, 2000);
        t.createNode("/huge/after", bytes(r, 700), DataTree.OPEN_ACL, 0, -1, 2001, 2001);
        return t;
    }

    /** The writer's buffer is a megabyte: a node larger than that, and nodes on both sides of it, survive. */
    @Test
    void writesANodeLargerThanTheWritersBufferAndTheNodesAroundIt() throws Exception {
        DataTree t = bigTree();
        String name = Snapshots.write(disk, t, Map.of(), ZXID);
        Snapshots.Loaded loaded = Snapshots.read(disk, name);
        assertThat(loaded.nodes()).isEqualTo(t.nodes().size()).isGreaterThan(1502);
        assertThat(TreeDump.of(loaded.tree())).isEqualTo(TreeDump.of(t));
        assertThat(loaded.tree().get("/huge").data()).isEqualTo(t.get("/huge").data());
    }

    /**
     * A file opened past the OS's cache takes writes only at, and of, multiples of its alignment, from direct
     * buffers; the snapshot is padded for its last write and cut back to its length.
     */
    @Test
    void aFileThatNeedsAlignedWritesGetsThemAndKeepsItsLength() throws Exception {
        int align = 4096;
        List<long[]> writes = new java.util.ArrayList<>();
        Disk aligned = new ForwardingDisk(disk) {
            @Override
            protected DiskFile wrap(String name, DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public void write(long position, ByteBuffer src) throws IOException {
                        writes.add(new long[] {position, src.remaining(), src.isDirect() ? 1 : 0});
                        super.write(position, src);
                    }

                    @Override
                    public int alignment() {
                        return align;
                    }
                };
            }
        };
        DataTree t = bigTree();
        String name = Snapshots.write(aligned, t, Map.of(0x1001L, 30_000), ZXID);
        assertThat(writes).hasSizeGreaterThan(3).allSatisfy(w -> {
            assertThat(w[0] % align).isZero();
            assertThat(w[1] % align).isZero();
            assertThat(w[2]).isOne();
        });
        long written = writes.stream().mapToLong(w -> w[0] + w[1]).max().orElseThrow();
        assertThat(content(name).length).isLessThanOrEqualTo((int) written).isGreaterThan((int) written - align);
        Snapshots.Loaded loaded = Snapshots.read(disk, name);
        assertThat(TreeDump.of(loaded.tree())).isEqualTo(TreeDump.of(t));
        assertThat(loaded.sessions()).isEqualTo(Map.of(0x1001L, 30_000));
    }

    /** Through a real directory: O_DIRECT where this machine's file system allows it, else the OS's cache. */
    @Test
    void writesAndReadsBackThroughARealDirectory(@TempDir Path dir) throws Exception {
        RealDisk real = new RealDisk(dir, true);
        DataTree t = bigTree();
        String name = Snapshots.write(real, t, Map.of(0x1001L, 30_000), ZXID);
        assertThat(real.list()).containsExactly(name);
        Snapshots.Loaded loaded = Snapshots.read(real, name);
        assertThat(TreeDump.of(loaded.tree())).isEqualTo(TreeDump.of(t));
        assertThat(loaded.tree().get("/huge").data()).isEqualTo(t.get("/huge").data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"magic", "version", "zxid", "sessions", "first node", "middle", "big data", "node count",
        "crc"})
    void damageAnywhereFailsTheChecksum(String where) throws Exception {
        String name = written();
        byte[] b = content(name);
        int at = switch (where) {
            case "magic" -> 0;
            case "version" -> 5;
            case "zxid" -> 11;
            case "sessions" -> 25;
            case "first node" -> 20 + 2 * 12 + 6;
            case "middle" -> b.length / 2;
            case "big data" -> indexOf(b, "/big".getBytes()) + 4000;
            case "node count" -> b.length - 6;
            default -> b.length - 2;
        };
        b[at] ^= 0x10;
        replace(name, b);
        for (int chunk : new int[] {16, 1 << 20}) {
            assertThatThrownBy(() -> Snapshots.read(disk, name, chunk)).isInstanceOf(StorageException.class)
                    .hasMessageContaining(disk.describe(name)).hasMessageEndingWith("fails its checksum");
        }
    }

    @Test
    void aLengthDamagedToPointPastTheEndIsStillAChecksumFailure() throws Exception {
        String name = written();
        byte[] b = content(name);
        int node = 20 + 2 * 12;
        b[node] = 0x7f; // the first node's length: two gigabytes
        replace(name, b);
        assertThatThrownBy(() -> Snapshots.read(disk, name, 64)).isInstanceOf(StorageException.class)
                .hasMessageEndingWith("fails its checksum");
    }

    @Test
    void cutFilesFailClearly() throws Exception {
        String name = written();
        byte[] b = content(name);
        replace(name, java.util.Arrays.copyOf(b, b.length / 3));
        assertThatThrownBy(() -> Snapshots.read(disk, name, 64)).hasMessageEndingWith("fails its checksum");
        replace(name, java.util.Arrays.copyOf(b, 27));
        assertThatThrownBy(() -> Snapshots.read(disk, name, 64)).hasMessageContaining(disk.describe(name))
                .hasMessageContaining("is truncated (27 bytes)");
    }

    /** Damage that a checksum written over it hides: each check of the content must still catch it. */
    @Test
    void contentChecksBehindAGoodChecksumNameTheProblem() throws Exception {
        String name = written();
        byte[] good = content(name);

        byte[] b = good.clone();
        b[7] = 9; // version 9
        assertThatThrownBy(() -> readResealed(name, b)).hasMessageContaining(disk.describe(name))
                .hasMessageEndingWith("has a bad header");

        byte[] c = good.clone();
        c[c.length - 5]++; // declared node count
        assertThatThrownBy(() -> readResealed(name, c)).hasMessageMatching(".* declares \\d+ nodes but holds \\d+");

        byte[] d = new byte[good.length + 3]; // trailing bytes before the checksum
        System.arraycopy(good, 0, d, 0, good.length - 4);
        assertThatThrownBy(() -> readResealed(name, d)).hasMessageContaining("nodes but holds");

        byte[] e = good.clone();
        int node = 20 + 2 * 12;
        e[node + 3] += 2; // the first node declares two more bytes than it has
        assertThatThrownBy(() -> readResealed(name, e)).hasMessageContaining("is malformed near byte");
    }

    @Test
    void aSnapshotWithoutItsRootIsRefused() throws Exception {
        DataTree t = DataTree.forRestore();
        t.restoreNode("/a", new byte[3], DataTree.OPEN_ACL, 1, 1, 0, 0, 0, 0, 0, 0, 1);
        String name = Snapshots.write(disk, t, Map.of(), 5);
        assertThatThrownBy(() -> Snapshots.read(disk, name, 8)).hasMessageEndingWith("has no root node");
    }

    private Snapshots.Loaded readResealed(String name, byte[] b) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
        replace(name, b);
        return Snapshots.read(disk, name, 32);
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= b.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private byte[] content(String name) throws IOException {
        try (DiskFile f = disk.open(name, false)) {
            ByteBuffer b = ByteBuffer.allocate((int) f.size());
            while (b.hasRemaining()) {
                f.read(b.position(), b);
            }
            return b.array();
        }
    }

    private void replace(String name, byte[] b) throws IOException {
        try (DiskFile f = disk.open(name, false)) {
            f.truncate(0);
            f.write(0, ByteBuffer.wrap(b));
        }
    }
}
