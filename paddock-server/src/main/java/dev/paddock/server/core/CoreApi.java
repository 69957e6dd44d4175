package dev.paddock.server.core;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.List;

/**
 * {@link dev.paddock.core.ServerCore}'s methods as an interface, so the driver can be tested with a fake core.
 * Production uses {@link ServerCoreAdapter}.
 */
public interface CoreApi extends CoreQueries {
    void connect(ClientConnection conn, ConnectRequest request, long nowMs);

    void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs);

    void connectionClosed(ClientConnection conn, long nowMs);

    void tick(long nowMs);

    List<LoggedTxn> takeProposals();

    void committed(long zxid, long nowMs);

    /** The live tree, for a fuzzy snapshot (core thread only). Test cores that never snapshot need not have one. */
    default dev.paddock.core.tree.DataTree tree() {
        throw new UnsupportedOperationException("this core cannot be snapshotted");
    }

    /** Open sessions and their timeouts, for a snapshot (core thread only). */
    default java.util.Map<Long, Integer> sessionTimeouts() {
        throw new UnsupportedOperationException("this core cannot be snapshotted");
    }
}
