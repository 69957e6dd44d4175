package dev.paddock.core.tree;

import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory znode tree. Mutations take the zxid and time of their transaction and are idempotent where
 * replay needs them to be (a create with a parent cversion at or below the current one leaves the parent alone).
 * Watches are not fired here: the caller fires them after a mutation succeeds.
 */
public final class DataTree {
    public static final List<ACL> OPEN_ACL = List.of(new ACL(Perms.ALL, new Id("world", "anyone")));
    public static final List<ACL> READ_ACL = List.of(new ACL(Perms.READ, new Id("world", "anyone")));
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private final Map<String, DataNode> nodes = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> ephemerals = new HashMap<>();
    private final Set<String> containers = new HashSet<>();
    private final Set<String> ttls = new HashSet<>();
    private final Map<List<ACL>, List<ACL>> aclCache = new HashMap<>();
    /** Paths with a quota (a zookeeper_limits node under /zookeeper/quota/path). */
    private final Set<String> quotaPaths = new HashSet<>();
    private long dataSize;
    private volatile long lastProcessedZxid;

    /** A fresh tree: the root, /zookeeper, /zookeeper/quota and /zookeeper/config. */
    public DataTree() {
        this(true);
    }

    private DataTree(boolean withSystemNodes) {
        if (!withSystemNodes) {
            return;
        }
        DataNode root = new DataNode(new byte[0], intern(OPEN_ACL), 0, 0, 0);
        nodes.put("/", root);
        dataSize += 1;
        addSystemNode(ZOOKEEPER, OPEN_ACL);
        addSystemNode(QUOTA, OPEN_ACL);
        DataNode config = addSystemNode(CONFIG, READ_ACL);
        config.aversion = -1;
    }

    private DataNode addSystemNode(String path, List<ACL> acl) {
        DataNode node = new DataNode(new byte[0], intern(acl), 0, 0, 0);
        nodes.get(Paths.parent(path)).addChild(Paths.childName(path));
        nodes.put(path, node);
        dataSize += path.length();
        return node;
    }

    /** Whether deleting this path is refused outright: the root and ZooKeeper's own nodes. */
    public static boolean isSpecialPath(String path) {
        return path.equals("/") || path.equals(ZOOKEEPER) || path.equals(QUOTA) || path.equals(CONFIG);
    }

    public DataNode get(String path) {
        return nodes.get(path);
    }

    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    public void setLastProcessedZxid(long zxid) {
        lastProcessedZxid = zxid;
    }

    /** Counted as ZooKeeper counts it: its map holds the root twice (as "" and "/"). */
    public int nodeCount() {
        return nodes.size() + 1;
    }

    public long approximateDataSize() {
        return dataSize;
    }

    /** All descendants of {@code path}. */
    public int allChildrenNumber(String path) {
        DataNode node = nodes.get(path);
        if (node == null) {
            return 0;
        }
        int n = 0;
        for (String child : node.children()) {
            n += 1 + allChildrenNumber(Paths.join(path, child));
        }
        return n;
    }

    public Set<String> ephemerals(long sessionId) {
        Set<String> set = ephemerals.get(sessionId);
        return set == null ? Collections.emptySet() : Collections.unmodifiableSet(set);
    }

    public Map<Long, Set<String>> allEphemerals() {
        return Collections.unmodifiableMap(ephemerals);
    }

    public int ephemeralCount() {
        int n = 0;
        for (Set<String> s : ephemerals.values()) {
            n += s.size();
        }
        return n;
    }

    public Set<String> containers() {
        return Collections.unmodifiableSet(containers);
    }

    public Set<String> ttls() {
        return Collections.unmodifiableSet(ttls);
    }

    private List<ACL> intern(List<ACL> acl) {
        return aclCache.computeIfAbsent(List.copyOf(acl), k -> k);
    }

