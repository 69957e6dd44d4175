package dev.paddock.core.tree;

import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Stat;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One znode. The persisted stat is kept as ZooKeeper keeps it: {@code cversion} counts child creations only;
 * the client-visible cversion is derived in {@link #toStat()} as creations plus deletions.
 */
public final class DataNode {
    byte[] data;
    List<ACL> acl;
    long czxid;
    long mzxid;
    long ctime;
    long mtime;
    int version;
    int cversion;
    int aversion;
    long ephemeralOwner;
    long pzxid;
    private Set<String> children;

    DataNode(byte[] data, List<ACL> acl, long zxid, long time, long ephemeralOwner) {
        this.data = data;
        this.acl = acl;
        this.czxid = zxid;
        this.mzxid = zxid;
        this.pzxid = zxid;
        this.ctime = time;
        this.mtime = time;
        this.ephemeralOwner = ephemeralOwner;
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
        return cversion;
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
        return pzxid;
    }

    public long ctime() {
        return ctime;
    }

    public long mtime() {
        return mtime;
    }

    /** The raw owner: a session id, or a container/TTL marker (see {@link EphemeralType}). */
    public long ephemeralOwner() {
        return ephemeralOwner;
    }

    public int childCount() {
        return children == null ? 0 : children.size();
    }

    public Set<String> children() {
        return children == null ? Collections.emptySet() : Collections.unmodifiableSet(children);
    }

    boolean addChild(String name) {
        if (children == null) {
            children = new HashSet<>(8); // same capacity as ZooKeeper, so getChildren lists in the same order
        }
        return children.add(name);
    }

    boolean removeChild(String name) {
        return children != null && children.remove(name);
    }

    /** The Stat a client sees. */
    public Stat toStat() {
        int numChildren = childCount();
        long owner = EphemeralType.of(ephemeralOwner) == EphemeralType.NORMAL ? ephemeralOwner : 0;
        return new Stat(czxid, mzxid, ctime, mtime, version, cversion * 2 - numChildren, aversion, owner,
                data == null ? 0 : data.length, numChildren, pzxid);
    }
}
