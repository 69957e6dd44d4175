package dev.paddock.storage;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** A canonical text form of a tree, for comparing trees in tests. */
final class TreeDump {
    private TreeDump() {
    }

    static String of(DataTree tree) {
        StringBuilder sb = new StringBuilder();
        Map<String, DataNode> sorted = new TreeMap<>(tree.nodes());
        sorted.forEach((path, n) -> sb.append(path).append(' ').append(n.toStat()).append(' ')
                .append(Arrays.toString(n.data())).append(' ').append(n.acl()).append(' ')
                .append(new java.util.TreeSet<>(n.children())).append('\n'));
        tree.allEphemerals().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sb.append("ephemerals ")
                .append(e.getKey()).append(new java.util.TreeSet<>(e.getValue())).append('\n'));
        sb.append("containers ").append(new java.util.TreeSet<>(tree.containers())).append('\n');
        sb.append("ttls ").append(new java.util.TreeSet<>(tree.ttls())).append('\n');
        return sb.toString();
    }
}
