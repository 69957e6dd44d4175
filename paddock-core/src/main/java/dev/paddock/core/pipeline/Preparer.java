package dev.paddock.core.pipeline;

import dev.paddock.core.CoreConfig;
import dev.paddock.core.config.Membership;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.LoggedTxn;
import dev.paddock.core.auth.Acls;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.EphemeralType;
import dev.paddock.core.tree.Paths;
import dev.paddock.core.tree.TreeException;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.multi.MultiOp;
import dev.paddock.jute.multi.MultiRequest;
import dev.paddock.jute.proto.CheckVersionRequest;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateTTLRequest;
import dev.paddock.jute.proto.DeleteContainerRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ReconfigRequest;
import dev.paddock.jute.proto.SetACLRequest;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.jute.txn.CheckVersionTxn;
import dev.paddock.jute.txn.CloseSessionTxn;
import dev.paddock.jute.txn.CreateContainerTxn;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.jute.txn.CreateTTLTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.DeleteTxn;
import dev.paddock.jute.txn.ErrorTxn;
import dev.paddock.jute.txn.MultiTxn;
import dev.paddock.jute.txn.SetACLTxn;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.Txn;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a write request into the transaction that will be logged: checks paths, versions, ACLs and existence
 * against the tree plus pending changes, in ZooKeeper's order, so that the first failing check decides the
 * error code. A refused request still becomes a transaction (an ErrorTxn), as in ZooKeeper.
 */
public final class Preparer {
    private final DataTree tree;
    private static final Logger LOG = LoggerFactory.getLogger(Preparer.class);
    private final CoreConfig config;
    private Membership membership;
    private final PendingChanges pending;
    private final Paths.Parents parents = new Paths.Parents();
    /** Where a multi's operations are encoded, one at a time, before each is copied out at its size. */
    private JuteOutput scratch = new JuteOutput(SCRATCH_KEPT);
    private static final int SCRATCH_KEPT = 4096;
    private LongFunction<ErrorCode> ephemeralOwnerCheck = sessionId -> null;
    private final QuotaLog quotaLog = new QuotaLog();

    public Preparer(DataTree tree, CoreConfig config) {
        this.tree = tree;
        this.config = config;
        this.pending = new PendingChanges(tree);
    }

    /**
     * What an ephemeral create checks of its session, right after the mode and TTL checks as ZooKeeper's
     * checkGlobalSession: the refusal, or null when the session may own ephemeral nodes.
     */
    public void ephemeralOwnerCheck(LongFunction<ErrorCode> check) {
        this.ephemeralOwnerCheck = check;
    }

    /** The transaction {@code zxid} reached the tree; forget its pending records. */
    public void applied(long zxid) {
        pending.applied(zxid);
    }

    /** Who is asking: the session and the ids its connection has authenticated as. */
    public record Caller(long sessionId, int cxid, Collection<Id> authIds) {
        static final Caller SERVER = new Caller(0, 0, List.of());
    }

    public LoggedTxn createSession(long sessionId, int timeoutMs, long zxid, long time) {
        return new LoggedTxn(new TxnHeader(sessionId, 0, zxid, time, OpCode.CREATE_SESSION.code),
                new CreateSessionTxn(timeoutMs));
    }

    /** Closes a session: its ephemerals, as they will be once pending changes apply, are deleted with it. */
    public LoggedTxn closeSession(long sessionId, int cxid, long zxid, long time) {
        // Iterate the tree's own set so the deletion order matches ZooKeeper's (its CloseSessionTxn lists a HashSet).
        Set<String> doomed = new LinkedHashSet<>(tree.ephemerals(sessionId));
        for (NodeRecord r : pending.pending()) {
            if (!r.exists) {
                doomed.remove(r.path);
            } else if (r.ephemeralOwner == sessionId) {
                doomed.add(r.path);
            }
        }
        for (String path : doomed) {
            NodeRecord parent = pending.get(Paths.parent(path));
            if (parent != null) {
                parent = parent.copy(zxid);
                parent.childCount--;
                pending.put(parent);
            }
            NodeRecord gone = new NodeRecord(path);
            gone.zxid = zxid;
            pending.put(gone);
        }
        return new LoggedTxn(new TxnHeader(sessionId, cxid, zxid, time, OpCode.CLOSE_SESSION.code),
                new CloseSessionTxn(new ArrayList<>(doomed)));
    }

