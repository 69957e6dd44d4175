package dev.paddock.core;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.List;
import java.util.Map;

/**
 * What the server's core thread drives: client traffic and time in, transactions to log out, and the read-only
 * figures four-letter words report. {@link ServerCore} is one (standalone); an ensemble member wraps a quorum node
 * in one. Every method runs on the core thread.
 */
public interface CoreNode extends CoreFigures {
    void connect(ClientConnection conn, ConnectRequest request, long nowMs);

    void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs);

    void connectionClosed(ClientConnection conn, long nowMs);

    void tick(long nowMs);

    /** Transactions to make durable, in zxid order; report them with {@link #committed}. */
    List<LoggedTxn> takeProposals();

    /** Everything taken up to {@code zxid} is durable. */
    void committed(long zxid, long nowMs);

    /** Where to report reads, changes and fired watches for the server's metrics (nodes that keep none ignore it). */
    default void recordInto(CoreStats stats) {
    }

    /** The live tree, for a fuzzy snapshot. Test nodes that never snapshot need not have one. */
    default DataTree tree() {
        throw new UnsupportedOperationException("this core cannot be snapshotted");
    }

    /** Open sessions and their timeouts as applied, for a snapshot. */
    default Map<Long, Integer> sessionTimeouts() {
        throw new UnsupportedOperationException("this core cannot be snapshotted");
    }
}
