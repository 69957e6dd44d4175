package dev.paddock.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathsTest {
    @Test
    void parentsAnswersAsParentAndSharesTheStringForSiblingsInARow() {
        Paths.Parents parents = new Paths.Parents();
        for (String p : new String[] {"/a", "/a/b", "/a/b/c", "/ab/c", "/a/bc", "/a/b", "/x/y/z", "/x/yz/z", "/"}) {
            assertThat(parents.of(p)).as(p).isEqualTo(p.equals("/") ? "/" : Paths.parent(p));
        }
        String first = parents.of("/queue/item-0000000001");
        assertThat(first).isEqualTo("/queue");
        assertThat(parents.of("/queue/item-0000000002")).isSameAs(first);
        // a sibling of the same length under another parent is not mistaken for one under the last parent
        assertThat(parents.of("/qveue/item")).isEqualTo("/qveue");
        assertThat(parents.of("/queue/x")).isEqualTo("/queue").isNotSameAs(first);
    }
}
