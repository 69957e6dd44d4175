package dev.paddock.core.zkformat;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.core.tree.Paths;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.TxnCodec;
import dev.paddock.jute.txn.CloseSessionTxn;
import dev.paddock.jute.txn.CreateContainerTxn;
import dev.paddock.jute.txn.CreateTTLTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.DeleteTxn;
import dev.paddock.jute.txn.MultiTxn;
import dev.paddock.jute.txn.SetACLTxn;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.Txn;
import dev.paddock.jute.txn.TxnDigest;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * ZooKeeper's tree digest (digest version 2), the value a 3.6+ leader appends to every PROPOSAL.
 *
 * <p>A node's digest is the CRC-32 of its path (UTF-8; the root as ""), then its data, then 60 bytes of stat in
 * this order: czxid, mzxid, pzxid, ctime, mtime (longs), version, cversion, aversion (ints), ephemeralOwner
 * (long), all big-endian; cversion is the persisted one (child creations only). Nodes under "/zookeeper/" count
 * as 0 (ZooKeeper leaves them out because quota stats change locally); "/zookeeper" itself is counted. The tree
 * digest is the sum of every node's digest, wrapping at 64 bits, so one change is "subtract the old node digests,
 * add the new ones".
 *
 * <p>An instance keeps a running digest: {@link #beginChange} before applying a transaction to the tree and
 * {@link Change#commit()} after it. {@link #touchedPaths} lists what a transaction can change; listing more
 * paths than change is harmless (their digests are subtracted and added back).
 */
public final class TreeDigest {
    /** ZooKeeper's DigestCalculator.DIGEST_VERSION. */
    public static final int VERSION = 2;
    private static final String EXCLUDED_PREFIX = "/zookeeper/";

    private long value;

    private TreeDigest(long value) {
        this.value = value;
    }

    /** A running digest that starts from a full computation over {@code tree}. */
    public static TreeDigest of(DataTree tree) {
        return new TreeDigest(compute(tree));
    }

    /** The tree digest computed from every node (cost: one CRC pass over all paths and data). */
    public static long compute(DataTree tree) {
        long[] sum = new long[1];
        tree.forEachNode((path, node) -> sum[0] += nodeDigest(path, node));
        return sum[0];
    }

    public static long nodeDigest(String path, DataNode n) {
        return nodeDigest(path, n.data(), n.czxid(), n.mzxid(), n.pzxid(), n.ctime(), n.mtime(), n.version(),
                n.cversion(), n.aversion(), n.ephemeralOwner());
    }

    /** One node's digest, from the fields ZooKeeper uses; {@code cversion} is the persisted one. */
    public static long nodeDigest(String path, byte[] data, long czxid, long mzxid, long pzxid, long ctime,
                                  long mtime, int version, int cversion, int aversion, long ephemeralOwner) {
        if (path.startsWith(EXCLUDED_PREFIX)) {
            return 0;
        }
        ByteBuffer stat = ByteBuffer.allocate(60);
        stat.putLong(czxid).putLong(mzxid).putLong(pzxid).putLong(ctime).putLong(mtime);
        stat.putInt(version).putInt(cversion).putInt(aversion).putLong(ephemeralOwner);
        CRC32 crc = new CRC32();
        // ZooKeeper hashes the path in the JVM's default charset: UTF-8 on Java 18+, so on ASCII paths everywhere.
        crc.update((path.equals("/") ? "" : path).getBytes(StandardCharsets.UTF_8));
        if (data != null) {
            crc.update(data);
        }
        crc.update(stat.array());
        return crc.getValue();
    }

    public long value() {
        return value;
    }

    /** The digest as a PROPOSAL carries it. */
    public TxnDigest toTxnDigest() {
        return new TxnDigest(VERSION, value);
    }

    /** What a follower makes of a proposal's digest once it has applied the txn. */
    public enum Check { MATCH, MISMATCH, SKIPPED }

    /**
     * ZooKeeper's follower check after applying a txn: no digest, or one of another digest version, is skipped;
     * a mismatch is only reported (ZooKeeper logs it and counts digest_mismatches_count, and goes on).
     */
    public Check check(TxnDigest fromLeader) {
        if (fromLeader == null || fromLeader.version() != VERSION) {
            return Check.SKIPPED;
        }
        return fromLeader.treeDigest() == value ? Check.MATCH : Check.MISMATCH;
    }

    /** Removes the current digests of the nodes at {@code paths}; the change's commit adds their new digests. */
    public Change beginChange(DataTree tree, Collection<String> paths) {
        Set<String> distinct = new LinkedHashSet<>(paths);
        for (String p : distinct) {
            DataNode n = tree.get(p);
            if (n != null) {
                value -= nodeDigest(p, n);
            }
        }
        return new Change(tree, distinct);
    }

    /** A change in progress on the running digest. */
    public final class Change {
        private final DataTree tree;
        private final Set<String> paths;
        private boolean committed;

        private Change(DataTree tree, Set<String> paths) {
            this.tree = tree;
            this.paths = paths;
        }

        public void commit() {
            if (committed) {
                throw new IllegalStateException("change already committed");
            }
            committed = true;
            for (String p : paths) {
                DataNode n = tree.get(p);
                if (n != null) {
                    value += nodeDigest(p, n);
                }
            }
        }
    }

    /** The paths whose nodes applying this transaction to {@code tree} may create, change or remove. */
    public static Set<String> touchedPaths(DataTree tree, TxnHeader header, JuteRecord txn) {
        Set<String> paths = new LinkedHashSet<>();
        addTouched(tree, header.clientId(), txn, paths);
        return paths;
    }

    private static void addTouched(DataTree tree, long sessionId, JuteRecord txn, Set<String> paths) {
        if (txn instanceof CreateTxn t) {
            addWithParent(t.path(), paths);
        } else if (txn instanceof CreateTTLTxn t) {
            addWithParent(t.path(), paths);
        } else if (txn instanceof CreateContainerTxn t) {
            addWithParent(t.path(), paths);
        } else if (txn instanceof DeleteTxn t) {
            addWithParent(t.path(), paths);
        } else if (txn instanceof SetDataTxn t) {
            paths.add(t.path());
        } else if (txn instanceof SetACLTxn t) {
            paths.add(t.path());
        } else if (txn instanceof CloseSessionTxn t) {
            // The tree's own list is what gets deleted; the txn's list joins in case the two differ.
            List<String> doomed = new ArrayList<>(tree.ephemerals(sessionId));
            if (t.paths2Delete() != null) {
                doomed.addAll(t.paths2Delete());
            }
            doomed.forEach(p -> addWithParent(p, paths));
        } else if (txn instanceof dev.paddock.core.pipeline.PreparedMulti p) {
            addTouched(tree, sessionId, p.logged(), paths);
        } else if (txn instanceof MultiTxn t && t.txns() != null) {
            for (Txn sub : t.txns()) {
                OpCode type = OpCode.of(sub.type());
                if (type != null && type != OpCode.ERROR && type != OpCode.CHECK && sub.data() != null) {
                    addTouched(tree, sessionId, TxnCodec.readTxn(type, new JuteInput(sub.data())), paths);
                }
            }
        }
        // Session creation, errors and version checks change no node.
    }

    private static void addWithParent(String path, Set<String> paths) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return;
        }
        paths.add(path);
        if (!path.equals("/")) {
            paths.add(Paths.parent(path));
        }
    }
}
