package dev.paddock.core.tree;

import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Stat;
import java.util.List;

/**
 * One znode, laid out to be small: its own name (not its path) and no per-node map entry; the child-related stat
 * fields ({@code cversion}, {@code pzxid}) live with the children, allocated only for a node that has had some;
 * the owner only in {@link Owned} nodes. A plain persistent leaf is 80 bytes with compressed references, 8 of
 * them for the name's hash (kept so that a lookup in a big directory and its table's growth compare and place
 * children without reading their names).
 * The persisted {@code cversion} counts child creations only, as ZooKeeper keeps it; the client-visible one is
 * derived in {@link #toStat()} as creations plus deletions.
 */
public class DataNode {
    /** The name within the parent: a byte[] when it is all ASCII (one byte a char), else a String. */
    final Object name;
    /** {@link Names#hash(Object)} of {@link #name}. */
    final int hash;
    byte[] data;
    List<ACL> acl;
    long czxid;
    long mzxid;
    long ctime;
    long mtime;
    int version;
    int aversion;
    /** Insertion order among its siblings (ZooKeeper's children set lists colliding names in that order). */
    int seq;
    /** Children, cversion and pzxid; null while the node never had a child and keeps cversion 0, pzxid czxid. */
    Children kids;

    DataNode(Object name, byte[] data, List<ACL> acl, long zxid, long time) {
        this.name = name;
        this.hash = Names.hash(name);
        this.data = data;
        this.acl = acl;
        this.czxid = zxid;
        this.mzxid = zxid;
        this.ctime = time;
        this.mtime = time;
    }

    /** A node with an owner: an ephemeral's session, or a container or TTL marker (see {@link EphemeralType}). */
    static final class Owned extends DataNode {
        private final long owner;

        Owned(Object name, byte[] data, List<ACL> acl, long zxid, long time, long owner) {
            super(name, data, acl, zxid, time);
            this.owner = owner;
        }

        @Override
        public long ephemeralOwner() {
            return owner;
        }
    }

    static DataNode of(Object name, byte[] data, List<ACL> acl, long zxid, long time, long owner) {
        return owner == 0 ? new DataNode(name, data, acl, zxid, time) : new Owned(name, data, acl, zxid, time, owner);
    }

    public byte[] data() {
        return data;
    }

    public List<ACL> acl() {
        return acl;
    }

    public int version() {
        return version;
    }

    public int cversion() {
        Children k = kids;
        return k == null ? 0 : k.cversion;
    }

    public int aversion() {
        return aversion;
    }

    public long czxid() {
        return czxid;
    }

    public long mzxid() {
        return mzxid;
    }

    public long pzxid() {
        Children k = kids;
        return k == null ? czxid : k.pzxid;
    }

    public long ctime() {
        return ctime;
    }

    public long mtime() {
        return mtime;
    }

    /** The raw owner: a session id, or a container/TTL marker (see {@link EphemeralType}); 0 for none. */
    public long ephemeralOwner() {
        return 0;
    }

    /** The node's name within its parent ("" for the root). */
    public String name() {
        return Names.toString(name);
    }

    public int childCount() {
        Children k = kids;
        return k == null ? 0 : k.size();
    }

    /** The children's names in ZooKeeper's listing order, as of now (a read-only list). */
    public List<String> children() {
        Children k = kids;
        return k == null ? List.of() : k.names();
    }

    /** The kids record, created on first need with this node's defaults (cversion 0, pzxid = czxid). */
    Children kids() {
        if (kids == null) {
            kids = new Children(czxid);
        }
        return kids;
    }

    /** The Stat a client sees. */
    public Stat toStat() {
        int numChildren = childCount();
        long raw = ephemeralOwner();
        long owner = EphemeralType.of(raw) == EphemeralType.NORMAL ? raw : 0;
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion() * 2 - numChildren, aversion, owner,
                data == null ? 0 : data.length, numChildren, pzxid());
    }
}
