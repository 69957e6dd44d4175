package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One server's protocol logic: the data tree, sessions, watches, ACL checks and the request pipeline. It is
 * single-threaded and has no clock, sockets or disk of its own: the caller runs every method on one thread,
 * passes the time in, persists what {@link #takeProposals()} returns and then reports it with
 * {@link #committed(long, long)}. Replies and watch events leave through {@link ClientConnection}.
 *
 * <p>Order of work for the driver, after each batch of inputs: take the proposals, make them durable, call
 * committed with the last zxid. Only committed transactions are applied and answered.
 */
public final class ServerCore {
    // IMPLEMENTATION IN PROGRESS: signatures are the contract the server module codes against.

    public ServerCore(CoreConfig config, long nowMs) {
        throw new UnsupportedOperationException("in progress");
    }

    /** A connect handshake arrived on {@code conn}: a new session (sessionId 0) or a reconnect. */
    public void connect(ClientConnection conn, ConnectRequest request, long nowMs) {
        throw new UnsupportedOperationException("in progress");
    }

    /** A request arrived on an established connection. {@code body} is null for ops without one. */
    public void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs) {
        throw new UnsupportedOperationException("in progress");
    }

    /** The connection is gone (closed by the peer, an error, or the server). Its session lives on until expiry. */
    public void connectionClosed(ClientConnection conn, long nowMs) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Time passed: expire sessions, reap empty containers and expired TTL nodes. Call at least every tick. */
    public void tick(long nowMs) {
        throw new UnsupportedOperationException("in progress");
    }

    /** Transactions proposed since the last call, in zxid order; the caller must make them durable. */
    public List<LoggedTxn> takeProposals() {
        throw new UnsupportedOperationException("in progress");
    }

    /** Every proposal up to and including {@code zxid} is durable: apply, answer, fire watches. */
    public void committed(long zxid, long nowMs) {
        throw new UnsupportedOperationException("in progress");
    }

    // ---- introspection for four-letter words and admin; call on the core thread ----

    public long lastProcessedZxid() {
        throw new UnsupportedOperationException("in progress");
    }

    public int nodeCount() {
        throw new UnsupportedOperationException("in progress");
    }

    /** Sum of path lengths and data lengths, as ZooKeeper's approximate data size. */
    public long approximateDataSize() {
        throw new UnsupportedOperationException("in progress");
    }

    public List<SessionView> sessions() {
        throw new UnsupportedOperationException("in progress");
    }

    public int ephemeralCount() {
        throw new UnsupportedOperationException("in progress");
    }

    public int watchCount() {
        throw new UnsupportedOperationException("in progress");
    }

    public Map<Long, Set<String>> watchesBySession() {
        throw new UnsupportedOperationException("in progress");
    }

    public Map<String, Set<Long>> watchesByPath() {
        throw new UnsupportedOperationException("in progress");
    }

    /** Requests received but not yet answered. */
    public int outstandingRequests() {
        throw new UnsupportedOperationException("in progress");
    }
}