    /** Prepares a client write (or the server's own deleteContainer). Never throws: refusals become ErrorTxns. */
    public LoggedTxn prepare(OpCode op, JuteRecord request, Caller caller, long zxid, long time) {
        if (op == OpCode.MULTI) {
            return prepareMulti((MultiRequest) request, caller, zxid, time);
        }
        pending.mark();
        ErrorCode failure;
        try {
            JuteRecord txn = prepareOne(op, request, caller, zxid, time);
            return new LoggedTxn(new TxnHeader(caller.sessionId(), caller.cxid(), zxid, time, op.code), txn);
        } catch (TreeException e) {
            failure = e.code();
        } catch (RuntimeException e) {
            failure = ErrorCode.MARSHALLINGERROR; // nonsense inside a well-framed request, as ZooKeeper answers it
        }
        pending.rollback();
        return new LoggedTxn(new TxnHeader(caller.sessionId(), caller.cxid(), zxid, time, OpCode.ERROR.code),
                new ErrorTxn(failure.code));
    }

    private LoggedTxn prepareMulti(MultiRequest multi, Caller caller, long zxid, long time) {
        pending.mark();
        int n = multi.ops().size();
        List<Txn> txns = new ArrayList<>(n);
        List<JuteRecord> records = new ArrayList<>(n);
        boolean failed = false;
        for (MultiOp op : multi.ops()) {
            if (failed) {
                addError(txns, records, ErrorCode.RUNTIMEINCONSISTENCY);
                continue;
            }
            try {
                if (op.type() == OpCode.GET_DATA || op.type() == OpCode.GET_CHILDREN) {
                    throw new TreeException(ErrorCode.BADARGUMENTS, null);
                }
                JuteRecord txn = prepareOne(op.type(), op.request(), caller, zxid, time);
                txns.add(new Txn(op.type().code, encode(txn)));
                records.add(txn);
            } catch (TreeException | RuntimeException e) {
                failed = true;
                pending.rollback();
                addError(txns, records, e instanceof TreeException t ? t.code() : ErrorCode.MARSHALLINGERROR);
            }
        }
        return new LoggedTxn(new TxnHeader(caller.sessionId(), caller.cxid(), zxid, time, OpCode.MULTI.code),
                new PreparedMulti(new MultiTxn(txns), records));
    }

    private void addError(List<Txn> txns, List<JuteRecord> records, ErrorCode code) {
        ErrorTxn error = new ErrorTxn(code.code);
        txns.add(new Txn(OpCode.ERROR.code, encode(error)));
        records.add(error);
    }

    /** {@code record}'s bytes, copied once from the scratch buffer (which is not kept if a big record grew it). */
    private byte[] encode(JuteRecord record) {
        scratch.reset();
        record.write(scratch);
        byte[] bytes = scratch.toByteArray();
        if (scratch.array().length > SCRATCH_KEPT * 16) {
            scratch = new JuteOutput(SCRATCH_KEPT);
        }
        return bytes;
    }

    private JuteRecord prepareOne(OpCode op, JuteRecord request, Caller caller, long zxid, long time)
            throws TreeException {
        return switch (op) {
            case CREATE, CREATE2, CREATE_CONTAINER -> {
                CreateRequest r = (CreateRequest) request;
                yield create(op, r.path(), r.data(), r.acl(), r.flags(), -1, caller, zxid, time);
            }
            case CREATE_TTL -> {
                CreateTTLRequest r = (CreateTTLRequest) request;
                yield create(op, r.path(), r.data(), r.acl(), r.flags(), r.ttl(), caller, zxid, time);
            }
            case DELETE -> delete((DeleteRequest) request, caller, zxid);
            case DELETE_CONTAINER -> deleteContainer(
                    new String(((DeleteContainerRequest) request).path(), StandardCharsets.UTF_8), zxid);
            case SET_DATA -> setData((SetDataRequest) request, caller, zxid, time);
            case SET_ACL -> setAcl((SetACLRequest) request, caller, zxid);
            case CHECK -> check((CheckVersionRequest) request, caller);
            case RECONFIG -> reconfig((ReconfigRequest) request, caller, zxid);
            default -> throw new TreeException(ErrorCode.BADARGUMENTS, null);
        };
    }

