package dev.paddock.core.tree;

import dev.paddock.jute.JuteOutput;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * A node's child names in listing order, as of one moment: a read-only list over the children themselves. Names
 * are kept as bytes; one becomes a String only when asked for, and a reply writes the bytes as they are (an ASCII
 * name's bytes are its UTF-8). The array is the tree's listing-order snapshot, which is never changed in place, and
 * a node's name never changes, so the list may be read on any thread.
 */
public final class ChildNames extends AbstractList<String> implements RandomAccess, JuteOutput.StringList {
    private final DataNode[] nodes;

    ChildNames(DataNode[] nodes) {
        this.nodes = nodes;
    }

    @Override
    public String get(int i) {
        return Names.toString(nodes[i].name);
    }

    @Override
    public int size() {
        return nodes.length;
    }

    /** The names' lengths in chars, summed (what the per-namespace read bytes count), with no String made. */
    public long totalLength() {
        long total = 0;
        for (DataNode n : nodes) {
            total += n.name instanceof byte[] b ? b.length : ((String) n.name).length();
        }
        return total;
    }

    @Override
    public void writeElements(JuteOutput out) {
        for (DataNode n : nodes) {
            if (n.name instanceof byte[] b) {
                out.writeInt(b.length);
                out.writeBytes(b, 0, b.length);
            } else {
                out.writeString((String) n.name);
            }
        }
    }
}
