package dev.paddock.core.pipeline;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.EphemeralType;
import dev.paddock.core.tree.Paths;
import dev.paddock.core.tree.TreeException;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.TxnCodec;
import dev.paddock.jute.data.Stat;
import dev.paddock.jute.txn.CheckVersionTxn;
import dev.paddock.jute.txn.CloseSessionTxn;
import dev.paddock.jute.txn.CreateContainerTxn;
import dev.paddock.jute.txn.CreateTTLTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.DeleteTxn;
import dev.paddock.jute.txn.ErrorTxn;
import dev.paddock.jute.txn.MultiTxn;
import dev.paddock.jute.txn.SetACLTxn;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.Txn;
import dev.paddock.jute.txn.TxnHeader;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Applies logged transactions to the tree. The same code serves live commits and recovery replay, so it is
 * tolerant where replay needs it: a fuzzy snapshot may already hold a change, and re-applying it must not
 * corrupt the tree (creates of existing nodes and deletes of missing ones fail harmlessly).
 */
public final class Applier {
    private final DataTree tree;
    private final Paths.Parents parents = new Paths.Parents();

    public Applier(DataTree tree) {
        this.tree = tree;
    }

    public ApplyResult apply(TxnHeader hdr, JuteRecord txn, TreeEvents events) {
        OpCode type = OpCode.of(hdr.type());
        ApplyResult result = type == OpCode.MULTI
                ? (txn instanceof PreparedMulti p ? applyMulti(hdr, p.logged(), p.ops(), events)
                        : applyMulti(hdr, (MultiTxn) txn, null, events))
                : applyOne(type, hdr.clientId(), hdr.zxid(), hdr.time(), txn, events);
        if (hdr.zxid() > tree.lastProcessedZxid()) {
            tree.setLastProcessedZxid(hdr.zxid());
        }
        return result;
    }

    /** {@code ops}: the operations' records as the leader prepared them, or null to decode them from the txn. */
    private ApplyResult applyMulti(TxnHeader hdr, MultiTxn multi, List<JuteRecord> ops, TreeEvents events) {
        boolean failed = false;
        for (Txn t : multi.txns()) {
            if (t.type() == OpCode.ERROR.code) {
                failed = true;
                break;
            }
        }
        List<ApplyResult> results = new ArrayList<>(multi.txns().size());
        boolean pastFailure = false;
        int err = 0;
        for (int i = 0; i < multi.txns().size(); i++) {
            Txn t = multi.txns().get(i);
            OpCode subType = OpCode.of(t.type());
            ApplyResult r;
            if (subType == OpCode.ERROR) {
                pastFailure = true;
                ErrorTxn e = ops != null ? (ErrorTxn) ops.get(i) : ErrorTxn.read(new JuteInput(t.data()));
                r = ApplyResult.error(e.err());
            } else if (failed) {
                r = ApplyResult.error(pastFailure ? ErrorCode.RUNTIMEINCONSISTENCY.code : 0);
            } else {
                JuteRecord op = ops != null ? ops.get(i) : TxnCodec.readTxn(subType, new JuteInput(t.data()));
                r = applyOne(subType, hdr.clientId(), hdr.zxid(), hdr.time(), op, events);
            }
            if (r.err() != 0 && err == 0) {
                err = r.err();
            }
            results.add(r);
        }
        return new ApplyResult(OpCode.MULTI, err, null, null, results);
    }

