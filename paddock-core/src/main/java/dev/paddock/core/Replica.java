package dev.paddock.core;

import dev.paddock.core.pipeline.Applier;
import dev.paddock.core.pipeline.ApplyResult;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.session.AppliedSessions;
import dev.paddock.core.tree.DataTree;
import java.util.Map;

/**
 * The replicated state every server keeps: the data tree and the sessions as the applied transactions define
 * them. It changes only by {@link #apply} of committed transactions, in zxid order, on every server alike; a
 * snapshot of it therefore never holds a session or node whose transaction is not applied.
 */
public final class Replica {
    private final DataTree tree;
    private final Applier applier;
    private final AppliedSessions sessions;

    /** @param sessions the open sessions at the tree's zxid (id to timeout), as recovery or a snapshot gives them */
    public Replica(DataTree tree, Map<Long, Integer> sessions) {
        this.tree = tree;
        this.applier = new Applier(tree);
        this.sessions = new AppliedSessions(sessions);
    }

    /** Applies a committed transaction; watch events go to {@code events}. */
    public ApplyResult apply(LoggedTxn t, TreeEvents events) {
        ApplyResult result = applier.apply(t.header(), t.txn(), events);
        sessions.applied(t.header(), t.txn());
        return result;
    }

    public DataTree tree() {
        return tree;
    }

    public long lastAppliedZxid() {
        return tree.lastProcessedZxid();
    }

    /** How many sessions are open as applied. */
    public int sessionCount() {
        return sessions.count();
    }

    /** Open sessions by id with their timeouts, as applied; a copy, safe to hand to another thread. */
    public Map<Long, Integer> sessions() {
        return sessions.copy();
    }
}
