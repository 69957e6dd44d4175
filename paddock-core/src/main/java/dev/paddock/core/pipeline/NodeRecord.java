package dev.paddock.core.pipeline;

import dev.paddock.core.tree.DataNode;
import dev.paddock.jute.data.ACL;
import java.util.List;

/**
 * What the preparer knows of a node once all proposed-but-uncommitted transactions are counted: the tree's
 * state with the pending changes laid over it. {@code exists == false} records a pending delete.
 */
final class NodeRecord {
    final String path;
    long zxid;
    boolean exists;
    int version;
    int cversion;
    int aversion;
    long ephemeralOwner;
    int childCount;
    /** The data's length (what a setData changes a quota's bytes by). */
    int dataLength;
    List<ACL> acl;
    /** While it can be rolled back: the record this one replaced in the overlay (null: none). */
    NodeRecord replaced;

    NodeRecord(String path) {
        this.path = path;
    }

    static NodeRecord of(String path, DataNode n) {
        NodeRecord r = new NodeRecord(path);
        r.exists = true;
        r.zxid = n.mzxid();
        r.version = n.version();
        r.cversion = n.cversion();
        r.aversion = n.aversion();
        r.ephemeralOwner = n.ephemeralOwner();
        r.childCount = n.childCount();
        r.dataLength = n.data() == null ? 0 : n.data().length;
        r.acl = n.acl();
        return r;
    }

    NodeRecord copy(long newZxid) {
        NodeRecord r = new NodeRecord(path);
        r.zxid = newZxid;
        r.exists = exists;
        r.version = version;
        r.cversion = cversion;
        r.aversion = aversion;
        r.ephemeralOwner = ephemeralOwner;
        r.childCount = childCount;
        r.dataLength = dataLength;
        r.acl = acl;
        return r;
    }
}
