package dev.paddock.core.tree;

import java.util.Arrays;

/**
 * A node's children, with the two stat fields that change with them. The children sit in an open-addressing
 * table (linear probing, at most half full, so a miss probes about two and a half slots) keyed by their own
 * names, whose hashes the nodes keep (a probe past another child compares hashes, not names): eight to sixteen
 * bytes a child, no entry objects; a parent that has been listed also keeps its listing
 * order (four bytes a child). Only the core thread changes it; every change, and every listing, holds this
 * object's lock, so a fuzzy snapshot on another thread lists each node's children as they were at one moment.
 *
 * <p>Listings come in the order ZooKeeper's server lists the same children: its {@code HashSet} (created with
 * capacity 8, doubling past three quarters full, never shrinking) orders names by hash bucket, and names in one
 * bucket by insertion. The table records the capacity that set would have and each child's insertion number, so
 * the order is reproduced exactly, except for buckets of eight or more colliding names, which ZooKeeper's set
 * turns into trees.
 */
final class Children {
    private static final DataNode[] NONE = new DataNode[0];

    private DataNode[] slots = NONE;
    private int size;
    int cversion;
    long pzxid;
    private int nextSeq;
    /** log2 of the capacity ZooKeeper's children set would have; 0 before its first child. */
    private byte zkCapacityLog2;
    /**
     * The listing order once computed, kept up to date by small changes and dropped by others; never changed in
     * place (a walk may hold it), replaced by a new array instead.
     */
    private DataNode[] order;
    /** Up to this many children the cached order follows adds and removes; above, a change drops it. */
    private static final int ORDER_FOLLOWS = 4096;

    Children(long pzxid) {
        this.pzxid = pzxid;
    }

    int size() {
        return size;
    }

    private static int slot(int hash, int mask) {
        int m = hash * 0x9E3779B9;
        return (m ^ (m >>> 16)) & mask;
    }

    /** The child named {@code path.substring(from, to)}, or null. Core thread only. */
    DataNode find(String path, int from, int to) {
        DataNode[] s = slots;
        if (size == 0) {
            return null;
        }
        int mask = s.length - 1;
        int h = Names.hash(path, from, to);
        for (int i = slot(h, mask); ; i = (i + 1) & mask) {
            DataNode n = s[i];
            if (n == null || n.hash == h && Names.matches(n.name, path, from, to)) {
                return n;
            }
        }
    }

    /**
     * Adds {@code child} unless a child of the same name is there, which it returns (and then changes nothing):
     * one probe with the hash the node keeps, where a removal before an add would hash its name twice.
     */
    synchronized DataNode addIfAbsent(DataNode child) {
        DataNode[] s = slots;
        if (size > 0) {
            int mask = s.length - 1;
            int h = child.hash;
            for (int i = slot(h, mask); s[i] != null; i = (i + 1) & mask) {
                if (s[i].hash == h && Names.sameName(s[i].name, child.name)) {
                    return s[i];
                }
            }
        }
        add(child);
        return null;
    }

    /** Adds a child whose name is not there yet. */
    synchronized void add(DataNode child) {
        if ((size + 1) * 2 > slots.length) {
            rehash(Math.max(2, slots.length * 2));
        }
        if (nextSeq == Integer.MAX_VALUE) {
            renumber();
        }
        child.seq = nextSeq++;
        place(slots, child);
        size++;
        byte before = zkCapacityLog2;
        if (zkCapacityLog2 == 0) {
            zkCapacityLog2 = 3;
        }
        while (size > (3 << zkCapacityLog2) / 4) {
            zkCapacityLog2++;
        }
        DataNode[] o = order;
        if (o != null) {
            order = before != zkCapacityLog2 || o.length >= ORDER_FOLLOWS ? null : withAdded(o, child);
        }
    }

    /** The order with a new child (the latest inserted): after every child in its bucket or an earlier one. */
    private DataNode[] withAdded(DataNode[] o, DataNode child) {
        int mask = (1 << zkCapacityLog2) - 1;
        int bucket = bucket(child, mask);
        int lo = 0;
        int hi = o.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (bucket(o[mid], mask) <= bucket) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        DataNode[] out = new DataNode[o.length + 1];
        System.arraycopy(o, 0, out, 0, lo);
        out[lo] = child;
        System.arraycopy(o, lo, out, lo + 1, o.length - lo);
        return out;
    }