    private ApplyResult applyOne(OpCode type, long session, long zxid, long time, JuteRecord txn, TreeEvents events) {
        try {
            return switch (type) {
                case CREATE, CREATE2 -> {
                    CreateTxn t = (CreateTxn) txn;
                    yield create(type, t.path(), t.data(), t.acl(), t.ephemeral() ? session : 0, t.parentCVersion(),
                            zxid, time, events);
                }
                case CREATE_CONTAINER -> {
                    CreateContainerTxn t = (CreateContainerTxn) txn;
                    yield create(type, t.path(), t.data(), t.acl(), EphemeralType.CONTAINER_OWNER,
                            t.parentCVersion(), zxid, time, events);
                }
                case CREATE_TTL -> {
                    CreateTTLTxn t = (CreateTTLTxn) txn;
                    yield create(type, t.path(), t.data(), t.acl(), EphemeralType.ttlOwner(t.ttl()),
                            t.parentCVersion(), zxid, time, events);
                }
                case DELETE, DELETE_CONTAINER -> {
                    String path = ((DeleteTxn) txn).path();
                    delete(path, zxid, events);
                    yield ApplyResult.ok(type, path, null);
                }
                case SET_DATA, RECONFIG -> {
                    SetDataTxn t = (SetDataTxn) txn;
                    Stat stat = tree.setData(t.path(), t.data(), t.version(), zxid, time);
                    events.dataChanged(t.path(), lengthOf(t.data()), zxid);
                    yield ApplyResult.ok(type, t.path(), stat);
                }
                case SET_ACL -> {
                    SetACLTxn t = (SetACLTxn) txn;
                    yield ApplyResult.ok(type, t.path(), tree.setAcl(t.path(), t.acl(), t.version()));
                }
                case CHECK -> ApplyResult.ok(type, ((CheckVersionTxn) txn).path(), null);
                case CLOSE_SESSION -> {
                    killSession(session, (CloseSessionTxn) txn, zxid, events);
                    yield ApplyResult.ok(type, null, null);
                }
                case CREATE_SESSION -> ApplyResult.ok(type, null, null);
                case ERROR -> ApplyResult.error(((ErrorTxn) txn).err());
                default -> ApplyResult.error(ErrorCode.UNIMPLEMENTED.code);
            };
        } catch (TreeException e) {
            return ApplyResult.error(e.code().code);
        }
    }

    private ApplyResult create(OpCode type, String path, byte[] data, java.util.List<dev.paddock.jute.data.ACL> acl,
                               long owner, int parentCVersion, long zxid, long time, TreeEvents events)
            throws TreeException {
        String parent = parents.of(path);
        Stat stat;
        try {
            // a plain create answers with the path alone (also inside a multi): no Stat to make
            DataNode node = tree.create(path, data, acl, owner, parentCVersion, zxid, time);
            stat = type == OpCode.CREATE ? null : node.toStat();
        } catch (TreeException e) {
            // A fuzzy snapshot can hold the node (created again after a session close deleted it, say) but not
            // the parent's cversion/pzxid from this create. ZooKeeper repairs the parent here, for plain creates
            // only (opcode create, top-level or inside a multi), live and on replay alike; live, the preparer's
            // existence check means it never fires.
            if (e.code() == ErrorCode.NODEEXISTS && type == OpCode.CREATE) {
                tree.setCversionPzxid(parent, parentCVersion, zxid);
            }
            throw e;
        }
        events.created(path, lengthOf(data), parent, zxid);
        return ApplyResult.ok(type, path, stat);
    }

    private void delete(String path, long zxid, TreeEvents events) throws TreeException {
        DataNode removed = tree.deleteNode(path, zxid);
        String parent = parents.of(path);
        events.deleted(path, removed.acl(), parent, zxid);
    }

    private static int lengthOf(byte[] data) {
        return data == null ? 0 : data.length;
    }

    private void killSession(long session, CloseSessionTxn txn, long zxid, TreeEvents events) {
        List<String> listed = txn.paths2Delete() == null ? List.of() : txn.paths2Delete();
        for (String path : listed) {
            DataNode node = tree.get(path);
            if (node == null) {
                // Already gone (a fuzzy snapshot may hold its deletion): still raise the parent's pzxid, as
                // ZooKeeper's replay of the listed paths does.
                try {
                    delete(path, zxid, events);
                } catch (TreeException expected) {
                    // the node is missing, as known
                }
            } else if (node.ephemeralOwner() == session) {
                try {
                    delete(path, zxid, events);
                } catch (TreeException ignored) {
                    // raced away; nothing to delete
                }
            }
        }
        // Anything the close did not list (a create that slipped in) goes too: no ephemeral outlives its session.
        for (String path : new TreeSet<>(tree.ephemerals(session))) {
            try {
                delete(path, zxid, events);
            } catch (TreeException ignored) {
                // already gone
            }
        }
    }
}
