package dev.paddock.server.core;

import dev.paddock.core.ClientConnection;
import dev.paddock.core.CoreConfig;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.ServerCore;
import dev.paddock.core.SessionView;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The real core behind {@link CoreApi}. */
public final class ServerCoreAdapter implements CoreApi {
    private final ServerCore core;

    public ServerCoreAdapter(CoreConfig config, long nowMs) {
        this.core = new ServerCore(config, nowMs);
    }

    /** A core resuming from recovered state. */
    public ServerCoreAdapter(CoreConfig config, long nowMs, dev.paddock.core.tree.DataTree tree,
                             Map<Long, Integer> sessionTimeouts) {
        this.core = new ServerCore(config, nowMs, tree, sessionTimeouts);
    }

    @Override
    public dev.paddock.core.tree.DataTree tree() {
        return core.tree();
    }

    @Override
    public Map<Long, Integer> sessionTimeouts() {
        return core.sessionTimeouts();
    }

    @Override
    public void connect(ClientConnection conn, ConnectRequest request, long nowMs) {
        core.connect(conn, request, nowMs);
    }

    @Override
    public void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs) {
        core.request(conn, header, body, nowMs);
    }

    @Override
    public void connectionClosed(ClientConnection conn, long nowMs) {
        core.connectionClosed(conn, nowMs);
    }

    @Override
    public void tick(long nowMs) {
        core.tick(nowMs);
    }

    @Override
    public List<LoggedTxn> takeProposals() {
        return core.takeProposals();
    }

    @Override
    public void committed(long zxid, long nowMs) {
        core.committed(zxid, nowMs);
    }

    @Override
    public long lastProcessedZxid() {
        return core.lastProcessedZxid();
    }

    @Override
    public int nodeCount() {
        return core.nodeCount();
    }

    @Override
    public long approximateDataSize() {
        return core.approximateDataSize();
    }

    @Override
    public List<SessionView> sessions() {
        return core.sessions();
    }

    @Override
    public int ephemeralCount() {
        return core.ephemeralCount();
    }

    @Override
    public int watchCount() {
        return core.watchCount();
    }

    @Override
    public Map<Long, Set<String>> watchesBySession() {
        return core.watchesBySession();
    }

    @Override
    public Map<String, Set<Long>> watchesByPath() {
        return core.watchesByPath();
    }

    @Override
    public int outstandingRequests() {
        return core.outstandingRequests();
    }
}
