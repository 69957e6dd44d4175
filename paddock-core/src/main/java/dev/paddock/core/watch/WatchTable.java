package dev.paddock.core.watch;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Watches of one kind (data or child), as path → connection → mode bits, with the reverse index kept in step.
 * Watches belong to connections, not sessions: a client re-sets them after reconnecting.
 *
 * <p>Compact layout: each connection holding watches gets a small int slot ({@link ConnSlots}); each watched path
 * is stored once, as the key of a {@link PathTable}, with its watches as ints {@code slot << 4 | mode bits} in the
 * order they were added; each slot lists the paths it watches as references to those same key strings. Measured
 * (bench {@code WatchMemory}): about 30 bytes per watch with 100k paths x 10 connections, 90 with 1M paths x 1
 * connection (ZooKeeper 3.9.3's default watch manager: 164 and 267). Adding, firing and removing box nothing but the
 * connection ids a trigger returns. A path watched by n connections costs O(n) per add (a scan of its entries).
 * Not thread-safe (the core thread owns it).
 */
public final class WatchTable {
    private static final int SHIFT = 4;
    /** Set on an entry only while its slot's reverse index is being compacted. */
    private static final int MARK = 8;
    private final PathTable paths = new PathTable();
    private final ConnSlots slots = new ConnSlots();
    private int recursiveCount;
    private int watches;
    private int[] prefixEnds = new int[16];
    private int[] prefixHashes = new int[16];

    /** Adds {@code mode} bits to {@code conn}'s watch on {@code path}; a null path or no bits adds nothing. */
    public void add(String path, long conn, int mode) {
        mode &= WatchMode.ANY;
        if (mode == 0 || path == null) {
            return;
        }
        int slot = slots.acquire(conn);
        int i = paths.find(path);
        String key = path;
        if (i < 0) {
            paths.insert(path, slot << SHIFT | mode);
        } else {
            int k = indexOf(i, slot);
            if (k >= 0) {
                int e = paths.entry(i, k);
                if ((mode & WatchMode.RECURSIVE) != 0 && (e & WatchMode.RECURSIVE) == 0) {
                    recursiveCount++;
                }
                paths.setEntry(i, k, e | mode);
                return;
            }
            key = paths.key(i);
            paths.append(i, slot << SHIFT | mode);
        }
        if ((mode & WatchMode.RECURSIVE) != 0) {
            recursiveCount++;
        }
        watches++;
        slots.append(slot, key);
        if (slots.length(slot) > Math.max(8, 2 * slots.live(slot))) {
            compact(slot);
        }
    }

    /**
     * Fires the watches an event on {@code path} reaches: every watch on the path itself (one-shot ones are
     * removed) and recursive watches on its ancestors, nearest first. Returns the connections to notify, minus
     * {@code suppress}, in that order; an immutable empty set when there are none.
     */
    public Set<Long> trigger(String path, Set<Long> suppress) {
        Set<Long> fired = null;
        int i = paths.find(path);
        if (i >= 0) {
            fired = new LinkedHashSet<>();
            int n = paths.count(i);
            int kept = 0;
            for (int k = 0; k < n; k++) {
                int e = paths.entry(i, k);
                int slot = e >>> SHIFT;
                fired.add(slots.conn(slot));
                if ((e & WatchMode.ANY & ~WatchMode.STANDARD) == 0) {
                    watches--;
                    slots.release(slot);
                } else {
                    paths.setEntry(i, kept++, e & ~WatchMode.STANDARD);
                }
            }
            paths.truncate(i, kept);
        }
        if (recursiveCount > 0 && path.length() > 1) {
            fired = fireAncestors(path, fired);
        }
        if (fired == null) {
            return Collections.emptySet();
        }
        if (suppress != null) {
            fired.removeAll(suppress);
        }
        return fired;
    }

    /** Adds the connections with a recursive watch on an ancestor of {@code path}; finds them without substrings. */
    private Set<Long> fireAncestors(String path, Set<Long> fired) {
        int m = 0;
        int h = 0;
        for (int c = 0; c < path.length(); c++) {
            char ch = path.charAt(c);
            if (ch == '/') {
                if (m == prefixEnds.length) {
                    prefixEnds = Arrays.copyOf(prefixEnds, m * 2);
                    prefixHashes = Arrays.copyOf(prefixHashes, m * 2);
                }
                prefixEnds[m] = c == 0 ? 1 : c;
                prefixHashes[m++] = c == 0 ? '/' : h;
            }
            h = 31 * h + ch;
        }
        for (int a = m - 1; a >= 0; a--) {
            int i = paths.find(path, prefixEnds[a], prefixHashes[a]);
            for (int k = 0, n = i < 0 ? 0 : paths.count(i); k < n; k++) {
                int e = paths.entry(i, k);
                if ((e & WatchMode.RECURSIVE) != 0) {
                    if (fired == null) {
                        fired = new LinkedHashSet<>();
                    }
                    fired.add(slots.conn(e >>> SHIFT));
                }
            }
        }
        return fired;
    }

    /** Whether {@code conn} has a watch on {@code path} with any of the {@code modes} bits. */
    public boolean contains(String path, long conn, int modes) {
        int slot = path == null ? -1 : slots.slotOf(conn);
        int i = slot < 0 ? -1 : paths.find(path);
        int k = i < 0 ? -1 : indexOf(i, slot);
        return k >= 0 && (paths.entry(i, k) & modes & WatchMode.ANY) != 0;
    }

    /** Removes the {@code modes} bits of {@code conn}'s watch on {@code path}; true if any were there. */
    public boolean remove(String path, long conn, int modes) {
        int slot = path == null ? -1 : slots.slotOf(conn);
        int i = slot < 0 ? -1 : paths.find(path);
        int k = i < 0 ? -1 : indexOf(i, slot);
        int e = k < 0 ? 0 : paths.entry(i, k);
        if ((e & modes & WatchMode.ANY) == 0) {
            return false;
        }
        if ((e & modes & WatchMode.RECURSIVE) != 0) {
            recursiveCount--;
        }
        if ((e & ~modes & WatchMode.ANY) == 0) {
            paths.removeEntry(i, k);
            watches--;
            slots.release(slot);
        } else {
            paths.setEntry(i, k, e & ~(modes & WatchMode.ANY));
        }
        return true;
    }

    /** Drops every watch of {@code conn}: a walk of its reverse index, then its slot is free. */
    public void removeConnection(long conn) {
        int slot = slots.slotOf(conn);
        if (slot < 0) {
            return;
        }
        String[] list = slots.paths(slot);
        for (int j = 0, n = slots.length(slot); j < n; j++) {
            int i = paths.find(list[j]);
            int k = i < 0 ? -1 : indexOf(i, slot);
            if (k < 0) {
                continue;
            }
            if ((paths.entry(i, k) & WatchMode.RECURSIVE) != 0) {
                recursiveCount--;
            }
            paths.removeEntry(i, k);
            watches--;
            if (slots.release(slot)) {
                return;
            }
        }
        throw new IllegalStateException("watch index of connection 0x" + Long.toHexString(conn) + " out of step");
    }

    private int indexOf(int i, int slot) {
        for (int k = 0, n = paths.count(i); k < n; k++) {
            if (paths.entry(i, k) >>> SHIFT == slot) {
                return k;
            }
        }
        return -1;
    }

    /** Rewrites the slot's reverse index to its live paths, each once (MARK flags the ones already kept). */
    private void compact(int slot) {
        String[] list = slots.paths(slot);
        int kept = 0;
        for (int j = 0, n = slots.length(slot); j < n; j++) {
            int i = paths.find(list[j]);
            int k = i < 0 ? -1 : indexOf(i, slot);
            if (k >= 0 && (paths.entry(i, k) & MARK) == 0) {
                paths.setEntry(i, k, paths.entry(i, k) | MARK);
                list[kept++] = paths.key(i);
            }
        }
        for (int j = 0; j < kept; j++) {
            int i = paths.find(list[j]);
            int k = indexOf(i, slot);
            paths.setEntry(i, k, paths.entry(i, k) & ~MARK);
        }
        slots.truncate(slot, kept);
    }

    /** Number of (path, connection) watch entries. */
    public int size() {
        return watches;
    }

    /** Length of {@code conn}'s reverse index, stale paths included; -1 when it has no slot. For tests. */
    int indexLength(long conn) {
        int slot = slots.slotOf(conn);
        return slot < 0 ? -1 : slots.length(slot);
    }

    /** {@code conn}'s slot, or -1. For tests. */
    int slotOf(long conn) {
        return slots.slotOf(conn);
    }

    /** Watched paths per connection: a new copy each call, built in O(watches) (admin commands only). */
    public Map<Long, Set<String>> byConnection() {
        Map<Long, Set<String>> out = new HashMap<>();
        for (int i = 0; i < paths.capacity(); i++) {
            for (int k = 0, n = paths.key(i) == null ? 0 : paths.count(i); k < n; k++) {
                long conn = slots.conn(paths.entry(i, k) >>> SHIFT);
                out.computeIfAbsent(conn, c -> new HashSet<>()).add(paths.key(i));
            }
        }
        return out;
    }

    /** Connections and their mode bits per path: a new copy each call, built in O(watches) (admin commands only). */
    public Map<String, Map<Long, Integer>> byPath() {
        Map<String, Map<Long, Integer>> out = new HashMap<>();
        for (int i = 0; i < paths.capacity(); i++) {
            String path = paths.key(i);
            for (int k = 0, n = path == null ? 0 : paths.count(i); k < n; k++) {
                int e = paths.entry(i, k);
                out.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(slots.conn(e >>> SHIFT), e & WatchMode.ANY);
            }
        }
        return out;
    }
}