    private static int bucket(DataNode n, int mask) {
        int h = n.hash;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Removes the child named {@code path.substring(from, to)}; returns it, or null when there is none. */
    synchronized DataNode remove(String path, int from, int to) {
        if (size == 0) {
            return null;
        }
        DataNode[] s = slots;
        int mask = s.length - 1;
        int h = Names.hash(path, from, to);
        int i = slot(h, mask);
        while (s[i] != null && !(s[i].hash == h && Names.matches(s[i].name, path, from, to))) {
            i = (i + 1) & mask;
        }
        DataNode removed = s[i];
        if (removed == null) {
            return null;
        }
        s[i] = null;
        // Backward-shift deletion: pull later entries of the probe run into the hole, so no tombstones remain.
        for (int j = (i + 1) & mask; s[j] != null; j = (j + 1) & mask) {
            int home = slot(s[j].hash, mask);
            boolean reachable = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (!reachable) {
                s[i] = s[j];
                s[j] = null;
                i = j;
            }
        }
        size--;
        DataNode[] o = order;
        if (o != null) {
            order = o.length > ORDER_FOLLOWS ? null : without(o, removed);
        }
        if (size == 0) {
            slots = NONE;
        } else if (s.length > 16 && size * 16 < s.length) {
            rehash(s.length / 2);
        }
        return removed;
    }

    private static DataNode[] without(DataNode[] o, DataNode gone) {
        int i = 0;
        while (i < o.length && o[i] != gone) {
            i++;
        }
        if (i == o.length) {
            return null; // not in the cached order: compute it afresh when next asked
        }
        DataNode[] out = new DataNode[o.length - 1];
        System.arraycopy(o, 0, out, 0, i);
        System.arraycopy(o, i + 1, out, i, o.length - i - 1);
        return out;
    }

    private void rehash(int capacity) {
        DataNode[] fresh = new DataNode[capacity];
        for (DataNode n : slots) {
            if (n != null) {
                place(fresh, n);
            }
        }
        slots = fresh;
    }

    private static void place(DataNode[] s, DataNode n) {
        int mask = s.length - 1;
        int i = slot(n.hash, mask);
        while (s[i] != null) {
            i = (i + 1) & mask;
        }
        s[i] = n;
    }

    /** Numbers the children afresh from 0 in insertion order; returns them in that order (a fresh array). */
    private DataNode[] renumber() {
        DataNode[] inOrder = sortedBySeq();
        for (int i = 0; i < inOrder.length; i++) {
            inOrder[i].seq = i;
        }
        nextSeq = inOrder.length;
        return inOrder;
    }

    /**
     * The children in insertion order (a fresh array). While the insertion numbers in use are at most about twice
     * as many as the children, each child is put at its number and the gaps are closed: linear, where sorting a
     * large directory at every snapshot cost the snapshot thread (and, on one core, the requests) O(n log n). When
     * removals have thinned the numbers out, they are sorted and given out afresh from 0, so the next call is linear.
     */
    private DataNode[] bySeq() {
        if (nextSeq > 2L * size + 64) {
            return renumber();
        }
        DataNode[] at = new DataNode[nextSeq];
        for (DataNode d : slots) {
            if (d != null) {
                at[d.seq] = d;
            }
        }
        DataNode[] out = new DataNode[size];
        int k = 0;
        for (DataNode d : at) {
            if (d != null) {
                out[k++] = d;
            }
        }
        return out;
    }

    /** The children in insertion order (a fresh array), sorted as primitive keys: seq above, slot below. */
    private DataNode[] sortedBySeq() {
        DataNode[] s = slots;
        long[] keys = new long[size];
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] != null) {
                keys[k++] = (long) s[i].seq << 32 | i;
            }
        }
        Arrays.sort(keys);
        DataNode[] out = new DataNode[k];
        for (int i = 0; i < k; i++) {
            out[i] = s[(int) keys[i]];
        }
        return out;
    }

    /** The children in insertion order, as of one moment (a fresh array). */
    synchronized DataNode[] inserted() {
        return size == 0 ? NONE : bySeq();
    }

    /** The children in ZooKeeper's listing order, as of one moment. The caller must not change the array. */
    synchronized DataNode[] ordered() {
        if (size == 0) {
            return NONE;
        }
        DataNode[] o = order;
        if (o == null) {
            o = computeOrder();
            order = o;
        }
        return o;
    }

    private DataNode[] computeOrder() {
        DataNode[] bySeq = bySeq();
        int mask = (1 << zkCapacityLog2) - 1;
        long[] keys = new long[bySeq.length];
        for (int i = 0; i < bySeq.length; i++) {
            keys[i] = (long) bucket(bySeq[i], mask) << 32 | i;
        }
        Arrays.sort(keys);
        DataNode[] out = new DataNode[bySeq.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = bySeq[(int) keys[i]];
        }
        return out;
    }

    /** The children's names in listing order, as of now (read-only). */
    ChildNames names() {
        return new ChildNames(ordered());
    }
}
