package dev.paddock.bench.jmh;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.TreeException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** DataTree createNode (with a delete to keep the tree's size constant) and get on a 100k-node tree. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DataTreeBench {
    private static final int NODES = 100_000;
    private DataTree tree;
    private String[] paths;
    private final byte[] data = new byte[100];
    private long zxid = 1;
    private int next;

    @Setup(Level.Trial)
    public void setup() throws TreeException {
        tree = new DataTree();
        tree.createNode("/b", new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        paths = new String[NODES];
        for (int d = 0; d < NODES / 1000; d++) {
            tree.createNode("/b/d" + d, new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        }
        for (int i = 0; i < NODES; i++) {
            paths[i] = "/b/d" + (i / 1000) + "/n" + (i % 1000);
            tree.createNode(paths[i], data, DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        }
    }

    @Benchmark
    public DataNode get() {
        next = (next + 7919) % NODES;
        return tree.get(paths[next]);
    }

    @Benchmark
    public Object createAndDelete() throws TreeException {
        String p = "/b/d7/x";
        Object stat = tree.createNode(p, data, DataTree.OPEN_ACL, 0, -1, zxid++, 1);
        tree.deleteNode(p, zxid++);
        return stat;
    }
}
