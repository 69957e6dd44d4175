package dev.paddock.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Path lookups on the name-keyed tree, and a walk on another thread while the tree changes (a fuzzy snapshot). */
class DataTreeWalkTest {

    @Test
    void lookupsFollowNamesNotPrefixes() throws Exception {
        DataTree t = new DataTree();
        t.createNode("/a", new byte[0], DataTree.OPEN_ACL, 0, -1, 1, 1);
        t.createNode("/a/b", new byte[] {7}, DataTree.OPEN_ACL, 0, -1, 2, 2);
        t.createNode("/ab", new byte[0], DataTree.OPEN_ACL, 0, -1, 3, 3);
        t.createNode("/a/é", new byte[0], DataTree.OPEN_ACL, 0, -1, 4, 4);
        assertThat(t.get("/a/b").data()).containsExactly(7);
        assertThat(t.get("/a/é")).isNotNull();
        assertThat(t.get("/a/e")).isNull();
        assertThat(t.get("/a/")).isNull();
        assertThat(t.get("/a//b")).isNull();
        assertThat(t.get("a/b")).isNull();
        assertThat(t.get("")).isNull();
        assertThat(t.get("/a/b/c")).isNull();
        assertThat(t.get("/")).isNotNull();
        assertThat(t.get("/a").name()).isEqualTo("a");
        assertThat(t.get("/a").pzxid()).isEqualTo(4);
        assertThat(t.get("/ab").pzxid()).as("a leaf's pzxid is its czxid").isEqualTo(3);
        assertThat(t.nodes().keySet()).containsExactlyInAnyOrder("/", "/zookeeper", "/zookeeper/quota",
                "/zookeeper/config", "/a", "/a/b", "/ab", "/a/é");
        assertThat(t.nodeCount()).isEqualTo(9);
        t.deleteNode("/a/b", 5);
        assertThat(t.get("/a/b")).isNull();
        assertThat(t.get("/a").childCount()).isEqualTo(1);
        assertThat(t.allChildrenNumber("/")).isEqualTo(6);
    }

    @Test
    void aWalkDuringChangesSeesEveryNodeThatStaysThroughout() throws Exception {
        DataTree t = new DataTree();
        long zxid = 1;
        t.createNode("/s", new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
        Set<String> stable = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            t.createNode("/s/k" + i, new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
            stable.add("/s/k" + i);
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> missing = new AtomicReference<>();
        Thread walker = new Thread(() -> {
            for (int round = 0; round < 40 && missing.get() == null; round++) {
                Set<String> seen = new HashSet<>();
                t.forEachNode((path, n) -> seen.add(path));
                for (String p : stable) {
                    if (!seen.contains(p)) {
                        missing.compareAndSet(null, p + " in round " + round);
                    }
                }
            }
            done.set(true);
        }, "walker");
        walker.start();
        // Churn the same parent: growing and shrinking its table and shifting entries while the walker lists it.
        List<String> churn = new ArrayList<>();
        int i = 0;
        while (!done.get()) {
            String p = "/s/t" + i++;
            t.createNode(p, new byte[0], DataTree.OPEN_ACL, 0, -1, zxid++, 0);
            churn.add(p);
            if (churn.size() > 5000) {
                for (String d : churn) {
                    t.deleteNode(d, zxid++);
                }
                churn.clear();
            }
        }
        walker.join();
        assertThat(missing.get()).as("a stable node the walk missed").isNull();
        assertThat(t.get("/s").childCount()).isEqualTo(3000 + churn.size());
    }
}
