package dev.paddock.bench.jmh;

import dev.paddock.core.tree.DataTree;
import java.lang.ref.Reference;
import java.util.List;
import org.apache.zookeeper.ZooDefs;

/**
 * Live heap per znode of Paddock's DataTree and ZooKeeper 3.9.3's, in this JVM, built as the memory scenario builds
 * its tree (/mem/d&lt;i/1000&gt;/n&lt;i%1000&gt;). Run with a fixed heap, e.g.
 * {@code java -Xms4g -Xmx4g -cp ... dev.paddock.bench.jmh.TreeMemory 1000000 32} (znodes, data bytes: default
 * 1M and 32); it prints one line per tree.
 */
public final class TreeMemory {
    private TreeMemory() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int payload = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        System.out.printf("paddock: %.1f bytes per znode (%d znodes of %d bytes)%n", perNode(n, payload, true), n,
                payload);
        System.out.printf("zookeeper: %.1f bytes per znode (%d znodes of %d bytes)%n", perNode(n, payload, false), n,
                payload);
    }

    private static double perNode(int n, int payload, boolean paddock) throws Exception {
        long before = LiveHeap.used();
        Object tree = paddock ? paddockTree(n, payload) : zkTree(n, payload);
        long after = LiveHeap.used();
        Reference.reachabilityFence(tree);
        return (after - before) / (double) n;
    }

    private static Object paddockTree(int n, int payload) throws Exception {
        DataTree t = new DataTree();
        long zxid = 1;
        t.createNode("/mem", new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        for (int d = 0; d * 1000 < n; d++) {
            t.createNode("/mem/d" + d, new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        }
        for (int i = 0; i < n; i++) {
            t.createNode("/mem/d" + (i / 1000) + "/n" + (i % 1000), new byte[payload], DataTree.OPEN_ACL, 0, -1, zxid++,
                    0);
        }
        return t;
    }

    private static Object zkTree(int n, int payload) throws Exception {
        org.apache.zookeeper.server.DataTree t = new org.apache.zookeeper.server.DataTree();
        List<org.apache.zookeeper.data.ACL> acl = ZooDefs.Ids.OPEN_ACL_UNSAFE;
        long zxid = 1;
        t.createNode("/mem", new byte[0], acl, 0, -1, zxid++, 0);
        for (int d = 0; d * 1000 < n; d++) {
            t.createNode("/mem/d" + d, new byte[0], acl, 0, -1, zxid++, 0);
        }
        for (int i = 0; i < n; i++) {
            t.createNode("/mem/d" + (i / 1000) + "/n" + (i % 1000), new byte[payload], acl, 0, -1, zxid++, 0);
        }
        return t;
    }
}
