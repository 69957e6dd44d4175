package dev.paddock.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataTreeCreateTest {
    @Test
    void createReturnsTheNodeWhoseStatCreateNodeReports() throws Exception {
        DataTree a = new DataTree();
        DataTree b = new DataTree();
        DataNode node = a.create("/n", new byte[] {1, 2}, DataTree.OPEN_ACL, 0, -1, 7, 1000);
        assertThat(node.toStat()).isEqualTo(b.createNode("/n", new byte[] {1, 2}, DataTree.OPEN_ACL, 0, -1, 7, 1000));
        assertThat(a.get("/n")).isSameAs(node);
    }

    @Test
    void equalAclsShareOneInstanceWhateverListTheyCameIn() throws Exception {
        DataTree t = new DataTree();
        List<ACL> decoded = new ArrayList<>(List.of(new ACL(Perms.READ, new Id("digest", "u:x"))));
        DataNode first = t.create("/a", null, decoded, 0, -1, 1, 0);
        DataNode second = t.create("/b", null, List.of(new ACL(Perms.READ, new Id("digest", "u:x"))), 0, -1, 2, 0);
        assertThat(first.acl()).isSameAs(second.acl()).isEqualTo(decoded);
        decoded.clear(); // the caller's list is not what the tree keeps
        assertThat(first.acl()).hasSize(1);
        assertThat(t.create("/c", null, new ArrayList<>(DataTree.OPEN_ACL), 0, -1, 3, 0).acl())
                .isSameAs(t.get("/").acl());
    }
}
