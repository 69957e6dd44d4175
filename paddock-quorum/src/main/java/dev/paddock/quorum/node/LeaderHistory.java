package dev.paddock.quorum.node;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.CommittedWindow;
import dev.paddock.core.sync.SyncPlanner;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.jute.JuteOutput;
import dev.paddock.quorum.zab.SyncPlan;
import dev.paddock.quorum.zab.SyncSource;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A server's history as the leader's sync needs it: the window of recently committed txns this server keeps
 * (on every server, as ZooKeeper's commit log is kept), the on-disk log behind it, and a snapshot of the live
 * tree for learners too far behind. Plans are ZooKeeper's ({@link SyncPlanner}).
 */
final class LeaderHistory implements SyncSource {
    private final CommittedWindow window;
    private final TxnHistory log;
    private final SyncPlanner planner;
    private final Supplier<DataTree> tree;
    private final Supplier<Map<Long, Integer>> sessions;

    LeaderHistory(CommittedWindow window, TxnHistory log, SyncPlanner planner, Supplier<DataTree> tree,
                  Supplier<Map<Long, Integer>> sessions) {
        this.window = window;
        this.log = log;
        this.planner = planner;
        this.tree = tree;
        this.sessions = sessions;
    }

    @Override
    public SyncPlan plan(long peerLastZxid, long leaderCommittedZxid) {
        // As ZooKeeper: a DIFF from the on-disk log only while it is smaller than factor x the newest snapshot
        // file; a learner far behind a log much bigger than the tree gets SNAP (and a ZooKeeper learner expects it).
        dev.paddock.core.sync.SyncPlan p = planner.plan(peerLastZxid, leaderCommittedZxid, window, log,
                snapshotBytes());
        if (p instanceof dev.paddock.core.sync.SyncPlan.Diff d) {
            return new SyncPlan.Diff(upTo(d.txns(), leaderCommittedZxid));
        }
        if (p instanceof dev.paddock.core.sync.SyncPlan.Trunc t) {
            return new SyncPlan.Trunc(t.zxid(), upTo(t.txns(), leaderCommittedZxid));
        }
        DataTree t = tree.get();
        JuteOutput out = new JuteOutput(64 * 1024);
        ZkSnapshotFormat.write(t, sessions.get(), out); // the transport adds the signature
        return new SyncPlan.Snap(t.lastProcessedZxid(), out.toByteArray(), List.of());
    }

    private long snapshotBytes() {
        try {
            return log.newestSnapshotBytes();
        } catch (java.io.IOException e) {
            return 0; // unknown: let the log serve if it can, as before
        }
    }

    private static List<LoggedTxn> upTo(List<LoggedTxn> txns, long zxid) {
        return txns.stream().filter(t -> t.zxid() <= zxid).toList();
    }
}
