package dev.paddock.core.pipeline;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The overlay of proposed, not yet applied changes. The preparer reads through it so that a request sees
 * every earlier request's effect before that effect reaches the tree. Records are dropped once their
 * transaction is applied; a failed multi rolls its records back.
 */
final class PendingChanges {
    private final DataTree tree;
    private final Map<String, NodeRecord> latest = new HashMap<>();
    private final ArrayDeque<NodeRecord> inOrder = new ArrayDeque<>();
    /** The records put since {@link #mark()}, each with the record it replaced ({@link NodeRecord#replaced}). */
    private final List<NodeRecord> undo = new ArrayList<>();

    PendingChanges(DataTree tree) {
        this.tree = tree;
    }

    /** The node as it will be once pending changes apply; null if it does not (or will not) exist. */
    NodeRecord get(String path) {
        NodeRecord r = latest.get(path);
        if (r != null) {
            return r.exists ? r : null;
        }
        DataNode n = tree.get(path);
        return n == null ? null : NodeRecord.of(path, n);
    }

    void put(NodeRecord r) {
        r.replaced = latest.put(r.path, r);
        undo.add(r);
        inOrder.addLast(r);
    }

    /** Starts a unit that {@link #rollback()} can undo (one request, or a whole multi). */
    void mark() {
        forgetUndo();
    }

    private void forgetUndo() {
        for (NodeRecord r : undo) {
            r.replaced = null; // no chain of older records kept alive
        }
        undo.clear();
    }

    /** Undoes every put since {@link #mark()}. */
    void rollback() {
        for (int i = undo.size() - 1; i >= 0; i--) {
            NodeRecord r = undo.get(i);
            if (r.replaced == null) {
                latest.remove(r.path);
            } else {
                latest.put(r.path, r.replaced);
            }
            inOrder.removeLastOccurrence(r);
        }
        forgetUndo();
    }

    /** The transaction {@code zxid} has been applied: its records (and older) now live in the tree. */
    void applied(long zxid) {
        while (!inOrder.isEmpty() && inOrder.peekFirst().zxid <= zxid) {
            NodeRecord r = inOrder.pollFirst();
            if (latest.get(r.path) == r) {
                latest.remove(r.path);
            }
        }
    }

    /** Paths with a pending change, for session close: pending creates and deletes. */
    Iterable<NodeRecord> pending() {
        return latest.values();
    }

    boolean isEmpty() {
        return latest.isEmpty();
    }
}
