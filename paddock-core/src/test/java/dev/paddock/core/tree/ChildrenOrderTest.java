package dev.paddock.core.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A node's children in insertion order (what a snapshot writes, so that a restored tree lists them as before)
 * against a model, through runs that keep the insertion numbers dense and runs whose removals thin them out.
 */
class ChildrenOrderTest {

    private static DataNode node(String name) {
        return DataNode.of(Names.of(name), new byte[0], List.of(), 1, 1, 0);
    }

    private static List<String> names(DataNode[] nodes) {
        List<String> out = new ArrayList<>(nodes.length);
        for (DataNode n : nodes) {
            out.add(Names.toString(n.name));
        }
        return out;
    }

    @Test
    void insertionOrderSurvivesAddsAndRemovesWhateverTheirMix() {
        for (int removeEvery : new int[] {0, 7, 2}) { // none, a few (dense numbers), most (sparse numbers)
            Random random = new Random(42 + removeEvery);
            Children kids = new Children(0);
            Map<String, Boolean> model = new LinkedHashMap<>();
            int next = 0;
            for (int step = 0; step < 20_000; step++) {
                boolean remove = removeEvery > 0 && !model.isEmpty() && random.nextInt(removeEvery) != 0;
                if (remove) {
                    List<String> present = new ArrayList<>(model.keySet());
                    String gone = present.get(random.nextInt(present.size()));
                    assertThat(kids.remove("/" + gone, 1, gone.length() + 1)).isNotNull();
                    model.remove(gone);
                } else {
                    String name = "c" + next++;
                    assertThat(kids.addIfAbsent(node(name))).isNull();
                    model.put(name, true);
                }
                if (step % 997 == 0) {
                    assertThat(names(kids.inserted())).as("after step " + step).containsExactlyElementsOf(model.keySet());
                }
            }
            assertThat(names(kids.inserted())).containsExactlyElementsOf(model.keySet());
            // the listing order is a permutation of the same children
            assertThat(names(kids.ordered())).containsExactlyInAnyOrderElementsOf(model.keySet());
        }
    }

    @Test
    void aReAddedNameGoesLast() {
        Children kids = new Children(0);
        for (String n : List.of("a", "b", "c")) {
            kids.add(node(n));
        }
        kids.remove("/a", 1, 2);
        kids.add(node("a"));
        assertThat(names(kids.inserted())).containsExactly("b", "c", "a");
    }
}
