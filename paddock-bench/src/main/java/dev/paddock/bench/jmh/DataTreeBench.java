package dev.paddock.bench.jmh;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.TreeException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Paddock's DataTree beside ZooKeeper 3.9.3's on the same 100k-node tree (100 directories of 1000 children):
 * get, createNode with a delete to keep the size constant, setData, and getChildren of a 1000-child directory.
 * Beside them, a sequential-style create and delete in a directory of {@value #BIG} children (the pinned create and
 * delete load's one big parent), where a new name's lookup misses in a big table.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DataTreeBench {
    private static final int NODES = 100_000;
    static final int BIG = 1_000_000;
    private static final List<org.apache.zookeeper.data.ACL> ZK_ACL = ZooDefs.Ids.OPEN_ACL_UNSAFE;
    private DataTree tree;
    private org.apache.zookeeper.server.DataTree zk;
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
        tree.createNode("/seq", new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        for (int i = 0; i < BIG; i++) {
            tree.createNode(String.format("/seq/s-%010d", i), data, DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        }
        zk = new org.apache.zookeeper.server.DataTree();
        try {
            zk.createNode("/b", new byte[0], ZK_ACL, 0, -1, 1, 0);
            for (int d = 0; d < NODES / 1000; d++) {
                zk.createNode("/b/d" + d, new byte[0], ZK_ACL, 0, -1, d + 2, 0);
            }
            for (int i = 0; i < NODES; i++) {
                zk.createNode(paths[i], data, ZK_ACL, 0, -1, i + 1000, 0);
            }
        } catch (KeeperException e) {
            throw new IllegalStateException(e);
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

    @Benchmark
    public Object createAndDeleteInBigDirectory() throws TreeException {
        next = (next + 7919) % BIG;
        String p = "/seq/s-" + (BIG + next); // not there: the create's lookup misses
        Object stat = tree.createNode(p, data, DataTree.OPEN_ACL, 0, -1, zxid++, 1);
        tree.deleteNode(p, zxid++);
        return stat;
    }

    @Benchmark
    public Object setData() throws TreeException {
        next = (next + 7919) % NODES;
        return tree.setData(paths[next], data, 1, zxid++, 1);
    }

    @Benchmark
    public List<String> getChildren() {
        return tree.get("/b/d42").children();
    }

    @Benchmark
    public Object zkGet() {
        next = (next + 7919) % NODES;
        return zk.getNode(paths[next]);
    }

    @Benchmark
    public Object zkCreateAndDelete() throws KeeperException {
        String p = "/b/d7/x";
        zk.createNode(p, data, ZK_ACL, 0, -1, zxid++, 1);
        zk.deleteNode(p, zxid++);
        return zk;
    }

    @Benchmark
    public Object zkSetData() throws KeeperException {
        next = (next + 7919) % NODES;
        return zk.setData(paths[next], data, 1, zxid++, 1);
    }

    @Benchmark
    public List<String> zkGetChildren() throws KeeperException {
        return zk.getChildren("/b/d42", null, null);
    }
}