    /** The leader's view of the ensemble, for reconfigurations; null on a standalone server. */
    public void setMembership(Membership m) {
        this.membership = m;
    }

    /**
     * ZooKeeper's order: RECONFIGDISABLED unless reconfigEnabled; UNIMPLEMENTED on a standalone server;
     * RECONFIGINPROGRESS while another is in flight; BADVERSION when fromConfig is not the last seen version; the new
     * configuration (incremental: leaving removed, joining added or replaced; or newMembers as a whole) must parse
     * (BADARGUMENTS) and keep enough voters; NEWCONFIGNOQUORUM unless a quorum of it is synced with this leader;
     * only then WRITE on /zookeeper/config (unless skipACL). The txn is a SetDataTxn of the new configuration text,
     * whose version is this txn's zxid, with data version -1, as ZooKeeper writes it.
     */
    private JuteRecord reconfig(ReconfigRequest r, Caller caller, long zxid) throws TreeException {
        if (!config.reconfigEnabled()) {
            throw new TreeException(ErrorCode.RECONFIGDISABLED, null);
        }
        Membership m = membership;
        if (m == null) {
            throw new TreeException(ErrorCode.UNIMPLEMENTED, null);
        }
        QuorumConfig last = m.lastSeen();
        if (last.version() != m.committed().version()) {
            throw new TreeException(ErrorCode.RECONFIGINPROGRESS, null);
        }
        if (r.curConfigId() != -1 && r.curConfigId() != last.version()) {
            throw new TreeException(ErrorCode.BADVERSION, null);
        }
        QuorumConfig next;
        try {
            next = r.newMembers() != null ? QuorumConfig.parse(r.newMembers())
                    : last.incremental(r.joiningServers(), r.leavingServers());
        } catch (IllegalArgumentException e) {
            LOG.warn("Reconfiguration refused: {}", e.getMessage());
            throw new TreeException(ErrorCode.BADARGUMENTS, null);
        }
        next = next.withVersion(zxid);
        int voters = next.voters().size();
        if (voters < (m.standaloneEnabled() ? 2 : 1)) {
            LOG.warn("Reconfiguration refused: the new configuration must include at least {} voter(s)",
                    m.standaloneEnabled() ? 2 : 1);
            throw new TreeException(ErrorCode.BADARGUMENTS, null);
        }
        if (!m.isQuorumSynced(next)) {
            LOG.warn("Reconfiguration refused: no connected and synced quorum of {}", next.voters());
            throw new TreeException(ErrorCode.NEWCONFIGNOQUORUM, null);
        }
        NodeRecord node = require(DataTree.CONFIG);
        checkAcl(node.acl, Perms.WRITE, caller, DataTree.CONFIG);
        NodeRecord n = node.copy(zxid);
        n.version = -1;
        pending.put(n);
        m.proposed(next);
        return new SetDataTxn(DataTree.CONFIG, next.text().getBytes(StandardCharsets.UTF_8), -1);
    }

    private void checkAcl(List<ACL> acl, int perm, Caller caller, String path) throws TreeException {
        if (!config.skipAcl() && !Acls.allowed(acl, perm, caller.authIds())) {
            throw new TreeException(ErrorCode.NOAUTH, path);
        }
    }

    private static void validatePath(String path) throws TreeException {
        if (Paths.invalidReason(path) != null) {
            throw new TreeException(ErrorCode.BADARGUMENTS, path);
        }
    }