    /** Creates a node; returns its stat. */
    public Stat createNode(String path, byte[] data, List<ACL> acl, long ephemeralOwner, int parentCVersion,
                           long zxid, long time) throws TreeException {
        String parentPath = Paths.parent(path);
        DataNode parent = nodes.get(parentPath);
        if (parent == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        String name = Paths.childName(path);
        if (parent.children().contains(name)) {
            throw new TreeException(ErrorCode.NODEEXISTS, path);
        }
        if (parentCVersion == -1) {
            parentCVersion = parent.cversion + 1;
        }
        if (parentCVersion > parent.cversion) {
            parent.cversion = parentCVersion;
            parent.pzxid = zxid;
        }
        DataNode node = new DataNode(data, intern(acl), zxid, time, ephemeralOwner);
        parent.addChild(name);
        nodes.put(path, node);
        dataSize += path.length() + (data == null ? 0 : data.length);
        switch (EphemeralType.of(ephemeralOwner)) {
            case CONTAINER -> containers.add(path);
            case TTL -> ttls.add(path);
            case NORMAL -> ephemerals.computeIfAbsent(ephemeralOwner, k -> new HashSet<>()).add(path);
            case VOID -> { }
        }
        if (parentPath.startsWith(QUOTA) && parentPath.length() > QUOTA.length()) {
            String quotaOf = parentPath.substring(QUOTA.length());
            if (name.equals(LIMITS)) {
                quotaPaths.add(quotaOf);
            } else if (name.equals(STATS)) {
                recountQuota(quotaOf);
            }
        }
        addToQuota(path, 1, data == null ? 0 : data.length);
        return node.toStat();
    }

    static final String LIMITS = "zookeeper_limits";
    static final String STATS = "zookeeper_stats";

    /** The deepest path at or above {@code path} with a quota, or null (the root never counts). */
    private String quotaPrefix(String path) {
        if (quotaPaths.isEmpty()) {
            return null;
        }
        for (String p = path; !p.equals("/"); p = Paths.parent(p)) {
            if (quotaPaths.contains(p)) {
                return p;
            }
        }
        return null;
    }

    /** Keeps the quota's zookeeper_stats node in step with a change below it, as ZooKeeper's server does. */
    private void addToQuota(String path, int countDiff, long bytesDiff) {
        String prefix = quotaPrefix(path);
        DataNode stats = prefix == null ? null : nodes.get(QUOTA + prefix + "/" + STATS);
        if (stats != null) {
            QuotaStats q = new QuotaStats(stats.data);
            q.add(countDiff, bytesDiff);
            replaceData(stats, q.bytes());
        }
    }

    /** Recounts the nodes and bytes under a quota path into its zookeeper_stats node. */
    private void recountQuota(String quotaOf) {
        DataNode stats = nodes.get(QUOTA + quotaOf + "/" + STATS);
        if (stats == null) {
            return;
        }
        long[] counts = new long[2];
        count(quotaOf, counts);
        replaceData(stats, new QuotaStats(counts[0], counts[1]).bytes());
    }

    private void count(String path, long[] counts) {
        DataNode n = nodes.get(path);
        if (n == null) {
            return;
        }
        counts[0]++;
        counts[1] += n.data == null ? 0 : n.data.length;
        for (String child : n.children()) {
            count(Paths.join(path, child), counts);
        }
    }

    private void replaceData(DataNode node, byte[] data) {
        dataSize += data.length - (node.data == null ? 0 : node.data.length);
        node.data = data;
    }

    /** Deletes a node (the caller has checked it has no children); returns the removed node. */
    public DataNode deleteNode(String path, long zxid) throws TreeException {
        DataNode parent = nodes.get(Paths.parent(path));
        if (parent == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        // The parent's pzxid moves even when the child is already gone: a fuzzy snapshot may hold the child's
        // deletion but not the parent's new pzxid, and replaying this delete must still bring the parent up to
        // date (as ZooKeeper does). Never lowered: a later create may already have raised it.
        parent.removeChild(Paths.childName(path));
        if (zxid > parent.pzxid) {
            parent.pzxid = zxid;
        }
        DataNode node = nodes.get(path);
        if (node == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        nodes.remove(path);
        dataSize -= path.length() + (node.data == null ? 0 : node.data.length);
        String parentPath = Paths.parent(path);
        if (parentPath.startsWith(ZOOKEEPER) && Paths.childName(path).equals(LIMITS)
                && parentPath.length() > QUOTA.length()) {
            quotaPaths.remove(parentPath.substring(QUOTA.length()));
        }
        addToQuota(path, -1, -(node.data == null ? 0 : node.data.length));
        long owner = node.ephemeralOwner;
        switch (EphemeralType.of(owner)) {
            case CONTAINER -> containers.remove(path);
            case TTL -> ttls.remove(path);
            case NORMAL -> {
                Set<String> set = ephemerals.get(owner);
                if (set != null) {
                    set.remove(path);
                    if (set.isEmpty()) {
                        ephemerals.remove(owner);
                    }
                }
            }
            case VOID -> { }
        }
        return node;
    }

    /**
     * Raises a node's cversion to {@code cversion} (-1: one more than now) and sets its pzxid to {@code zxid},
     * unless its cversion is already at least that high. Replay uses it when a create finds its node present.
     */
    public void setCversionPzxid(String path, int cversion, long zxid) throws TreeException {
        DataNode node = nodes.get(path);
        if (node == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        int target = cversion == -1 ? node.cversion + 1 : cversion;
        if (target > node.cversion) {
            node.cversion = target;
            node.pzxid = zxid;
        }
    }

    public Stat setData(String path, byte[] data, int version, long zxid, long time) throws TreeException {
        DataNode node = nodes.get(path);
        if (node == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        long diff = (data == null ? 0 : data.length) - (node.data == null ? 0 : node.data.length);
        dataSize += diff;
        node.data = data;
        addToQuota(path, 0, diff);
        node.mtime = time;
        node.mzxid = zxid;
        node.version = version;
        return node.toStat();
    }

    public Stat setAcl(String path, List<ACL> acl, int aversion) throws TreeException {
        DataNode node = nodes.get(path);
        if (node == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        node.acl = intern(acl);
        node.aversion = aversion;
        return node.toStat();
    }

    /** An empty tree to be filled by {@link #restoreNode} and closed by {@link #finishRestore()}. */
    public static DataTree forRestore() {
        return new DataTree(false);
    }

    /** Adds a node read from a snapshot; children are linked by {@link #finishRestore()}. */
    public void restoreNode(String path, byte[] data, List<ACL> acl, long czxid, long mzxid, long ctime, long mtime,
                            int version, int cversion, int aversion, long ephemeralOwner, long pzxid) {
        DataNode n = new DataNode(data, intern(acl), czxid, ctime, ephemeralOwner);
        n.mzxid = mzxid;
        n.mtime = mtime;
        n.version = version;
        n.cversion = cversion;
        n.aversion = aversion;
        n.pzxid = pzxid;
        nodes.put(path, n);
    }

    /**
     * {@link #restoreNode} for a stream that lists each parent before its children (ZooKeeper's snapshot order):
     * the node joins its parent's children at once, so every parent lists its children in the stream's order, as
     * a ZooKeeper server that read the same stream does. Returns false, adding nothing, when the parent is not
     * restored yet. {@link #finishRestore()} still closes the restore.
     */
    public boolean restoreNodeInOrder(String path, byte[] data, List<ACL> acl, long czxid, long mzxid, long ctime,
                                      long mtime, int version, int cversion, int aversion, long ephemeralOwner,
                                      long pzxid) {
        DataNode parent = path.equals("/") ? null : nodes.get(Paths.parent(path));
        if (parent == null && !path.equals("/")) {
            return false;
        }
        restoreNode(path, data, acl, czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, pzxid);
        if (parent != null) {
            parent.addChild(Paths.childName(path));
        }
        return true;
    }

    /**
     * Links every restored node to its parent and rebuilds the indexes. A node whose parent is missing (a fuzzy
     * snapshot can catch a child without its parent) is dropped: its creation comes after the snapshot's zxid,
     * so log replay recreates it. Returns the number of nodes dropped.
     */
    public int finishRestore() {
        int dropped = 0;
        List<String> paths = new java.util.ArrayList<>(nodes.keySet());
        paths.sort(java.util.Comparator.comparingInt(String::length));
        for (String path : paths) {
            DataNode n = nodes.get(path);
            if (path.equals("/")) {
                dataSize += 1 + (n.data == null ? 0 : n.data.length);
                continue;
            }
            DataNode parent = nodes.get(Paths.parent(path));
            if (parent == null) {
                nodes.remove(path);
                dropped++;
                continue;
            }
            parent.addChild(Paths.childName(path));
            dataSize += path.length() + (n.data == null ? 0 : n.data.length);
            switch (EphemeralType.of(n.ephemeralOwner)) {
                case CONTAINER -> containers.add(path);
                case TTL -> ttls.add(path);
                case NORMAL -> ephemerals.computeIfAbsent(n.ephemeralOwner, k -> new HashSet<>()).add(path);
                case VOID -> { }
            }
        }
        setUpQuotas(QUOTA);
        return dropped;
    }

    /** After a restore: finds every zookeeper_limits leaf under /zookeeper/quota and recounts its quota. */
    private void setUpQuotas(String path) {
        DataNode n = nodes.get(path);
        if (n == null) {
            return;
        }
        if (n.childCount() == 0) {
            String suffix = "/" + LIMITS;
            if (path.endsWith(suffix) && path.length() > QUOTA.length() + suffix.length()) {
                String quotaOf = path.substring(QUOTA.length(), path.indexOf(suffix));
                recountQuota(quotaOf);
                quotaPaths.add(quotaOf);
            }
            return;
        }
        for (String child : new java.util.ArrayList<>(n.children())) {
            setUpQuotas(Paths.join(path, child));
        }
    }

    /** Every node with its path, for snapshots and checks; the map is live. */
    public Map<String, DataNode> nodes() {
        return Collections.unmodifiableMap(nodes);
    }
}
