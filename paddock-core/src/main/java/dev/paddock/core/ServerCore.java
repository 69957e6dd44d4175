package dev.paddock.core;

import dev.paddock.core.auth.Acls;
import dev.paddock.core.pipeline.ApplyResult;
import dev.paddock.core.pipeline.LeaderPipeline;
import dev.paddock.core.pipeline.Preparer;
import dev.paddock.core.pipeline.TreeEvents;
import dev.paddock.core.pipeline.ZxidSource;
import dev.paddock.core.session.LocalSessions;
import dev.paddock.core.session.Session;
import dev.paddock.core.session.SessionIds;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.watch.WatchTable;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.EventType;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.multi.MultiResponse;
import dev.paddock.jute.multi.MultiResult;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.Create2Response;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.ErrorResponse;
import dev.paddock.jute.proto.GetSASLRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetACLResponse;
import dev.paddock.jute.proto.SetDataResponse;
import dev.paddock.jute.proto.SyncRequest;
import dev.paddock.jute.proto.WatcherEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.agrona.collections.Long2ObjectHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's protocol logic: the data tree, sessions, watches, ACL checks and the request pipeline. It is
 * single-threaded and has no clock, sockets or disk of its own: the caller runs every method on one thread,
 * passes the time in, persists what {@link #takeProposals()} returns and then reports it with
 * {@link #committed(long, long)}. Replies and watch events leave through {@link ClientConnection}.
 *
 * <p>Pipeline: a write is prepared into a transaction at once (against the tree plus pending changes), handed
 * out for logging, and applied and answered only when committed. A read waits behind its own connection's
 * earlier writes, so each connection sees its answers in order and its own writes in its reads.
 */
public final class ServerCore implements CoreNode {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCore.class);

    private final CoreConfig config;
    private final DataTree tree;
    private final Replica replica;
    /** The leader's pipeline, on a standalone server or the leader; null on a learner. */
    private final LeaderPipeline pipeline;
    private final LeaderGateway leader;
    /** Set on the read-only front of an ensemble member without a quorum (readonlymode.enabled), else null. */
    private final ReadOnlyGateway readOnly;
    private final SessionIds sessionIds;
    /** This member's local sessions (localSessionsEnabled in an ensemble); null otherwise. */
    private final LocalSessions local;
    private final WatchTable dataWatches = new WatchTable();
    private final WatchTable childWatches = new WatchTable();
    private final ReadHandler reads;
    private final TreeEvents events = new WatchFiring();
    private final AuthGate authGate;

    /** By connection id and by session id, both looked up on every request: maps of primitive longs. */
    private final Long2ObjectHashMap<ConnState> conns = new Long2ObjectHashMap<>(16, 0.65f, false);
    private final Long2ObjectHashMap<ConnState> connBySession = new Long2ObjectHashMap<>(16, 0.65f, false);
    /** Transactions handed out for logging and not yet committed, in zxid order. */
    private final ArrayDeque<LoggedTxn> uncommitted = new ArrayDeque<>();
    /** Reconnects waiting for the leader to say whether their session may resume. */
    private final Map<Long, List<ConnState>> revalidating = new HashMap<>();

    /** A server with an empty tree and no sessions. */
    public ServerCore(CoreConfig config, long nowMs) {
        this(config, nowMs, new DataTree(), Map.of());
    }

    /**
     * A standalone server resuming from recovered state: the tree (with its last applied zxid) and the sessions
     * that were open, by id with their timeouts. Each session gets a full timeout from {@code nowMs} to reconnect.
     */
    public ServerCore(CoreConfig config, long nowMs, DataTree tree, Map<Long, Integer> sessionTimeouts) {
        this(config, nowMs, tree, sessionTimeouts,
                new LeaderPipeline(config, tree, ZxidSource.continuing(tree.lastProcessedZxid()), sessionTimeouts,
                        nowMs), null, false);
    }

    /** The client front and pipeline of an ensemble's leader, handing out zxids of {@code epoch}. */
    public static ServerCore leading(CoreConfig config, long nowMs, DataTree tree, Map<Long, Integer> sessions,
                                     long epoch) {
        return new ServerCore(config, nowMs, tree, sessions,
                new LeaderPipeline(config, tree, ZxidSource.forEpoch(epoch), sessions, nowMs), null, true);
    }

    /** The client front of a learner (follower or observer), reaching the leader through {@code gateway}. */
    public static ServerCore learning(CoreConfig config, long nowMs, DataTree tree, Map<Long, Integer> sessions,
                                      LeaderGateway gateway) {
        return new ServerCore(config, nowMs, tree, sessions, null, gateway, true);
    }

    /**
     * The read-only client front of an ensemble member cut off from its quorum (readonlymode.enabled): reads are
     * answered from {@code tree} as it stands, state changes are refused with NOTREADONLY, only clients that accept
     * a read-only server are admitted, and their sessions are local to this front (see {@link ReadOnlyGateway}).
     */
    public static ServerCore readOnly(CoreConfig config, long nowMs, DataTree tree, Map<Long, Integer> sessions,
                                      boolean localSessionsEnabled) {
        // its sessions are the read-only gateway's own, not the local sessions of a member in a role
        return new ServerCore(config, nowMs, tree, sessions, null,
                new ReadOnlyGateway(sessions.keySet(), localSessionsEnabled), false);
    }

    private ServerCore(CoreConfig config, long nowMs, DataTree tree, Map<Long, Integer> sessionTimeouts,
                       LeaderPipeline pipeline, LeaderGateway gateway, boolean ensemble) {
        this.config = config;
        this.authGate = new AuthGate(config.clientAuth());
        this.tree = tree;
        this.replica = new Replica(tree, sessionTimeouts);
        this.pipeline = pipeline;
        this.leader = pipeline != null ? pipeline : gateway;
        this.readOnly = gateway instanceof ReadOnlyGateway r ? r : null;
        // seeded from the wall clock (as before), so ids stay apart across restarts; elapsed time restarts at boot
        this.sessionIds = new SessionIds(config.serverId(), config.wallClock().wallMs(nowMs));
        this.reads = new ReadHandler(tree, dataWatches, childWatches, config, this::notifyOne);
        // as ZooKeeper: only an ensemble member has local sessions; a standalone server ignores the setting
        this.local = ensemble && config.localSessionsEnabled() ? new LocalSessions(config.tickTimeMs()) : null;
        if (local != null && pipeline != null) {
            pipeline.localSessions(local::contains);
        }
    }

    private CoreStats stats = CoreStats.NONE;

    /** Reads, changes and fired watches go to {@code stats} from now on (ZooKeeper's per-namespace and watch metrics). */
    @Override
    public void recordInto(CoreStats stats) {
        this.stats = stats;
        reads.recordInto(stats);
    }

    // ---------------------------------------------------------------- inputs

    /** A connect handshake arrived on {@code conn}: a new session (sessionId 0) or a reconnect. */
    public void connect(ClientConnection conn, ConnectRequest req, long nowMs) {
        if (conns.containsKey(conn.connectionId())) {
            LOG.warn("Second connect request on connection from {}; closing it", conn.remoteAddress());
            conn.close();
            return;
        }
        if (readOnly != null && !readOnly.admits(conn, req.sessionId())) {
            conn.close();
            return;
        }
        if (req.lastZxidSeen() > tree.lastProcessedZxid()) {
            LOG.info("Refusing session request for client {} as it has seen zxid 0x{} our last zxid is 0x{}"
                            + " client must try another server", conn.remoteAddress(),
                    Long.toHexString(req.lastZxidSeen()), Long.toHexString(tree.lastProcessedZxid()));
            conn.close();
            return;
        }
        int timeout = Math.max(config.minSessionTimeoutMs(), Math.min(config.maxSessionTimeoutMs(), req.timeOut()));
        ConnState cs = new ConnState(conn);
        cs.negotiatedTimeoutMs = timeout;
        if (req.sessionId() == 0) {
            long sid = sessionIds.next();
            conns.put(cs.id(), cs);
            bind(cs, sid);
            if (local != null) {
                local.add(sid, timeout, nowMs); // no transaction: the session lives here only
                established(cs, "local ");
                return;
            }
            // a read-only front's sessions are local: answered at once, nothing to commit
            cs.queue.add(new ConnState.Entry(null, OpCode.CREATE_SESSION, null, readOnly == null));
            leader.createSession(sid, timeout, nowMs);
            if (readOnly != null) {
                drain(cs);
            }
            return;
        }
        long sessionId = req.sessionId();
        if (!SessionIds.checkPassword(sessionId, req.passwd())) {
            refuseReconnect(cs, sessionId);
            return;
        }
        cs.sessionId = sessionId;
        stats.sessionReconnecting();
        if (local != null && local.contains(sessionId)) {
            // ours: valid unless closing; a local session of another server is unknown here and the leader
            // refuses it (it revalidates global sessions only), so the client sees its session expired
            if (local.touch(sessionId, timeout, nowMs)) {
                resume(cs, nowMs);
            } else {
                refuseReconnect(cs, sessionId);
            }
            return;
        }
        switch (leader.revalidate(sessionId, timeout, nowMs)) {
            case VALID -> resume(cs, nowMs);
            case INVALID -> refuseReconnect(cs, sessionId);
            case PENDING -> revalidating.computeIfAbsent(sessionId, k -> new ArrayList<>()).add(cs);
        }
    }

    /** The leader's answer to a {@link LeaderGateway.Validity#PENDING} reconnect of {@code sessionId}. */
    public void revalidated(long sessionId, boolean valid, long nowMs) {
        for (ConnState cs : revalidating.getOrDefault(sessionId, List.of())) {
            if (cs.closed) {
                continue;
            }
            if (valid) {
                resume(cs, nowMs);
            } else {
                refuseReconnect(cs, sessionId);
            }
        }
        revalidating.remove(sessionId);
    }

    private void resume(ConnState cs, long nowMs) {
        conns.put(cs.id(), cs);
        ConnState old = connBySession.get(cs.sessionId);
        if (old != null && old != cs) {
            LOG.info("Session 0x{} moved to a new connection from {}; closing the old one",
                    Long.toHexString(cs.sessionId), cs.conn.remoteAddress());
            dropConnection(old);
            old.conn.close();
        }
        bind(cs, cs.sessionId);
        LOG.info("Session 0x{} reconnected from {} with negotiated timeout {} ms", Long.toHexString(cs.sessionId),
                cs.conn.remoteAddress(), cs.negotiatedTimeoutMs);
        cs.conn.sendConnectResponse(new ConnectResponse(0, cs.negotiatedTimeoutMs, cs.sessionId,
                SessionIds.password(cs.sessionId)), readOnly != null);
    }

    private void refuseReconnect(ConnState cs, long sessionId) {
        LOG.info("Invalid session 0x{} for client {}, probably expired", Long.toHexString(sessionId),
                cs.conn.remoteAddress());
        cs.closed = true;
        cs.conn.sendConnectResponse(new ConnectResponse(0, 0, 0, new byte[16]), readOnly != null);
        cs.conn.close();
    }

    private void bind(ConnState cs, long sessionId) {
        cs.sessionId = sessionId;
        connBySession.put(sessionId, cs);
    }

    /** A request arrived on an established connection. {@code body} is null for ops without one. */
    public void request(ClientConnection conn, RequestHeader header, JuteRecord body, long nowMs) {
        ConnState cs = conns.get(conn.connectionId());
        if (cs == null) {
            LOG.warn("Request before connect from {}; closing the connection", conn.remoteAddress());
            conn.close();
            return;
        }
        OpCode op = OpCode.of(header.type());
        boolean isLocal = local != null && local.contains(cs.sessionId);
        boolean live = isLocal ? local.touch(cs.sessionId, cs.negotiatedTimeoutMs, nowMs)
                : leader.touch(cs.sessionId, cs.negotiatedTimeoutMs, nowMs);
        if (op == OpCode.AUTH) {
            auth(cs, header, (AuthPacket) body);
            return;
        }
        if (op == OpCode.SASL) {
            if (!authGate.sasl(cs, header, (GetSASLRequest) body)) {
                closeConnection(cs);
            }
            return;
        }
        if (!authGate.admits(cs, header)) {
            closeConnection(cs);
            return;
        }
        if (op == null || op == OpCode.NOTIFICATION || op == OpCode.CHECK || op == OpCode.CREATE_SESSION
                || op == OpCode.ERROR) {
            LOG.warn("Received packet of unknown type {} from session 0x{}", header.type(),
                    Long.toHexString(cs.sessionId));
            conn.send(new ReplyHeader(header.xid(), -1, ErrorCode.UNIMPLEMENTED.code), null);
            closeConnection(cs);
            return;
        }
        boolean write = op.isWrite();
        ConnState.Entry entry = new ConnState.Entry(header, op, body, write);
        cs.queue.add(entry);
        if (!live) {
            entry.write = false;
            entry.presetError = ErrorCode.SESSIONEXPIRED.code;
        } else if (op == OpCode.CLOSE_SESSION && isLocal) {
            closeLocal(cs, entry);
        } else if (readOnly != null && ReadOnlyGateway.refusesOp(op)) {
            entry.write = false;
            entry.presetError = ErrorCode.NOTREADONLY.code;
        } else if (op == OpCode.CLOSE_SESSION) {
            entry.write = readOnly == null;
            leader.closeSession(cs.sessionId, header.xid(), nowMs);
        } else if (write) {
            if (isLocal && LocalSessions.createsEphemeral(op, body)) {
                upgradeForEphemeral(cs, entry, nowMs);
            }
            leader.write(op, body, new Preparer.Caller(cs.sessionId, header.xid(), cs.authIds), nowMs);
        } else if (op == OpCode.SYNC && !leader.sync(cs.sessionId, header.xid(), ((SyncRequest) body).path(), nowMs)) {
            entry.write = true; // waits like a write until the leader's answer, then answers like a read
        }
        drain(cs);
    }

    /**
     * A local session asks for an ephemeral node. With localSessionsUpgradingEnabled it becomes global first: a
     * createSession with its timeout goes to the leader ahead of the create, and this server stops tracking it.
     * Without, the create still goes to the leader (as ZooKeeper forwards it), which refuses it; the client is
     * told EPHEMERALONLOCALSESSION, except in a multi, whose results are the leader's.
     */
    private void upgradeForEphemeral(ConnState cs, ConnState.Entry entry, long nowMs) {
        if (!config.localSessionsUpgradingEnabled()) {
            LOG.warn("Session 0x{} is local and may not create ephemeral nodes (localSessionsUpgradingEnabled is"
                    + " off)", Long.toHexString(cs.sessionId));
            if (entry.op != OpCode.MULTI) {
                entry.presetError = ErrorCode.EPHEMERALONLOCALSESSION.code;
            }
            return;
        }
        int timeout = local.upgrade(cs.sessionId);
        LOG.info("Upgrading local session 0x{} to a global session with timeout {} ms",
                Long.toHexString(cs.sessionId), timeout);
        leader.createSession(cs.sessionId, timeout, nowMs);
    }

    /** A local session is closed here: no transaction; answered in turn, then its connection closes. */
    private void closeLocal(ConnState cs, ConnState.Entry entry) {
        local.remove(cs.sessionId);
        LOG.info("Closed local session 0x{} at the client's request", Long.toHexString(cs.sessionId));
        entry.done = true;
        entry.result = new ApplyResult(OpCode.CLOSE_SESSION, 0, null, null, null);
    }

    /** The leader has answered the sync {@code cxid} of {@code sessionId}: this server has everything before it. */
    public void synced(long sessionId, int cxid) {
        ConnState cs = connBySession.get(sessionId);
        if (cs == null) {
            return;
        }
        for (ConnState.Entry e : cs.queue) {
            if (e.op == OpCode.SYNC && e.write && e.header.xid() == cxid) {
                e.write = false;
                drain(cs);
                return;
            }
        }
    }

    private void auth(ConnState cs, RequestHeader header, AuthPacket packet) {
        String scheme = packet.scheme();
        if ("digest".equals(scheme) && packet.auth() != null) {
            String digest = Acls.digest(new String(packet.auth(), StandardCharsets.UTF_8));
            if (digest.equals(config.superDigest())) {
                cs.authIds.add(new Id("super", ""));
            }
            cs.authIds.add(new Id("digest", digest));
        } else if ("ip".equals(scheme)) {
            cs.authIds.add(new Id("ip", cs.conn.remoteAddress()));
        } else if ("x509".equals(scheme)
                && cs.conn.transportAuthIds().stream().anyMatch(i -> "x509".equals(i.scheme()))) {
            cs.authIds.addAll(cs.conn.transportAuthIds()); // the TLS handshake proved them: OK again, as ZooKeeper
        } else {
            LOG.warn("Authentication failed for session 0x{}: no provider for scheme {}",
                    Long.toHexString(cs.sessionId), scheme);
            cs.conn.send(new ReplyHeader(header.xid(), 0, ErrorCode.AUTHFAILED.code), null);
            closeConnection(cs);
            return;
        }
        LOG.info("Session 0x{}: auth success for scheme {} and address {}", Long.toHexString(cs.sessionId), scheme,
                cs.conn.remoteAddress());
        cs.conn.send(new ReplyHeader(header.xid(), 0, 0), null);
    }

    /** The connection is gone (closed by the peer, an error, or the server). Its session lives on until expiry. */
    public void connectionClosed(ClientConnection conn, long nowMs) {
        ConnState cs = conns.get(conn.connectionId());
        if (cs != null) {
            dropConnection(cs);
            return;
        }
        for (List<ConnState> waiting : revalidating.values()) {
            waiting.removeIf(w -> w.id() == conn.connectionId());
        }
    }

    /** This server stops serving in its role: every client connection closes; the sessions live on. */
    public void closeAllConnections() {
        for (ConnState cs : List.copyOf(conns.values())) {
            closeConnection(cs);
        }
        for (List<ConnState> waiting : revalidating.values()) {
            waiting.forEach(cs -> cs.conn.close());
        }
        revalidating.clear();
    }

    private void dropConnection(ConnState cs) {
        cs.closed = true;
        AuthGate.release(cs);
        conns.remove(cs.id());
        if (connBySession.get(cs.sessionId) == cs) {
            connBySession.remove(cs.sessionId);
        }
        dataWatches.removeConnection(cs.id());
        childWatches.removeConnection(cs.id());
        cs.queue.clear();
    }

    private void closeConnection(ConnState cs) {
        dropConnection(cs);
        cs.conn.close();
    }

    /** Time passed: expire sessions, reap empty containers and expired TTL nodes. Call at least every tick. */
    public void tick(long nowMs) {
        if (local != null) {
            List<Session> expired = local.expire(nowMs);
            for (Session s : expired) {
                LOG.info("Expiring local session 0x{}, timeout of {}ms exceeded", Long.toHexString(s.id()),
                        s.timeoutMs());
                ConnState cs = connBySession.get(s.id());
                if (cs != null) {
                    closeConnection(cs);
                }
            }
            if (!expired.isEmpty()) {
                stats.sessionsExpired(expired.size());
            }
        }
        if (readOnly != null) {
            for (long sessionId : readOnly.expire(nowMs)) {
                LOG.info("Expiring local session 0x{} of the read-only server", Long.toHexString(sessionId));
                ConnState cs = connBySession.get(sessionId);
                if (cs != null) {
                    closeConnection(cs);
                }
            }
        }
        if (pipeline != null) {
            int expired = pipeline.tick(nowMs);
            if (expired > 0) {
                stats.sessionsExpired(expired);
            }
        }
    }

    // ---------------------------------------------------------------- persistence hand-off

    /** Transactions proposed since the last call, in zxid order; the caller must make them durable. */
    public List<LoggedTxn> takeProposals() {
        if (pipeline == null) {
            return List.of();
        }
        List<LoggedTxn> out = pipeline.takeProposals();
        uncommitted.addAll(out);
        return out;
    }

    /** Every proposal up to and including {@code zxid} is durable: apply, answer, fire watches. */
    public void committed(long zxid, long nowMs) {
        while (!uncommitted.isEmpty() && uncommitted.peekFirst().zxid() <= zxid) {
            apply(uncommitted.pollFirst());
        }
    }

    /**
     * Applies one committed transaction, the next in zxid order: the replica changes, watches fire, and the
     * request it came from is answered if it waits here. A learner calls this for every commit from the leader.
     */
    public void apply(LoggedTxn t) {
        ApplyResult result = replica.apply(t, events);
        OpCode type = OpCode.of(t.header().type());
        if (local != null && (type == OpCode.CREATE_SESSION || type == OpCode.CLOSE_SESSION)) {
            local.remove(t.header().clientId()); // global now (or gone), wherever its upgrade was asked for
        }
        stats.applied(t.header().time());
        leader.applied(t);
        answerCommitted(t, result);
    }

    /**
     * A committed transaction reached the replica: close the connection of a closed session and answer the
     * request it came from, if that request waits on a connection of this server. The request is the first
     * unanswered write of its session's connection, with the transaction's cxid.
     */
    private void answerCommitted(LoggedTxn t, ApplyResult result) {
        long sessionId = t.header().clientId();
        ConnState cs = connBySession.get(sessionId);
        ConnState.Entry e = cs == null ? null : firstPendingWrite(cs);
        boolean ours = e != null && (e.op == OpCode.CREATE_SESSION
                ? t.header().type() == OpCode.CREATE_SESSION.code
                : t.header().type() != OpCode.CREATE_SESSION.code && e.header.xid() == t.header().cxid());
        if (OpCode.of(t.header().type()) == OpCode.CLOSE_SESSION && cs != null && !ours) {
            LOG.info("Closed session 0x{}; closing its connection from {}", Long.toHexString(sessionId),
                    cs.conn.remoteAddress());
            closeConnection(cs);
            return;
        }
        if (ours) {
            e.result = result;
            e.done = true;
            drain(cs);
        }
    }

    private static ConnState.Entry firstPendingWrite(ConnState cs) {
        for (ConnState.Entry e : cs.queue) {
            if (e.write && !e.done && e.op != OpCode.SYNC) {
                return e;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- answers

    /** Answers the connection's requests from the front, stopping at a write whose transaction is not applied. */
    private void drain(ConnState cs) {
        while (!cs.closed && !cs.queue.isEmpty()) {
            ConnState.Entry e = cs.queue.peekFirst();
            if (e.write && !e.done) {
                return;
            }
            cs.queue.pollFirst();
            if (e.op == OpCode.CREATE_SESSION) {
                established(cs, "");
                continue;
            }
            if (e.op == OpCode.CLOSE_SESSION && !e.write && e.presetError == 0) {
                // a read-only front's local session: closed here, nothing to commit
                cs.conn.send(new ReplyHeader(e.header.xid(), tree.lastProcessedZxid(), 0), null);
                closeConnection(cs);
                return;
            }
            int xid = e.header.xid();
            if (e.presetError != 0) {
                cs.conn.send(new ReplyHeader(xid, tree.lastProcessedZxid(), e.presetError), null);
            } else if (e.write) {
                answerWrite(cs, e);
            } else {
                ReadHandler.Answer a = reads.answer(e.op, e.body, cs);
                cs.conn.send(new ReplyHeader(xid, tree.lastProcessedZxid(), a.err()), a.err() == 0 ? a.body() : null);
            }
        }
    }

    private void established(ConnState cs, String kind) {
        LOG.info("Established {}session 0x{} with negotiated timeout {} for client {}", kind,
                Long.toHexString(cs.sessionId), cs.negotiatedTimeoutMs, cs.conn.remoteAddress());
        cs.conn.sendConnectResponse(new ConnectResponse(0, cs.negotiatedTimeoutMs, cs.sessionId,
                SessionIds.password(cs.sessionId)), readOnly != null);
    }

    private void answerWrite(ConnState cs, ConnState.Entry e) {
        ApplyResult r = e.result;
        ReplyHeader hdr;
        JuteRecord body = null;
        if (r.type() == OpCode.ERROR) {
            hdr = new ReplyHeader(e.header.xid(), tree.lastProcessedZxid(), r.err());
        } else {
            hdr = new ReplyHeader(e.header.xid(), tree.lastProcessedZxid(), 0);
            body = switch (e.op) {
                case CREATE -> new CreateResponse(r.path());
                case CREATE2, CREATE_TTL, CREATE_CONTAINER -> new Create2Response(r.path(), r.stat());
                case SET_DATA -> new SetDataResponse(r.stat());
                case SET_ACL -> new SetACLResponse(r.stat());
                case RECONFIG -> new GetDataResponse(tree.get(DataTree.CONFIG).data(), r.stat());
                case MULTI -> multiResponse(r);
                default -> null;
            };
        }
        cs.conn.send(hdr, body);
        if (e.op == OpCode.CLOSE_SESSION) {
            closeConnection(cs);
        }
    }

    private static MultiResponse multiResponse(ApplyResult r) {
        List<MultiResult> out = new ArrayList<>(r.multi().size());
        for (ApplyResult sub : r.multi()) {
            out.add(switch (sub.type()) {
                case CHECK -> new MultiResult(OpCode.CHECK, 0, null);
                case CREATE -> new MultiResult(OpCode.CREATE, 0, new CreateResponse(sub.path()));
                case CREATE2, CREATE_TTL, CREATE_CONTAINER ->
                        new MultiResult(OpCode.CREATE2, 0, new Create2Response(sub.path(), sub.stat()));
                case DELETE, DELETE_CONTAINER -> new MultiResult(OpCode.DELETE, 0, null);
                case SET_DATA -> new MultiResult(OpCode.SET_DATA, 0, new SetDataResponse(sub.stat()));
                default -> new MultiResult(OpCode.ERROR, sub.err(), new ErrorResponse(sub.err()));
            });
        }
        return new MultiResponse(out);
    }

    // ---------------------------------------------------------------- watches

    private void notifyOne(ConnState cs, EventType type, String path, long zxid) {
        cs.conn.send(new ReplyHeader(-1, zxid, 0), new WatcherEvent(type.code, KeeperState.SYNC_CONNECTED.code, path));
    }

    private void fire(Set<Long> targets, EventType type, String path, List<ACL> acl, long zxid) {
        if (!targets.isEmpty()) {
            stats.watchesFired(type, targets.size());
        }
        for (long connId : targets) {
            ConnState cs = conns.get(connId);
            if (cs != null && (config.skipAcl() || Acls.allowed(acl, Perms.READ, cs.authIds))) {
                notifyOne(cs, type, path, zxid);
            }
        }
    }

    /** {@link #fire} for a node that is in the tree, whose ACL is looked up only if a watch fires. */
    private void fire(Set<Long> targets, EventType type, String path, String aclOf, long zxid) {
        if (!targets.isEmpty()) {
            fire(targets, type, path, tree.get(aclOf).acl(), zxid);
        }
    }

    private final class WatchFiring implements TreeEvents {
        @Override
        public void created(String path, int dataLength, String parent, long zxid) {
            stats.written(path, dataLength);
            fire(dataWatches.trigger(path, null), EventType.NODE_CREATED, path, path, zxid);
            fire(childWatches.trigger(parent, null), EventType.NODE_CHILDREN_CHANGED, parent, parent, zxid);
        }

        @Override
        public void deleted(String path, List<ACL> acl, String parent, long zxid) {
            stats.written(path, 0);
            Set<Long> told = dataWatches.trigger(path, null);
            fire(told, EventType.NODE_DELETED, path, acl, zxid);
            fire(childWatches.trigger(path, told), EventType.NODE_DELETED, path, acl, zxid);
            fire(childWatches.trigger(parent, null), EventType.NODE_CHILDREN_CHANGED, parent, parent, zxid);
        }

        @Override
        public void dataChanged(String path, int dataLength, long zxid) {
            stats.written(path, dataLength);
            fire(dataWatches.trigger(path, null), EventType.NODE_DATA_CHANGED, path, path, zxid);
        }
    }

    // ---------------------------------------------------------------- introspection (core thread only)

    public long lastProcessedZxid() {
        return tree.lastProcessedZxid();
    }

    public int nodeCount() {
        return tree.nodeCount();
    }

    /** Sum of path lengths and data lengths, as ZooKeeper's approximate data size. */
    public long approximateDataSize() {
        return tree.approximateDataSize();
    }

    /**
     * The sessions whose expiry the leader (or a standalone server) tracks, its local ones first; none on a learner
     * (as ZooKeeper's session expiry map, which dump shows).
     */
    public List<SessionView> sessions() {
        List<SessionView> out = new ArrayList<>();
        List<Session> tracked = new ArrayList<>();
        if (pipeline != null) {
            tracked.addAll(local == null ? List.of() : local.all());
            tracked.addAll(pipeline.sessions());
        }
        for (Session s : tracked) {
            ConnState cs = connBySession.get(s.id());
            out.add(new SessionView(s.id(), s.timeoutMs(), s.expiresAtMs(),
                    cs == null ? SessionView.NO_CONNECTION : cs.id(), Set.copyOf(tree.ephemerals(s.id()))));
        }
        return out;
    }

    /** The leader's (or standalone server's) tracked sessions; a learner's sessions as applied. */
    @Override
    public int globalSessionCount() {
        return pipeline != null ? pipeline.sessions().size() : replica.sessionCount();
    }

    /** Sessions local to this server (localSessionsEnabled), as ZooKeeper's local_sessions. */
    @Override
    public int localSessionCount() {
        return local == null ? 0 : local.count();
    }

    /**
     * For snapshots: the sessions as of {@link #lastProcessedZxid()}, each with the timeout its CreateSession
     * recorded. Sessions proposed but not yet committed are left out. A copy.
     */
    public Map<Long, Integer> sessionTimeouts() {
        return replica.sessions();
    }

    public int ephemeralCount() {
        return tree.ephemeralCount();
    }

    public int watchCount() {
        return dataWatches.size() + childWatches.size();
    }

    /**
     * Watched paths per session. As ZooKeeper's wchc and admin watches: the data-watch table only (data and exists
     * watches, and persistent ones, which it keeps there too); child watches are counted by watchCount alone.
     */
    public Map<Long, Set<String>> watchesBySession() {
        Map<Long, Set<String>> out = new TreeMap<>();
        for (WatchTable t : List.of(dataWatches)) {
            for (Map.Entry<Long, Set<String>> e : t.byConnection().entrySet()) {
                ConnState cs = conns.get(e.getKey());
                if (cs != null) {
                    out.computeIfAbsent(cs.sessionId, k -> new TreeSet<>()).addAll(e.getValue());
                }
            }
        }
        return out;
    }

    /** Watching sessions per path, from the data-watch table only, as ZooKeeper's wchp and admin watches_by_path. */
    public Map<String, Set<Long>> watchesByPath() {
        Map<String, Set<Long>> out = new TreeMap<>();
        for (WatchTable t : List.of(dataWatches)) {
            for (Map.Entry<String, Map<Long, Integer>> e : t.byPath().entrySet()) {
                for (long connId : e.getValue().keySet()) {
                    ConnState cs = conns.get(connId);
                    if (cs != null) {
                        out.computeIfAbsent(e.getKey(), k -> new TreeSet<>()).add(cs.sessionId);
                    }
                }
            }
        }
        return out;
    }

    /** Requests received but not yet answered. */
    public int outstandingRequests() {
        int n = 0;
        for (ConnState cs : conns.values()) {
            n += cs.queue.size();
        }
        return n;
    }

    /** Sessions opened on this read-only front (0 on any other). */
    public int readOnlySessionCount() {
        return readOnly == null ? 0 : readOnly.localSessionCount();
    }

    /** The leader's pipeline, for requests that learners forward; null on a learner. */
    public LeaderPipeline pipeline() {
        return pipeline;
    }

    /** The tree, for storage (snapshots) and tests. Core thread only. */
    public DataTree tree() {
        return tree;
    }
}
