package dev.paddock.core.watch;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Connection ids as small int slots, and per slot the paths it watches: the reverse index, a growable array of the
 * path table's own key strings. The array may hold stale paths (watches since removed, or removed and added again);
 * {@link WatchTable} compacts it when it grows past twice the slot's live count. A slot is freed, and may then be
 * handed to another connection, only when its last watch is gone.
 */
final class ConnSlots {
    private final Map<Long, Integer> byConn = new HashMap<>();
    private long lastConn;
    private int lastSlot = -1;
    private long[] conns = new long[8];
    private String[][] paths = new String[8][];
    private int[] lengths = new int[8];
    private int[] live = new int[8];
    private int[] free = new int[8];
    private int freeCount;
    private int used;

    /** The connection's slot, or -1. Remembers the last one asked for: requests come in runs per connection. */
    int slotOf(long conn) {
        if (lastSlot >= 0 && lastConn == conn) {
            return lastSlot;
        }
        Integer s = byConn.get(conn);
        if (s == null) {
            return -1;
        }
        lastConn = conn;
        lastSlot = s;
        return s;
    }

    /** The connection's slot, a new one if it has none; the caller then adds a watch to it. */
    int acquire(long conn) {
        int s = slotOf(conn);
        if (s >= 0) {
            return s;
        }
        s = freeCount > 0 ? free[--freeCount] : used++;
        if (s == conns.length) {
            int n = s * 2;
            conns = Arrays.copyOf(conns, n);
            paths = Arrays.copyOf(paths, n);
            lengths = Arrays.copyOf(lengths, n);
            live = Arrays.copyOf(live, n);
            free = Arrays.copyOf(free, n);
        }
        conns[s] = conn;
        paths[s] = new String[4];
        byConn.put(conn, s);
        lastConn = conn;
        lastSlot = s;
        return s;
    }

    long conn(int slot) {
        return conns[slot];
    }

    /** Records a new watch of the slot on {@code path} (the path table's key). */
    void append(int slot, String path) {
        String[] list = paths[slot];
        if (lengths[slot] == list.length) {
            list = paths[slot] = Arrays.copyOf(list, list.length + (list.length >> 1) + 1);
        }
        list[lengths[slot]++] = path;
        live[slot]++;
    }

    /** One watch of the slot is gone; true when it was the last, which frees the slot. */
    boolean release(int slot) {
        if (--live[slot] > 0) {
            return false;
        }
        byConn.remove(conns[slot]);
        if (lastSlot == slot) {
            lastSlot = -1;
        }
        paths[slot] = null;
        lengths[slot] = 0;
        free[freeCount++] = slot;
        return true;
    }

    String[] paths(int slot) {
        return paths[slot];
    }

    /** Length of the slot's reverse index, stale paths included. */
    int length(int slot) {
        return lengths[slot];
    }

    int live(int slot) {
        return live[slot];
    }

    /** After compaction: the first {@code n} paths are the live ones. */
    void truncate(int slot, int n) {
        String[] list = paths[slot];
        Arrays.fill(list, n, lengths[slot], null);
        lengths[slot] = n;
        if (list.length > 2 * n + 8) {
            paths[slot] = Arrays.copyOf(list, n + (n >> 1) + 4);
        }
    }
}
