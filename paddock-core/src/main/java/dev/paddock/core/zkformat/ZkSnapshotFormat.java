package dev.paddock.core.zkformat;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.Paths;
import dev.paddock.core.tree.TreeException;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.data.StatPersisted;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ZooKeeper's database serialization, byte for byte, as a leader streams it after a SNAP packet (and as the body
 * of its snapshot files): the sessions, the ACL cache, every node parent-first, the "/" end marker. The SNAP
 * stream then carries the "BenWasHere" signature; no tree digest travels on the wire (snapshot files add one).
 *
 * <p>Layout: {@code int sessionCount, (long id, int timeoutMs)*; int aclCount, (long ref, vector<ACL>)*;
 * (ustring path, buffer data, long aclRef, StatPersisted)*; ustring "/"}. The root's path is "" and each
 * node comes before its children, each parent listing its children in its own order. ACL reference -1 means the
 * open ACL without a cache entry (how ZooKeeper's own root, /zookeeper and /zookeeper/quota hold it).
 *
 * <p>The writer must not race with mutations of the tree: run it on the thread that applies transactions or on
 * a copy.
 */
public final class ZkSnapshotFormat {
    public static final String SIGNATURE = "BenWasHere";
    /** ZooKeeper's reference for the open ACL that has no entry in the ACL cache. */
    public static final long OPEN_ACL_REF = -1L;
    /**
     * ZooKeeper's limit on one string or buffer: jute.maxbuffer (0xfffff) plus
     * zookeeper.jute.maxbuffer.extrasize, which defaults to jute.maxbuffer.
     */
    public static final int DEFAULT_MAX_FIELD_BYTES = 0xfffff * 2;
    private static final String END_MARKER = "/";
    private static final String ROOT_ON_WIRE = "";
    private static final String CORRUPT = "ZooKeeper snapshot stream corrupt at byte ";

    private ZkSnapshotFormat() {
    }

    /** A database as read from the stream: the tree and the sessions with their timeouts. */
    public record Snapshot(DataTree tree, Map<Long, Integer> sessionTimeoutsMs) {
    }

    /** Writes the sessions and the tree (ZooKeeper's {@code SerializeUtils.serializeSnapshot}). */
    public static void write(DataTree tree, Map<Long, Integer> sessionTimeoutsMs, JuteOutput out) {
        // ZooKeeper writes a HashMap copy; the same copy gives the same order for the same sessions.
        Map<Long, Integer> sessions = new HashMap<>(sessionTimeoutsMs);
        out.writeInt(sessions.size());
        for (Map.Entry<Long, Integer> e : sessions.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue());
        }
        List<String> paths = new ArrayList<>(tree.nodeCount());
        List<DataNode> order = new ArrayList<>(tree.nodeCount());
        tree.forEachNodeListed((path, node) -> {
            paths.add(path);
            order.add(node);
        });
        Map<List<ACL>, Long> refs = new LinkedHashMap<>();
        long[] nodeRefs = new long[order.size()];
        for (int i = 0; i < order.size(); i++) {
            String path = paths.get(i);
            List<ACL> acl = order.get(i).acl();
            if (isBuiltInOpenNode(path, acl)) {
                nodeRefs[i] = OPEN_ACL_REF;
            } else {
                // Numbered from 1 in order of first use, as a fresh ZooKeeper cache numbers them.
                nodeRefs[i] = refs.computeIfAbsent(acl, k -> (long) refs.size() + 1);
            }
        }
        // Small consecutive Long keys iterate in ascending order in ZooKeeper's HashMap, so ascending matches.
        out.writeInt(refs.size());
        for (Map.Entry<List<ACL>, Long> e : refs.entrySet()) {
            out.writeLong(e.getValue());
            out.writeList(e.getKey(), (o, a) -> a.write(o));
        }
        for (int i = 0; i < order.size(); i++) {
            String path = paths.get(i);
            DataNode n = order.get(i);
            out.writeString(path.equals("/") ? ROOT_ON_WIRE : path);
            out.writeBuffer(n.data());
            out.writeLong(nodeRefs[i]);
            new StatPersisted(n.czxid(), n.mzxid(), n.ctime(), n.mtime(), n.version(), n.cversion(), n.aversion(),
                    n.ephemeralOwner(), n.pzxid()).write(out);
        }
        out.writeString(END_MARKER);
    }

    /** What a leader sends after the SNAP packet: the snapshot, then the signature. */
    public static void writeSync(DataTree tree, Map<Long, Integer> sessionTimeoutsMs, JuteOutput out) {
        write(tree, sessionTimeoutsMs, out);
        out.writeString(SIGNATURE);
    }

    private static boolean isBuiltInOpenNode(String path, List<ACL> acl) {
        return (path.equals("/") || path.equals(DataTree.ZOOKEEPER) || path.equals(DataTree.QUOTA))
                && acl.equals(DataTree.OPEN_ACL);
    }

    public static Snapshot read(JuteInput in) {
        return read(in, DEFAULT_MAX_FIELD_BYTES);
    }

    /**
     * Reads a snapshot written by {@link #write} or by ZooKeeper. Fails with {@link JuteException} on a truncated
     * or inconsistent stream (a child before its parent, an unknown ACL reference, a field over
     * {@code maxFieldBytes}); no claimed count or length allocates more than the bytes that are there.
     */
    public static Snapshot read(JuteInput in, int maxFieldBytes) {
        try {
            return readUnchecked(in, maxFieldBytes);
        } catch (JuteException e) {
            throw e.getMessage().startsWith(CORRUPT) ? e : corrupt(in, e.getMessage());
        }
    }

    private static Snapshot readUnchecked(JuteInput in, int maxFieldBytes) {
        Map<Long, Integer> sessions = readSessions(in);
        Map<Long, List<ACL>> acls = readAcls(in, maxFieldBytes);
        DataTree tree = DataTree.forRestore();
        String wirePath = readField(in, maxFieldBytes, "path");
        while (!END_MARKER.equals(wirePath)) {
            int at = in.position();
            if (wirePath == null) {
                throw corrupt(in, "null path");
            }
            byte[] data = readBuffer(in, maxFieldBytes);
            long aclRef = in.readLong();
            StatPersisted s = StatPersisted.read(in);
            String path = wirePath.equals(ROOT_ON_WIRE) ? "/" : wirePath;
            if (!path.equals("/") && Paths.invalidReason(path) != null) {
                throw corrupt(at, "bad path \"" + wirePath + "\"");
            }
            if (tree.get(path) != null) {
                throw corrupt(at, "path \"" + wirePath + "\" listed twice");
            }
            List<ACL> acl = aclRef == OPEN_ACL_REF ? DataTree.OPEN_ACL : acls.get(aclRef);
            if (acl == null) {
                throw corrupt(at, "path \"" + wirePath + "\" has unknown ACL reference " + aclRef);
            }
            if (!tree.restoreNodeInOrder(path, data, acl, s.czxid(), s.mzxid(), s.ctime(), s.mtime(), s.version(),
                    s.cversion(), s.aversion(), s.ephemeralOwner(), s.pzxid())) {
                throw corrupt(at, "path \"" + wirePath + "\" comes before its parent");
            }
            wirePath = readField(in, maxFieldBytes, "path");
        }
        requireNode(tree, in, "/");
        requireNode(tree, in, DataTree.ZOOKEEPER);
        requireNode(tree, in, DataTree.QUOTA);
        if (tree.get(DataTree.CONFIG) == null) {
            // A leader from before the config node existed: a ZooKeeper learner adds it as a fresh tree holds it.
            tree.restoreNodeInOrder(DataTree.CONFIG, new byte[0], DataTree.READ_ACL, 0, 0, 0, 0, 0, 0, -1, 0, 0);
        }
        tree.finishRestore();
        return new Snapshot(tree, sessions);
    }

    /**
     * Reads what follows a SNAP packet: the snapshot and the signature. The tree's last processed zxid is the
     * SNAP packet's zxid, as a ZooKeeper learner sets it.
     */
    public static Snapshot readSync(JuteInput in, long snapPacketZxid, int maxFieldBytes) {
        Snapshot snap = read(in, maxFieldBytes);
        String signature;
        try {
            signature = readField(in, maxFieldBytes, "signature");
        } catch (JuteException e) {
            throw e.getMessage().startsWith(CORRUPT) ? e : corrupt(in, e.getMessage());
        }
        if (!SIGNATURE.equals(signature)) {
            throw corrupt(in, "missing signature after the snapshot (got " + abbreviate(signature) + ")");
        }
        snap.tree().setLastProcessedZxid(snapPacketZxid);
        return snap;
    }

    /**
     * What a ZooKeeper learner does after a SNAP when reconfiguration is disabled (its default): the leader's
     * /zookeeper/config content is replaced by the local configuration (version -1, mzxid = config version).
     */
    public static void applyLocalConfig(DataTree tree, byte[] config, long configVersion, long nowMs) {
        try {
            tree.setData(DataTree.CONFIG, config, -1, configVersion, nowMs);
        } catch (TreeException e) {
            throw new IllegalStateException("snapshot has no " + DataTree.CONFIG, e);
        }
    }

    private static Map<Long, Integer> readSessions(JuteInput in) {
        int count = in.readInt();
        if (count < 0 || count > in.remaining() / 12) {
            throw corrupt(in, "bad session count " + count);
        }
        Map<Long, Integer> sessions = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            sessions.put(in.readLong(), in.readInt());
        }
        return sessions;
    }

    private static Map<Long, List<ACL>> readAcls(JuteInput in, int maxFieldBytes) {
        int count = in.readInt();
        if (count < 0 || count > in.remaining() / 12) {
            throw corrupt(in, "bad ACL map size " + count);
        }
        Map<Long, List<ACL>> acls = new HashMap<>();
        for (int i = 0; i < count; i++) {
            int at = in.position();
            long ref = in.readLong();
            int n = in.readInt();
            // An ACL takes at least 12 bytes (perms and two string lengths).
            if (n < 0 || n > in.remaining() / 12) {
                throw corrupt(at, "ACL list " + ref + " has bad length " + n);
            }
            List<ACL> list = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                int perms = in.readInt();
                String scheme = readField(in, maxFieldBytes, "ACL scheme");
                String id = readField(in, maxFieldBytes, "ACL id");
                list.add(new ACL(perms, new Id(scheme, id)));
            }
            if (acls.put(ref, List.copyOf(list)) != null) {
                throw corrupt(at, "ACL reference " + ref + " listed twice");
            }
        }
        return acls;
    }

    private static void requireNode(DataTree tree, JuteInput in, String path) {
        if (tree.get(path) == null) {
            throw corrupt(in, "snapshot has no " + (path.equals("/") ? "root" : path) + " node");
        }
    }

    private static String readField(JuteInput in, int maxFieldBytes, String what) {
        int at = in.position();
        String s = in.readString();
        int bytes = in.position() - at - 4;
        if (bytes > maxFieldBytes) {
            throw corrupt(at, what + " of " + bytes + " bytes is over the limit of " + maxFieldBytes);
        }
        return s;
    }

    private static byte[] readBuffer(JuteInput in, int maxFieldBytes) {
        int at = in.position();
        byte[] b = in.readBuffer();
        if (b != null && b.length > maxFieldBytes) {
            throw corrupt(at, "node data of " + b.length + " bytes is over the limit of " + maxFieldBytes);
        }
        return b;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
    }

    private static JuteException corrupt(JuteInput in, String what) {
        return corrupt(in.position(), what);
    }

    private static JuteException corrupt(int offset, String what) {
        return new JuteException(CORRUPT + offset + ": " + what);
    }
}
