package dev.paddock.core.zkformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.Paths;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Bridges between Paddock's tree and ZooKeeper's own classes, which serve as the oracle in these tests. */
final class ZkOracle {
    private ZkOracle() {
    }

    static {
        // Without it ZooKeeper files TTL nodes as plain ephemerals of a strange session.
        System.setProperty("zookeeper.extendedTypesEnabled", "true");
    }

    static void init() {
        // forces the static initializer above before any ZooKeeper class is used
    }

    static List<org.apache.zookeeper.data.ACL> toZk(List<ACL> acl) {
        List<org.apache.zookeeper.data.ACL> out = new ArrayList<>();
        for (ACL a : acl) {
            out.add(new org.apache.zookeeper.data.ACL(a.perms(),
                    new org.apache.zookeeper.data.Id(a.id().scheme(), a.id().id())));
        }
        return out;
    }

    static List<ACL> fromZk(List<org.apache.zookeeper.data.ACL> acl) {
        List<ACL> out = new ArrayList<>();
        for (org.apache.zookeeper.data.ACL a : acl) {
            out.add(new ACL(a.getPerms(), new Id(a.getId().getScheme(), a.getId().getId())));
        }
        return out;
    }

    static org.apache.zookeeper.data.Stat toZk(Stat s) {
        return new org.apache.zookeeper.data.Stat(s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(),
                s.cversion(), s.aversion(), s.ephemeralOwner(), s.dataLength(), s.numChildren(), s.pzxid());
    }

    /** Asserts that ZooKeeper's tree holds exactly Paddock's nodes, with equal stats, data, ACLs and child order. */
    static void assertSameTree(DataTree mine, org.apache.zookeeper.server.DataTree zk) throws Exception {
        assertThat(zk.getNodeCount()).as("node count").isEqualTo(mine.nodeCount());
        for (Map.Entry<String, DataNode> e : mine.nodes().entrySet()) {
            String path = e.getKey();
            DataNode n = e.getValue();
            org.apache.zookeeper.server.DataNode z = zk.getNode(path);
            assertThat(z).as("ZooKeeper has %s", path).isNotNull();
            org.apache.zookeeper.data.Stat zs = new org.apache.zookeeper.data.Stat();
            byte[] data = zk.getData(path, zs, null);
            assertThat(zs).as("stat of %s", path).isEqualTo(toZk(n.toStat()));
            assertThat(z.stat.getCversion()).as("persisted cversion of %s", path).isEqualTo(n.cversion());
            assertThat(data).as("data of %s", path).isEqualTo(n.data());
            assertThat(fromZk(zk.getACL(path, null))).as("ACL of %s", path).isEqualTo(n.acl());
            assertThat(zk.getChildren(path, null, null)).as("children of %s in order", path)
                    .containsExactlyElementsOf(new ArrayList<>(n.children()));
        }
        for (Map.Entry<Long, Set<String>> e : mine.allEphemerals().entrySet()) {
            assertThat(zk.getEphemerals(e.getKey())).as("ephemerals of 0x%s", Long.toHexString(e.getKey()))
                    .isEqualTo(e.getValue());
        }
        // ZooKeeper keeps a session's emptied set; Paddock drops it. Compare the sessions that own nodes.
        assertThat(zk.getSessions().stream().filter(s -> !zk.getEphemerals(s).isEmpty()))
                .containsExactlyInAnyOrderElementsOf(mine.allEphemerals().keySet());
        assertThat(new HashSet<>(zk.getContainers())).isEqualTo(mine.containers());
        assertThat(new HashSet<>(zk.getTtls())).isEqualTo(mine.ttls());
    }

    /** Creates a node in ZooKeeper's tree as a committed create would (parent cversion + 1). */
    static void zkCreate(org.apache.zookeeper.server.DataTree zk, String path, byte[] data, List<ACL> acl,
                         long owner, long zxid, long time) throws Exception {
        int parentCv = zk.getNode(Paths.parent(path)).stat.getCversion() + 1;
        zk.createNode(path, data, toZk(acl), owner, parentCv, zxid, time);
    }
}
