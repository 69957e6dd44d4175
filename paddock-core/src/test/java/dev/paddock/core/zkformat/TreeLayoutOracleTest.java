package dev.paddock.core.zkformat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact tree against ZooKeeper's own DataTree under the same random creates and deletes: same stats, data,
 * ACLs and children in the same listing order (which ZooKeeper's HashSet decides), including names that are not
 * ASCII, colliding buckets, parents that grew large and shrank again, and several creates with one zxid.
 */
class TreeLayoutOracleTest {
    private static final String[] PARENTS = {"/a", "/a/b", "/c", "/zookeeper/x"};
    private static final String[] NAMES = {"n", "node", "é", "节点", "x-1", "Aa", "BB", "lock-", "q", "☃", "ab", "ba"};

    @Test
    void randomCreatesAndDeletesMatchZooKeeper() throws Exception {
        ZkOracle.init();
        for (long seed = 1; seed <= 6; seed++) {
            Random rnd = new Random(seed);
            DataTree mine = new DataTree();
            org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
            long zxid = 1;
            List<String> live = new ArrayList<>();
            for (String p : PARENTS) {
                if (mine.get(p) == null) {
                    mine.createNode(p, new byte[0], DataTree.OPEN_ACL, 0, -1, zxid, zxid);
                    ZkOracle.zkCreate(zk, p, new byte[0], DataTree.OPEN_ACL, 0, zxid, zxid);
                    zxid++;
                }
            }
            for (int op = 0; op < 3000; op++) {
                if (live.isEmpty() || rnd.nextInt(10) < 6) {
                    String parent = PARENTS[rnd.nextInt(PARENTS.length)];
                    String path = parent + "/" + NAMES[rnd.nextInt(NAMES.length)] + rnd.nextInt(400);
                    if (mine.get(path) != null) {
                        continue;
                    }
                    byte[] data = new byte[rnd.nextInt(5)];
                    long owner = rnd.nextInt(5) == 0 ? 0x100 + rnd.nextInt(3) : 0;
                    mine.createNode(path, data, DataTree.OPEN_ACL, owner, -1, zxid, zxid * 7);
                    ZkOracle.zkCreate(zk, path, data, DataTree.OPEN_ACL, owner, zxid, zxid * 7);
                    live.add(path);
                } else {
                    String path = live.remove(rnd.nextInt(live.size()));
                    mine.deleteNode(path, zxid);
                    zk.deleteNode(path, zxid);
                }
                if (rnd.nextInt(4) != 0) {
                    zxid++; // otherwise the next change shares the zxid, as the ops of one multi do
                }
                if (op % 37 == 0) {
                    // listing between changes: the cached order must follow every add and remove
                    for (String p : PARENTS) {
                        assertThat(mine.get(p).children()).as("children of %s after op %d", p, op)
                                .containsExactlyElementsOf(zk.getChildren(p, null, null));
                    }
                }
            }
            ZkOracle.assertSameTree(mine, zk);
            assertThat(mine.nodeCount()).isEqualTo(zk.getNodeCount());
        }
    }

    @Test
    void aParentThatGrewAndShrankListsAsZooKeeper() throws Exception {
        ZkOracle.init();
        DataTree mine = new DataTree();
        org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
        mine.createNode("/big", new byte[0], DataTree.OPEN_ACL, 0, -1, 1, 1);
        ZkOracle.zkCreate(zk, "/big", new byte[0], DataTree.OPEN_ACL, 0, 1, 1);
        long zxid = 2;
        for (int i = 0; i < 5000; i++) {
            mine.createNode("/big/c" + i, new byte[] {1}, DataTree.OPEN_ACL, 0, -1, zxid, zxid);
            ZkOracle.zkCreate(zk, "/big/c" + i, new byte[] {1}, DataTree.OPEN_ACL, 0, zxid, zxid);
            zxid++;
        }
        for (int i = 0; i < 5000; i++) {
            if (i % 97 != 0) {
                mine.deleteNode("/big/c" + i, zxid);
                zk.deleteNode("/big/c" + i, zxid);
                zxid++;
            }
        }
        mine.createNode("/big/late", new byte[0], DataTree.OPEN_ACL, 0, -1, zxid, zxid);
        ZkOracle.zkCreate(zk, "/big/late", new byte[0], DataTree.OPEN_ACL, 0, zxid, zxid);
        ZkOracle.assertSameTree(mine, zk);
        assertThat(mine.get("/big").childCount()).isEqualTo(5000 / 97 + 2);
        assertThat(mine.get("/big/c4851")).isNull();
        assertThat(mine.get("/big/c" + 97 * 3)).isNotNull();
    }
}