    private NodeRecord require(String path) throws TreeException {
        NodeRecord r = pending.get(path);
        if (r == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        return r;
    }

    private static int nextVersion(int current, int expected, String path) throws TreeException {
        if (expected != -1 && expected != current) {
            throw new TreeException(ErrorCode.BADVERSION, path);
        }
        return current + 1;
    }

    /** The parent of a path that is to be deleted; special paths may not be deleted. */
    private String parentForDelete(String path) throws TreeException {
        if (path == null || path.lastIndexOf('/') == -1 || path.indexOf('\0') != -1 || DataTree.isSpecialPath(path)) {
            throw new TreeException(ErrorCode.BADARGUMENTS, path);
        }
        return parents.of(path);
    }

    /** ZooKeeper's {@code %010d} of the parent's cversion, without the formatter for the usual non-negative case. */
    static String sequenceSuffix(int cversion) {
        if (cversion < 0) {
            return String.format(Locale.ENGLISH, "%010d", cversion);
        }
        String digits = Integer.toString(cversion);
        return digits.length() >= 10 ? digits : "0000000000".substring(digits.length()) + digits;
    }

    /** ZooKeeper takes everything before the last slash as the parent; for "/x" that is the root. */

    private JuteRecord create(OpCode op, String path, byte[] data, List<ACL> acl, int flags, long ttl,
                              Caller caller, long zxid, long time) throws TreeException {
        CreateMode mode = CreateMode.of(flags);
        if (mode == null) {
            throw new TreeException(ErrorCode.BADARGUMENTS, path);
        }
        if (mode.isTtl() && !config.extendedTypesEnabled()) {
            throw new TreeException(ErrorCode.UNIMPLEMENTED, path);
        }
        if (mode.isTtl() ? !EphemeralType.validTtl(ttl) : ttl >= 0) {
            throw new TreeException(ErrorCode.BADARGUMENTS, path);
        }
        ErrorCode ownerRefused = mode.ephemeral ? ephemeralOwnerCheck.apply(caller.sessionId()) : null;
        if (ownerRefused != null) {
            throw new TreeException(ownerRefused, path);
        }
        if (path == null || path.lastIndexOf('/') == -1 || path.indexOf('\0') != -1) {
            throw new TreeException(ErrorCode.BADARGUMENTS, path);
        }
        String parentPath = parents.of(path);
        List<ACL> fixed = Acls.fixup(acl, caller.authIds(), config.clientAuth().providers());
        if (fixed == null) {
            throw new TreeException(ErrorCode.INVALIDACL, path);
        }
        NodeRecord parent = require(parentPath);
        checkAcl(parent.acl, Perms.CREATE, caller, path);
        if (mode.sequential) {
            path = path + sequenceSuffix(parent.cversion);
        }
        validatePath(path);
        if (pending.get(path) != null) {
            throw new TreeException(ErrorCode.NODEEXISTS, path);
        }
        if (EphemeralType.of(parent.ephemeralOwner) == EphemeralType.NORMAL) {
            throw new TreeException(ErrorCode.NOCHILDRENFOREPHEMERALS, path);
        }
        int dataLength = data == null ? 0 : data.length;
        checkQuota(path, 1, dataLength, time);
        int newCversion = parent.cversion + 1;
        JuteRecord txn;
        if (op == OpCode.CREATE_CONTAINER) {
            txn = new CreateContainerTxn(path, data, fixed, newCversion);
        } else if (op == OpCode.CREATE_TTL) {
            txn = new CreateTTLTxn(path, data, fixed, newCversion, ttl);
        } else {
            txn = new CreateTxn(path, data, fixed, mode.ephemeral, newCversion);
        }
        long owner = mode.isContainer() ? EphemeralType.CONTAINER_OWNER
                : mode.isTtl() ? EphemeralType.ttlOwner(ttl)
                : mode.ephemeral ? caller.sessionId() : 0;
        NodeRecord p = parent.copy(zxid);
        p.childCount++;
        p.cversion = newCversion;
        pending.put(p);
        NodeRecord n = new NodeRecord(path);
        n.zxid = zxid;
        n.exists = true;
        n.ephemeralOwner = owner;
        n.dataLength = dataLength;
        n.acl = fixed;
        pending.put(n);
        return txn;
    }

    /**
     * With zookeeper.enforceQuota, ZooKeeper's check of a create or setData against the quota over {@code path}
     * (in its place among the checks: after the ACL and existence checks, before the version check): a hard limit
     * exceeded refuses the write with QUOTAEXCEEDED, a soft one is only logged. The committed stats count, not the
     * writes still pending, as in ZooKeeper.
     */
    private void checkQuota(String path, long countDiff, long bytesDiff, long time) throws TreeException {
        if (!config.enforceQuota()) {
            return;
        }
        for (DataTree.QuotaExcess e : tree.quotaExcesses(path, countDiff, bytesDiff)) {
            quotaLog.report(e, time);
            if (e.hard()) {
                throw new TreeException(ErrorCode.QUOTAEXCEEDED, e.quotaPath());
            }
        }
    }

    private JuteRecord delete(DeleteRequest r, Caller caller, long zxid) throws TreeException {
        String path = r.path();
        String parentPath = parentForDelete(path);
        NodeRecord parent = require(parentPath);
        checkAcl(parent.acl, Perms.DELETE, caller, path);
        NodeRecord node = require(path);
        nextVersion(node.version, r.version(), path);
        if (node.childCount > 0) {
            throw new TreeException(ErrorCode.NOTEMPTY, path);
        }
        return removeNode(path, parent, zxid);
    }

    private JuteRecord deleteContainer(String path, long zxid) throws TreeException {
        String parentPath = parentForDelete(path);
        NodeRecord node = require(path);
        if (node.childCount > 0) {
            throw new TreeException(ErrorCode.NOTEMPTY, path);
        }
        if (EphemeralType.of(node.ephemeralOwner) == EphemeralType.NORMAL) {
            throw new TreeException(ErrorCode.BADVERSION, path);
        }
        return removeNode(path, require(parentPath), zxid);
    }

    private JuteRecord removeNode(String path, NodeRecord parent, long zxid) {
        NodeRecord p = parent.copy(zxid);
        p.childCount--;
        pending.put(p);
        NodeRecord gone = new NodeRecord(path);
        gone.zxid = zxid;
        pending.put(gone);
        return new DeleteTxn(path);
    }

    private JuteRecord setData(SetDataRequest r, Caller caller, long zxid, long time) throws TreeException {
        String path = r.path();
        validatePath(path);
        NodeRecord node = require(path);
        checkAcl(node.acl, Perms.WRITE, caller, path);
        int dataLength = r.data() == null ? 0 : r.data().length;
        checkQuota(path, 0, dataLength - node.dataLength, time);
        int version = nextVersion(node.version, r.version(), path);
        NodeRecord n = node.copy(zxid);
        n.version = version;
        n.dataLength = dataLength;
        pending.put(n);
        return new SetDataTxn(path, r.data(), version);
    }

    private JuteRecord setAcl(SetACLRequest r, Caller caller, long zxid) throws TreeException {
        String path = r.path();
        validatePath(path);
        List<ACL> fixed = Acls.fixup(r.acl(), caller.authIds(), config.clientAuth().providers());
        if (fixed == null) {
            throw new TreeException(ErrorCode.INVALIDACL, path);
        }
        NodeRecord node = require(path);
        checkAcl(node.acl, Perms.ADMIN, caller, path);
        int aversion = nextVersion(node.aversion, r.version(), path);
        NodeRecord n = node.copy(zxid);
        n.aversion = aversion;
        n.acl = fixed;
        pending.put(n);
        return new SetACLTxn(path, fixed, aversion);
    }

    private JuteRecord check(CheckVersionRequest r, Caller caller) throws TreeException {
        String path = r.path();
        validatePath(path);
        NodeRecord node = require(path);
        checkAcl(node.acl, Perms.READ, caller, path);
        return new CheckVersionTxn(path, nextVersion(node.version, r.version(), path));
    }
}
