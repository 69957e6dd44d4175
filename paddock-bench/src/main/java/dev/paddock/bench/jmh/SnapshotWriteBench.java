package dev.paddock.bench.jmh;

import dev.paddock.core.tree.DataTree;
import dev.paddock.storage.Snapshots;
import dev.paddock.storage.disk.RealDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Snapshots.write of an N-node tree onto a real temporary directory (fsync on). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SnapshotWriteBench {
    @Param({"100000"})
    public int nodes;

    private Path dir;
    private RealDisk disk;
    private DataTree tree;
    private long zxid;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("paddock-jmh-snap-");
        disk = new RealDisk(dir, true);
        tree = new DataTree();
        long z = 1;
        byte[] data = new byte[100];
        tree.createNode("/b", new byte[0], DataTree.OPEN_ACL, 0, -1, z++, 0);
        for (int d = 0; d < (nodes + 999) / 1000; d++) {
            tree.createNode("/b/d" + d, new byte[0], DataTree.OPEN_ACL, 0, -1, z++, 0);
        }
        for (int i = 0; i < nodes; i++) {
            tree.createNode("/b/d" + (i / 1000) + "/n" + (i % 1000), data, DataTree.OPEN_ACL, 0, -1, z++, 0);
        }
        zxid = z;
    }

    @Benchmark
    public String write() throws IOException {
        String name = Snapshots.write(disk, tree, Map.of(0x1000000000001L, 30_000), zxid);
        Files.deleteIfExists(dir.resolve(name));
        return name;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
