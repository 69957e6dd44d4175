package dev.paddock.core.pipeline;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.LeaderGateway;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.session.LocalSessions;
import dev.paddock.core.session.Session;
import dev.paddock.core.session.SessionTracker;
import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.EphemeralType;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.DeleteContainerRequest;
import dev.paddock.jute.txn.ErrorTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.agrona.collections.Long2LongHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader does (and a standalone server, the leader of an ensemble of one): turns requests into
 * transactions with zxids, keeps the global session table (creation, touches, expiry) and reaps empty
 * containers and expired TTL nodes. Requests arrive from the local client front or, in an ensemble, from the
 * learners; the transactions it hands out go to the log and the quorum, and come back through
 * {@link #applied} once committed and applied to the replica.
 */
public final class LeaderPipeline implements LeaderGateway {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderPipeline.class);
    /** The owner of a session that has none yet (server ids are never negative). */
    private static final long NO_OWNER = Long.MIN_VALUE;

    private final CoreConfig config;
    private final DataTree tree;
    private final Preparer preparer;
    private final SessionTracker sessions;
    private final ZxidSource zxids;
    private final List<LoggedTxn> proposals = new ArrayList<>();
    private final Set<String> reapsInFlight = new HashSet<>();
    /** Which server each session is attached to (ZooKeeper's session owner); sessions recovered have none yet. */
    private final Long2LongHashMap owners = new Long2LongHashMap(16, 0.65f, NO_OWNER, false);
    private long lastReapCheckMs;
    /** The leader's own local sessions (localSessionsEnabled); none until the client front says. */
    private LongPredicate localHere = sessionId -> false;

    /**
     * @param tree     the replica's tree (read through pending changes when preparing)
     * @param sessions the applied sessions; each gets a full timeout from {@code nowMs} to show up again
     */
    public LeaderPipeline(CoreConfig config, DataTree tree, ZxidSource zxids, Map<Long, Integer> sessions,
                          long nowMs) {
        this.config = config;
        this.tree = tree;
        this.preparer = new Preparer(tree, config);
        this.sessions = new SessionTracker(config.tickTimeMs());
        this.zxids = zxids;
        this.lastReapCheckMs = nowMs;
        sessions.forEach((id, timeout) -> this.sessions.add(id, timeout, nowMs));
        preparer.ephemeralOwnerCheck(this::ephemeralOwnerRefusal);
    }

    /** With localSessionsEnabled: which sessions are local to the leader itself (its client front keeps them). */
    public void localSessions(LongPredicate localToLeader) {
        this.localHere = localToLeader;
    }

    /** The ensemble's membership, for reconfigurations (a standalone server has none). */
    public void setMembership(dev.paddock.core.config.Membership m) {
        preparer.setMembership(m);
    }

    // ---------------------------------------------------------------- requests

    /** A new session of one of this server's own clients. */
    @Override
    public void createSession(long sessionId, int timeoutMs, long nowMs) {
        createSession(sessionId, timeoutMs, config.serverId(), nowMs);
    }

    /** A new session, created by server {@code ownerSid} (the one its client is connected to). */
    public void createSession(long sessionId, int timeoutMs, long ownerSid, long nowMs) {
        sessions.add(sessionId, timeoutMs, nowMs);
        owners.put(sessionId, ownerSid);
        proposals.add(preparer.createSession(sessionId, timeoutMs, zxids.next(), wallMs(nowMs)));
    }

    /** The client asked to close its session. */
    @Override
    public void closeSession(long sessionId, int cxid, long nowMs) {
        sessions.setClosing(sessionId);
        LOG.info("Closing session 0x{} at the client's request", Long.toHexString(sessionId));
        proposals.add(preparer.closeSession(sessionId, cxid, zxids.next(), wallMs(nowMs)));
    }

    /** A client write (never a session operation); refusals become error transactions. */
    @Override
    public void write(OpCode op, JuteRecord body, Preparer.Caller caller, long nowMs) {
        write(op, body, caller, config.serverId(), nowMs);
    }

    /**
     * A client write forwarded by server {@code fromSid}. As ZooKeeper's leader: a session that is gone gets
     * SESSIONEXPIRED, and a session that has moved to another server since gets SESSIONMOVED (a request its old
     * server still had in flight must not change anything).
     */
    public void write(OpCode op, JuteRecord body, Preparer.Caller caller, long fromSid, long nowMs) {
        ErrorCode refusal;
        if (isLive(caller.sessionId())) {
            // a session recovered from disk has no owner yet: its first request names it, as in ZooKeeper
            long id = caller.sessionId();
            long known = owners.get(id);
            long owner = known != NO_OWNER ? known : fromSid;
            if (known == NO_OWNER) {
                owners.put(id, fromSid);
            }
            refusal = owner != fromSid ? ErrorCode.SESSIONMOVED : null;
        } else {
            refusal = unknownSessionAccepted(caller.sessionId()) ? null : ErrorCode.SESSIONEXPIRED;
        }
        if (refusal != null) {
            proposals.add(new LoggedTxn(new TxnHeader(caller.sessionId(), caller.cxid(), zxids.next(), wallMs(nowMs),
                    OpCode.ERROR.code), new ErrorTxn(refusal.code)));
            return;
        }
        proposals.add(preparer.prepare(op, body, caller, zxids.next(), wallMs(nowMs)));
    }

    /**
     * A write of a session the global table does not hold, as ZooKeeper's leader checks it: with local sessions,
     * one local to the leader passes, and so does an unknown one another server may have made (its local
     * session: the leader cannot know); one of the leader's own id space, or a closing one, has expired.
     */
    private boolean unknownSessionAccepted(long sessionId) {
        if (!config.localSessionsEnabled() || sessions.get(sessionId) != null) {
            return false;
        }
        return localHere.test(sessionId) || LocalSessions.serverOf(sessionId) != config.serverId();
    }

    /**
     * An ephemeral create needs a global session (ZooKeeper's checkGlobalSession): EPHEMERALONLOCALSESSION for a
     * local session of the leader that was not upgraded, SESSIONEXPIRED for one the leader does not know.
     */
    private ErrorCode ephemeralOwnerRefusal(long sessionId) {
        if (!config.localSessionsEnabled() || isLive(sessionId)) {
            return null;
        }
        return localHere.test(sessionId) ? ErrorCode.EPHEMERALONLOCALSESSION : ErrorCode.SESSIONEXPIRED;
    }

    /** Whether the session exists and is not closing. */
    public boolean isLive(long sessionId) {
        Session s = sessions.get(sessionId);
        return s != null && !s.closing();
    }

    /**
     * The client was heard from: push its session's deadline out by {@code timeoutMs}, the timeout negotiated by
     * the connection it is on now (a reconnect may have negotiated another). False if the session is not live.
     */
    @Override
    public boolean touch(long sessionId, int timeoutMs, long nowMs) {
        return sessions.touch(sessionId, timeoutMs, nowMs);
    }

    @Override
    public Validity revalidate(long sessionId, int timeoutMs, long nowMs) {
        return revalidate(sessionId, timeoutMs, config.serverId(), nowMs) ? Validity.VALID : Validity.INVALID;
    }

    /** A client resumes {@code sessionId} on server {@code ownerSid}: true if it may, and that server owns it now. */
    public boolean revalidate(long sessionId, int timeoutMs, long ownerSid, long nowMs) {
        if (!touch(sessionId, timeoutMs, nowMs)) {
            return false;
        }
        owners.put(sessionId, ownerSid);
        return true;
    }

    /** The leader applies in commit order and answers its own clients' syncs at once. */
    @Override
    public boolean sync(long sessionId, int cxid, String path, long nowMs) {
        return true;
    }

    /** Time passed: expire sessions, reap empty containers and expired TTL nodes. */
    public int tick(long nowMs) {
        int expired = 0;
        for (Session s : sessions.expire(nowMs)) {
            expired++;
            LOG.info("Expiring session 0x{}, timeout of {}ms exceeded", Long.toHexString(s.id()), s.timeoutMs());
            proposals.add(preparer.closeSession(s.id(), 0, zxids.next(), wallMs(nowMs)));
        }
        if (nowMs - lastReapCheckMs >= config.containerCheckIntervalMs()) {
            lastReapCheckMs = nowMs;
            for (String path : reapCandidates(wallMs(nowMs))) {
                reapsInFlight.add(path);
                JuteRecord body = new DeleteContainerRequest(path.getBytes(StandardCharsets.UTF_8));
                proposals.add(preparer.prepare(OpCode.DELETE_CONTAINER, body, Preparer.Caller.SERVER,
                        zxids.next(), wallMs(nowMs)));
            }
        }
        return expired;
    }

    /**
     * Empty containers that have had a child, and childless TTL nodes unchanged for longer than their TTL. A TTL
     * node's age is wall time against its mtime (a wall stamp), as in ZooKeeper's container manager.
     */
    private List<String> reapCandidates(long wallNowMs) {
        List<String> out = new ArrayList<>();
        for (String path : new TreeSet<>(tree.containers())) {
            DataNode n = tree.get(path);
            if (n != null && n.childCount() == 0 && n.cversion() > 0 && !reapsInFlight.contains(path)) {
                out.add(path);
            }
        }
        for (String path : new TreeSet<>(tree.ttls())) {
            DataNode n = tree.get(path);
            if (n != null && n.childCount() == 0 && !reapsInFlight.contains(path)
                    && wallNowMs - n.mtime() > EphemeralType.ttlOf(n.ephemeralOwner())) {
                out.add(path);
            }
        }
        return out;
    }

    /** The wall-clock stamp for a transaction prepared at elapsed time {@code nowMs}. */
    private long wallMs(long nowMs) {
        return config.wallClock().wallMs(nowMs);
    }

    // ---------------------------------------------------------------- hand-off

    /** Transactions prepared since the last call, in zxid order. */
    public List<LoggedTxn> takeProposals() {
        if (proposals.isEmpty()) {
            return List.of();
        }
        List<LoggedTxn> out = new ArrayList<>(proposals);
        proposals.clear();
        return out;
    }

    /** A transaction this pipeline prepared has been committed and applied to the replica. */
    @Override
    public void applied(LoggedTxn t) {
        preparer.applied(t.zxid());
        OpCode type = OpCode.of(t.header().type());
        if (type == OpCode.CLOSE_SESSION) {
            sessions.remove(t.header().clientId());
            owners.remove(t.header().clientId());
        } else if (type == OpCode.DELETE_CONTAINER || (type == OpCode.ERROR && t.header().clientId() == 0)) {
            reapsInFlight.clear();
        }
    }

    /** Every session the leader tracks, closing ones included. */
    public Collection<Session> sessions() {
        return sessions.all();
    }

    public Session session(long sessionId) {
        return sessions.get(sessionId);
    }

    /** Whether the epoch's zxids are used up (an ensemble leader must then step down for a new epoch). */
    public boolean zxidsExhausted() {
        return zxids.exhausted();
    }
}
