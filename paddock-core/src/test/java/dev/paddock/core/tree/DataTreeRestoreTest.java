package dev.paddock.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restoring a tree node by node, as a snapshot is read: in order, out of order, and with repeated paths. */
class DataTreeRestoreTest {
    private static final List<ACL> DIGEST = List.of(new ACL(31, new Id("digest", "u:x")));

    private static void restore(DataTree t, String path, String data, List<ACL> acl) {
        t.restoreNode(path, data.getBytes(StandardCharsets.UTF_8), acl, 1, 2, 3, 4, 0, 0, 0, 0, 1);
    }

    /** A tree restored from path, data, path, data, ... (open ACL), not finished yet. */
    private static DataTree restoring(String... pathsAndData) {
        DataTree t = DataTree.forRestore();
        for (int i = 0; i < pathsAndData.length; i += 2) {
            restore(t, pathsAndData[i], pathsAndData[i + 1], DataTree.OPEN_ACL);
        }
        return t;
    }

    private static String dataOf(DataTree t, String path) {
        return new String(t.get(path).data(), StandardCharsets.UTF_8);
    }

    private static List<String> children(DataTree t, String path) {
        return new ArrayList<>(t.get(path).children());
    }

    @Test
    void siblingsAfterACousinStillFindTheirOwnParent() {
        DataTree t = restoring("/", "", "/a", "a", "/b", "b", "/a/x", "ax",
                "/b/y", "by",    // a parent path as long as the last one, not the same
                "/ab", "ab",
                "/ab/y", "aby",  // starts like the "/a" before it
                "/a/z", "az",    // back to an earlier parent
                "/c", "c");      // back to the root
        assertThat(t.finishRestore()).isZero();

        assertThat(children(t, "/")).containsExactlyInAnyOrder("a", "ab", "b", "c");
        assertThat(children(t, "/a")).containsExactlyInAnyOrder("x", "z");
        assertThat(children(t, "/ab")).containsExactly("y");
        assertThat(children(t, "/b")).containsExactly("y");
        assertThat(dataOf(t, "/ab/y")).isEqualTo("aby");
        assertThat(dataOf(t, "/b/y")).isEqualTo("by");
        assertThat(t.nodeCount()).isEqualTo(10); // nine nodes, the root counted twice as ZooKeeper does
    }

    @Test
    void aChildBeforeItsParentWaitsAndAnOrphanIsDropped() {
        DataTree t = restoring("/", "", "/p/c", "c", "/gone/c", "orphan", "/p", "p");
        assertThat(t.finishRestore()).isEqualTo(1);
        assertThat(dataOf(t, "/p/c")).isEqualTo("c");
        assertThat(t.get("/gone/c")).isNull();
    }

    @Test
    void aRepeatedPathReplacesTheNodeAndItsChildrenGoUnderTheNewOne() {
        // "/a/y"'s parent is the new "/a", not the one it replaced
        DataTree t = restoring("/", "", "/a", "old", "/a/x", "x", "/a", "new", "/a/y", "y");
        t.finishRestore();

        assertThat(dataOf(t, "/a")).isEqualTo("new");
        assertThat(children(t, "/a")).containsExactly("y");
        assertThat(children(t, "/")).containsExactly("a");
        assertThat(t.get("/a/x")).isNull(); // it went with the node it hung from
    }

    @Test
    void aRestoredRootTakesTheNodesThatFollowIt() {
        DataTree t = restoring("/", "", "/a", "a", "/", "again", "/b", "b");
        t.finishRestore();
        assertThat(dataOf(t, "/")).isEqualTo("again");
        assertThat(children(t, "/")).containsExactly("b");
    }

    @Test
    void eachNodeKeepsTheAclItWasGivenInternedOnce() {
        DataTree t = restoring("/", "");
        List<ACL> digestCopy = new ArrayList<>(DIGEST);
        restore(t, "/a", "", DIGEST);
        restore(t, "/b", "", DIGEST);
        restore(t, "/c", "", DataTree.OPEN_ACL);
        restore(t, "/d", "", digestCopy); // an equal list in another object
        t.finishRestore();
        assertThat(t.get("/a").acl()).isEqualTo(DIGEST);
        assertThat(t.get("/b").acl()).isSameAs(t.get("/a").acl());
        assertThat(t.get("/d").acl()).isSameAs(t.get("/a").acl());
        assertThat(t.get("/c").acl()).isEqualTo(DataTree.OPEN_ACL);
    }
}
