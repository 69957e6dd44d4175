package dev.paddock.core.tree;

import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.Stat;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The in-memory znode tree. Mutations take the zxid and time of their transaction and are idempotent where
 * replay needs them to be (a create with a parent cversion at or below the current one leaves the parent alone).
 * Watches are not fired here: the caller fires them after a mutation succeeds.
 *
 * <p>There is no map from full paths to nodes: each node holds its own name, and a path is found by walking from
 * the root through each parent's {@link Children} table. Lookups and changes belong to the core thread;
 * {@link #forEachNode} may run on another thread at the same time (a fuzzy snapshot): it lists each parent's
 * children under that parent's lock, so a node that exists throughout the walk is always visited.
 */
public final class DataTree {
    public static final List<ACL> OPEN_ACL = List.of(new ACL(Perms.ALL, new Id("world", "anyone")));
    public static final List<ACL> READ_ACL = List.of(new ACL(Perms.READ, new Id("world", "anyone")));
    public static final String ZOOKEEPER = "/zookeeper";
    public static final String QUOTA = "/zookeeper/quota";
    public static final String CONFIG = "/zookeeper/config";

    private static final byte[] ROOT_NAME = new byte[0];

    private DataNode root;
    /** Nodes in the tree, the root included. */
    private int count;
    /** Restored nodes whose parent came later in the stream, linked by {@link #finishRestore()}. */
    private Map<String, DataNode> pending;
    /**
     * The parent of the last node restored, and its path: a snapshot lists a parent's children one after another,
     * so most restored nodes find their parent here instead of walking from the root. Null outside a restore.
     */
    private DataNode restoreParent;
    private String restoreParentPath;
    /**
     * The ACL list a restored node was last given, and the interned list it got: a snapshot hands the same list
     * object for most of its nodes, so this spares hashing the list every time. Null outside a restore.
     */
    private List<ACL> lastAclGiven;
    private List<ACL> lastAclKept;
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
        root = new DataNode(ROOT_NAME, new byte[0], intern(OPEN_ACL), 0, 0);
        count = 1;
        dataSize += 1;
        addSystemNode(ZOOKEEPER, OPEN_ACL);
        addSystemNode(QUOTA, OPEN_ACL);
        DataNode config = addSystemNode(CONFIG, READ_ACL);
        config.aversion = -1;
    }

    private DataNode addSystemNode(String path, List<ACL> acl) {
        int slash = path.lastIndexOf('/');
        DataNode node = new DataNode(Names.of(path, slash + 1, path.length()), new byte[0], intern(acl), 0, 0);
        lookup(path, parentEnd(path)).kids().add(node);
        count++;
        dataSize += path.length();
        return node;
    }

    /** Whether deleting this path is refused outright: the root and ZooKeeper's own nodes. */
    public static boolean isSpecialPath(String path) {
        return path.equals("/") || path.equals(ZOOKEEPER) || path.equals(QUOTA) || path.equals(CONFIG);
    }

    public DataNode get(String path) {
        return lookup(path, path.length());
    }

    /** The node at {@code path.substring(0, end)} ({@code end} 1 or less: the root), walking from the root. */
    private DataNode lookup(String path, int end) {
        DataNode n = root;
        if (n == null || path.isEmpty() || path.charAt(0) != '/') {
            return null;
        }
        int from = 1;
        while (from <= end && end > 1) {
            int slash = path.indexOf('/', from);
            int to = slash < 0 || slash > end ? end : slash;
            Children k = n.kids;
            n = k == null ? null : k.find(path, from, to);
            if (n == null || to == end) {
                return n;
            }
            from = to + 1;
        }
        return n;
    }

    /** Where the parent of {@code path} ends in it: the index of its last slash, 1 for a top-level node. */
    private static int parentEnd(String path) {
        return Math.max(path.lastIndexOf('/'), 1);
    }

    public long lastProcessedZxid() {
        return lastProcessedZxid;
    }

    public void setLastProcessedZxid(long zxid) {
        lastProcessedZxid = zxid;
    }

    /** Counted as ZooKeeper counts it: its map holds the root twice (as "" and "/"). */
    public int nodeCount() {
        return count + 1;
    }

    public long approximateDataSize() {
        return dataSize;
    }

    /** All descendants of {@code path}: counted by following the children tables, no paths built. */
    public int allChildrenNumber(String path) {
        DataNode start = get(path);
        int n = 0;
        Deque<DataNode> todo = new ArrayDeque<>();
        if (start != null) {
            todo.push(start);
        }
        while (!todo.isEmpty()) {
            Children k = todo.pop().kids;
            if (k != null && k.size() > 0) {
                for (DataNode child : k.inserted()) {
                    n++;
                    todo.push(child);
                }
            }
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
        List<ACL> known = aclCache.get(acl); // lists are equal by their elements, whatever their class
        return known != null ? known : aclCache.computeIfAbsent(List.copyOf(acl), k -> k);
    }

    /** Creates a node; returns its stat. */
    public Stat createNode(String path, byte[] data, List<ACL> acl, long ephemeralOwner, int parentCVersion,
                           long zxid, long time) throws TreeException {
        return create(path, data, acl, ephemeralOwner, parentCVersion, zxid, time).toStat();
    }

    /** Creates a node; returns it (its stat is read from it only by whoever needs one). */
    public DataNode create(String path, byte[] data, List<ACL> acl, long ephemeralOwner, int parentCVersion,
                           long zxid, long time) throws TreeException {
        int end = parentEnd(path);
        DataNode parent = lookup(path, end);
        if (parent == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        int from = path.lastIndexOf('/') + 1;
        if (parent.kids != null && parent.kids.find(path, from, path.length()) != null) {
            throw new TreeException(ErrorCode.NODEEXISTS, path);
        }
        Children siblings = parent.kids();
        if (parentCVersion == -1) {
            parentCVersion = siblings.cversion + 1;
        }
        if (parentCVersion > siblings.cversion) {
            siblings.cversion = parentCVersion;
            siblings.pzxid = zxid;
        }
        DataNode node = DataNode.of(Names.of(path, from, path.length()), data, intern(acl), zxid, time,
                ephemeralOwner);
        siblings.add(node);
        count++;
        dataSize += path.length() + (data == null ? 0 : data.length);
        switch (EphemeralType.of(ephemeralOwner)) {
            case CONTAINER -> containers.add(path);
            case TTL -> ttls.add(path);
            case NORMAL -> ephemerals.computeIfAbsent(ephemeralOwner, k -> new HashSet<>()).add(path);
            case VOID -> { }
        }
        String parentPath = path.startsWith(QUOTA) ? Paths.parent(path) : "";
        if (parentPath.startsWith(QUOTA) && parentPath.length() > QUOTA.length()) {
            String quotaOf = parentPath.substring(QUOTA.length());
            String name = Paths.childName(path);
            if (name.equals(LIMITS)) {
                quotaPaths.add(quotaOf);
            } else if (name.equals(STATS)) {
                recountQuota(quotaOf);
            }
        }
        addToQuota(path, 1, data == null ? 0 : data.length);
        return node;
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

    /**
     * A write that would take the nodes or bytes under a quota past a limit ({@code measure} "count" or "bytes"):
     * where they would be, and the limit, hard or soft.
     */
    public record QuotaExcess(String quotaPath, String measure, long wouldBe, long limit, boolean hard) {
        @Override
        public String toString() {
            return "Quota exceeded: " + quotaPath + " [current " + measure + "=" + wouldBe + ", "
                    + (hard ? "hard" : "soft") + (measure.equals("count") ? "CountLimit=" : "ByteLimit=") + limit + "]";
        }
    }

    /**
     * ZooKeeper's quota check (zookeeper.enforceQuota) of a write under {@code path} that would change the nodes
     * and bytes under its quota by the given amounts, against the committed zookeeper_stats: the limits it would
     * exceed, count before bytes. A measure with a hard limit is held to that, else to its soft limit; a measure
     * the write does not change, or without either limit, is not checked. Empty when no quota covers the path.
     */
    public List<QuotaExcess> quotaExcesses(String path, long countDiff, long bytesDiff) {
        String prefix = quotaPrefix(path);
        DataNode limitsNode = prefix == null ? null : get(QUOTA + prefix + "/" + LIMITS);
        if (limitsNode == null) {
            return List.of();
        }
        QuotaStats limits = new QuotaStats(limitsNode.data);
        boolean checkCount = countDiff != 0 && (limits.get("count") > -1 || limits.get("countHardLimit") > -1);
        boolean checkBytes = bytesDiff != 0 && (limits.get("bytes") > -1 || limits.get("byteHardLimit") > -1);
        DataNode statsNode = checkCount || checkBytes ? get(QUOTA + prefix + "/" + STATS) : null;
        if (statsNode == null) {
            return List.of();
        }
        QuotaStats current = new QuotaStats(statsNode.data);
        List<QuotaExcess> out = new ArrayList<>(2);
        if (checkCount) {
            addExcess(out, prefix, "count", current.get("count") + countDiff, limits.get("count"),
                    limits.get("countHardLimit"));
        }
        if (checkBytes) {
            addExcess(out, prefix, "bytes", current.get("bytes") + bytesDiff, limits.get("bytes"),
                    limits.get("byteHardLimit"));
        }
        return out;
    }

    private static void addExcess(List<QuotaExcess> out, String prefix, String measure, long wouldBe, long soft,
                                  long hard) {
        long limit = hard > -1 ? hard : soft;
        if (wouldBe > limit) {
            out.add(new QuotaExcess(prefix, measure, wouldBe, limit, hard > -1));
        }
    }

    /** Keeps the quota's zookeeper_stats node in step with a change below it, as ZooKeeper's server does. */
    private void addToQuota(String path, int countDiff, long bytesDiff) {
        String prefix = quotaPrefix(path);
        DataNode stats = prefix == null ? null : get(QUOTA + prefix + "/" + STATS);
        if (stats != null) {
            QuotaStats q = new QuotaStats(stats.data);
            q.add(countDiff, bytesDiff);
            replaceData(stats, q.bytes());
        }
    }

    /** Recounts the nodes and bytes under a quota path into its zookeeper_stats node. */
    private void recountQuota(String quotaOf) {
        DataNode stats = get(QUOTA + quotaOf + "/" + STATS);
        if (stats == null) {
            return;
        }
        long[] counts = new long[2];
        forEachNode(quotaOf, (p, n) -> {
            counts[0]++;
            counts[1] += n.data == null ? 0 : n.data.length;
        });
        replaceData(stats, new QuotaStats(counts[0], counts[1]).bytes());
    }

    private void replaceData(DataNode node, byte[] data) {
        dataSize += data.length - (node.data == null ? 0 : node.data.length);
        node.data = data;
    }

    /** Deletes a node (the caller has checked it has no children); returns the removed node. */
    public DataNode deleteNode(String path, long zxid) throws TreeException {
        DataNode parent = lookup(path, parentEnd(path));
        if (parent == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        // The parent's pzxid moves even when the child is already gone: a fuzzy snapshot may hold the child's
        // deletion but not the parent's new pzxid, and replaying this delete must still bring the parent up to
        // date (as ZooKeeper does). Never lowered: a later create may already have raised it.
        DataNode node = parent.kids == null ? null
                : parent.kids.remove(path, path.lastIndexOf('/') + 1, path.length());
        if (zxid > parent.pzxid()) {
            parent.kids().pzxid = zxid;
        }
        if (node == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        count--;
        dataSize -= path.length() + (node.data == null ? 0 : node.data.length);
        String parentPath = Paths.parent(path);
        if (parentPath.startsWith(ZOOKEEPER) && Paths.childName(path).equals(LIMITS)
                && parentPath.length() > QUOTA.length()) {
            quotaPaths.remove(parentPath.substring(QUOTA.length()));
        }
        addToQuota(path, -1, -(node.data == null ? 0 : node.data.length));
        long owner = node.ephemeralOwner();
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
        DataNode node = get(path);
        if (node == null) {
            throw new TreeException(ErrorCode.NONODE, path);
        }
        int target = cversion == -1 ? node.cversion() + 1 : cversion;
        if (target > node.cversion()) {
            Children k = node.kids();
            k.cversion = target;
            k.pzxid = zxid;
        }
    }

    public Stat setData(String path, byte[] data, int version, long zxid, long time) throws TreeException {
        DataNode node = get(path);
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
        DataNode node = get(path);
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

    /**
     * Adds a node read from a snapshot, in any order: a node whose parent is there joins it at once, the others
     * wait for {@link #finishRestore()}.
     */
    public void restoreNode(String path, byte[] data, List<ACL> acl, long czxid, long mzxid, long ctime, long mtime,
                            int version, int cversion, int aversion, long ephemeralOwner, long pzxid) {
        if (!restoreNodeInOrder(path, data, acl, czxid, mzxid, ctime, mtime, version, cversion, aversion,
                ephemeralOwner, pzxid)) {
            if (pending == null) {
                pending = new LinkedHashMap<>();
            }
            pending.put(path, restored(path, path.lastIndexOf('/'), data, acl, czxid, mzxid, ctime, mtime, version,
                    cversion, aversion, ephemeralOwner, pzxid));
        }
    }

    /** A restored node; {@code slash} is the index of the path's last slash, -1 for the root. */
    private DataNode restored(String path, int slash, byte[] data, List<ACL> acl, long czxid, long mzxid, long ctime,
                              long mtime, int version, int cversion, int aversion, long ephemeralOwner, long pzxid) {
        Object name = slash < 0 ? ROOT_NAME : Names.of(path, slash + 1, path.length());
        if (acl != lastAclGiven) {
            lastAclKept = intern(acl);
            lastAclGiven = acl;
        }
        DataNode n = DataNode.of(name, data, lastAclKept, czxid, ctime, ephemeralOwner);
        n.mzxid = mzxid;
        n.mtime = mtime;
        n.version = version;
        n.aversion = aversion;
        if (cversion != 0 || pzxid != czxid) {
            Children k = n.kids();
            k.cversion = cversion;
            k.pzxid = pzxid;
        }
        return n;
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
        if (path.equals("/")) {
            if (root == null) {
                count++;
            }
            root = restored(path, -1, data, acl, czxid, mzxid, ctime, mtime, version, cversion, aversion,
                    ephemeralOwner, pzxid);
            forgetRestoreParent();
            dataSize += 1 + (data == null ? 0 : data.length);
            return true;
        }
        int slash = path.lastIndexOf('/');
        int end = Math.max(slash, 1);
        DataNode parent;
        String parentPath = restoreParentPath;
        if (parentPath != null && parentPath.length() == end && path.startsWith(parentPath)) {
            parent = restoreParent;
        } else {
            parent = lookup(path, end);
            if (parent == null) {
                return false;
            }
            restoreParent = parent;
            restoreParentPath = path.substring(0, end);
        }
        link(parent, path, slash + 1, restored(path, slash, data, acl, czxid, mzxid, ctime, mtime, version, cversion,
                aversion, ephemeralOwner, pzxid));
        return true;
    }

    /**
     * Puts a restored node under its parent (replacing a node of the same path) and into the indexes; its name
     * starts at {@code from} in {@code path}.
     */
    private void link(DataNode parent, String path, int from, DataNode n) {
        Children k = parent.kids();
        DataNode old = k.addIfAbsent(n);
        if (old != null) {
            forgetRestoreParent(); // it may be the node replaced here
            k.remove(path, from, path.length());
            count--;
            dataSize -= path.length() + (old.data == null ? 0 : old.data.length);
            k.add(n);
        }
        count++;
        dataSize += path.length() + (n.data == null ? 0 : n.data.length);
        long owner = n.ephemeralOwner();
        switch (EphemeralType.of(owner)) {
            case CONTAINER -> containers.add(path);
            case TTL -> ttls.add(path);
            case NORMAL -> ephemerals.computeIfAbsent(owner, x -> new HashSet<>()).add(path);
            case VOID -> { }
        }
    }

    /**
     * Links the restored nodes that came before their parents and rebuilds the quota indexes. A node whose parent
     * is missing (a fuzzy snapshot can catch a child without its parent) is dropped: its creation comes after the
     * snapshot's zxid, so log replay recreates it. Returns the number of nodes dropped.
     */
    public int finishRestore() {
        int dropped = 0;
        if (pending != null) {
            List<Map.Entry<String, DataNode>> waiting = new ArrayList<>(pending.entrySet());
            waiting.sort(Comparator.comparingInt(e -> e.getKey().length()));
            pending = null;
            for (Map.Entry<String, DataNode> e : waiting) {
                DataNode parent = root == null ? null : lookup(e.getKey(), parentEnd(e.getKey()));
                if (parent == null) {
                    dropped++;
                } else {
                    link(parent, e.getKey(), e.getKey().lastIndexOf('/') + 1, e.getValue());
                }
            }
        }
        forgetRestoreParent();
        lastAclGiven = null;
        lastAclKept = null;
        setUpQuotas();
        return dropped;
    }

    private void forgetRestoreParent() {
        restoreParent = null;
        restoreParentPath = null;
    }

    /** After a restore: finds every zookeeper_limits leaf under /zookeeper/quota and recounts its quota. */
    private void setUpQuotas() {
        String suffix = "/" + LIMITS;
        List<String> limits = new ArrayList<>();
        forEachNode(QUOTA, (path, n) -> {
            if (n.childCount() == 0 && path.endsWith(suffix) && path.length() > QUOTA.length() + suffix.length()) {
                limits.add(path.substring(QUOTA.length(), path.indexOf(suffix)));
            }
        });
        for (String quotaOf : limits) {
            recountQuota(quotaOf);
            quotaPaths.add(quotaOf);
        }
    }

    /** Receives nodes with their paths. */
    @FunctionalInterface
    public interface NodeVisitor {
        void visit(String path, DataNode node);
    }

    /**
     * Receives a node with its path as UTF-8 bytes: {@code path[0, length)} of a buffer the walk reuses, valid only
     * during the call (a walk builds no String per node).
     */
    public interface NodeBytesVisitor {
        void visit(byte[] path, int length, DataNode node);
    }

    /** {@link #forEachNode(String, NodeVisitor)} from the root. */
    public void forEachNode(NodeVisitor visitor) {
        forEachNode("/", visitor);
    }

    /**
     * Visits the node at {@code path} and everything below it, each parent before its children and the children
     * in insertion order, which a restore (or a ZooKeeper server reading the same stream) turns back into the same
     * listing order. Safe on another thread while the core thread changes the tree (see the class comment).
     */
    public void forEachNode(String path, NodeVisitor visitor) {
        walk(path, decoding(visitor), false);
    }

    /** {@link #forEachNode(NodeVisitor)} with each path as UTF-8 bytes in a reused buffer. */
    public void forEachNodeUtf8(NodeBytesVisitor visitor) {
        walk("/", visitor, false);
    }

    /** {@link #forEachNode(NodeVisitor)} with each parent's children in listing order (ZooKeeper's walk). */
    public void forEachNodeListed(NodeVisitor visitor) {
        walk("/", decoding(visitor), true);
    }

    /** A walk's visitor that hands {@code visitor} each path as a String. */
    private static NodeBytesVisitor decoding(NodeVisitor visitor) {
        return (b, len, n) -> visitor.visit(new String(b, 0, len, StandardCharsets.UTF_8), n);
    }

    private void walk(String path, NodeBytesVisitor visitor, boolean listed) {
        DataNode start = get(path);
        if (start == null) {
            return;
        }
        byte[] startBytes = path.getBytes(StandardCharsets.UTF_8);
        int startLen = startBytes.length;
        byte[] buf = Arrays.copyOf(startBytes, Math.max(256, startLen * 2));
        visitor.visit(buf, startLen, start);
        Deque<Level> stack = new ArrayDeque<>();
        // a child's path is its parent's plus '/' and its name; under the root the prefix is empty
        push(stack, path.equals("/") ? 0 : startLen, start, listed);
        while (!stack.isEmpty()) {
            // An explicit stack: a chain of thousands of levels must not overflow the thread's stack.
            Level level = stack.peek();
            if (level.next == level.children.length) {
                stack.pop();
                continue;
            }
            DataNode child = level.children[level.next++];
            Object name = child.name;
            byte[] nameBytes = name instanceof byte[] ? (byte[]) name : ((String) name).getBytes(StandardCharsets.UTF_8);
            int len = level.prefix + 1 + nameBytes.length;
            if (len > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(len, buf.length * 2));
            }
            buf[level.prefix] = '/';
            System.arraycopy(nameBytes, 0, buf, level.prefix + 1, nameBytes.length);
            visitor.visit(buf, len, child);
            push(stack, len, child, listed);
        }
    }

    private static void push(Deque<Level> stack, int prefix, DataNode node, boolean listed) {
        Children k = node.kids;
        if (k != null && k.size() > 0) {
            stack.push(new Level(prefix, listed ? k.ordered() : k.inserted()));
        }
    }

    /** One parent on the walk: the length of its path's bytes, and its children as listed when the walk reached it. */
    private static final class Level {
        final int prefix;
        final DataNode[] children;
        int next;

        Level(int prefix, DataNode[] children) {
            this.prefix = prefix;
            this.children = children;
        }
    }

    /** Every node with its path, parent first: a copy built by a full walk, for tools and checks. */
    public Map<String, DataNode> nodes() {
        Map<String, DataNode> out = new LinkedHashMap<>();
        forEachNode(out::put);
        return out;
    }
}
