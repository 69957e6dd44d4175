package dev.paddock.core.watch;

import java.util.Arrays;

/**
 * Open-addressing map (linear probing) from a watched path to its watch entries, ints the {@link WatchTable}
 * packs. A path with one entry keeps it inline; with more, an {@code int[]} holds the count then the entries, in
 * the order they were added. No node objects, no boxing: per path the key string plus about three array slots.
 * Positions are only valid until the next insert or delete.
 */
final class PathTable {
    private static final int MIN_CAPACITY = 16;
    private String[] keys;
    private int[] inline;
    private int[][] spill;
    private int size;
    private int shift;

    PathTable() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        inline = new int[capacity];
        spill = new int[capacity][];
        shift = 32 - Integer.numberOfTrailingZeros(capacity);
    }

    private int home(int hash) {
        return (hash * 0x9E3779B9) >>> shift;
    }

    int find(String path) {
        return find(path, path.length(), path.hashCode());
    }

    /** The position of the path that is the first {@code len} chars of {@code path} (with that hash), or -1. */
    int find(String path, int len, int hash) {
        int mask = keys.length - 1;
        for (int i = home(hash); ; i = (i + 1) & mask) {
            String k = keys[i];
            if (k == null) {
                return -1;
            }
            if (k.length() == len && k.hashCode() == hash && (k == path || k.regionMatches(0, path, 0, len))) {
                return i;
            }
        }
    }

    /** Adds {@code path}, which must be absent, with one entry. */
    void insert(String path, int entry) {
        if (size + 1 > (keys.length >> 1) + (keys.length >> 2)) {
            rehash(keys.length * 2);
        }
        int i = place(path);
        inline[i] = entry;
        size++;
    }

    private int place(String path) {
        int mask = keys.length - 1;
        int i = home(path.hashCode());
        while (keys[i] != null) {
            i = (i + 1) & mask;
        }
        keys[i] = path;
        return i;
    }

    private void rehash(int capacity) {
        String[] oldKeys = keys;
        int[] oldInline = inline;
        int[][] oldSpill = spill;
        allocate(capacity);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != null) {
                int i = place(oldKeys[j]);
                inline[i] = oldInline[j];
                spill[i] = oldSpill[j];
            }
        }
    }

    /** Array length to iterate positions over; {@link #key} is null at free positions. */
    int capacity() {
        return keys.length;
    }

    String key(int i) {
        return keys[i];
    }

    int count(int i) {
        return spill[i] == null ? 1 : spill[i][0];
    }

    int entry(int i, int k) {
        return spill[i] == null ? inline[i] : spill[i][k + 1];
    }

    void setEntry(int i, int k, int entry) {
        if (spill[i] == null) {
            inline[i] = entry;
        } else {
            spill[i][k + 1] = entry;
        }
    }

    void append(int i, int entry) {
        int[] s = spill[i];
        if (s == null) {
            spill[i] = new int[] {2, inline[i], entry};
            inline[i] = 0;
            return;
        }
        int n = s[0];
        if (n + 1 == s.length) {
            s = spill[i] = Arrays.copyOf(s, s.length + (s.length >> 1) + 1);
        }
        s[n + 1] = entry;
        s[0] = n + 1;
    }

    /** Removes entry {@code k}, keeping the others' order; the path goes with its last entry. */
    void removeEntry(int i, int k) {
        int n = count(i);
        if (spill[i] != null) {
            System.arraycopy(spill[i], k + 2, spill[i], k + 1, n - k - 1);
        }
        truncate(i, n - 1);
    }

    /** Keeps the first {@code n} entries; with none left the path goes. */
    void truncate(int i, int n) {
        if (n == 0) {
            delete(i);
            return;
        }
        int[] s = spill[i];
        if (s == null) {
            return;
        }
        if (n == 1) {
            inline[i] = s[1];
            spill[i] = null;
            return;
        }
        s[0] = n;
        if (s.length > 2 * n + 3) {
            spill[i] = Arrays.copyOf(s, n + 1 + (n >> 1));
        }
    }

    private void delete(int i) {
        int mask = keys.length - 1;
        int hole = i;
        for (int j = (i + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int h = home(keys[j].hashCode());
            if (((j - h) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                inline[hole] = inline[j];
                spill[hole] = spill[j];
                hole = j;
            }
        }
        keys[hole] = null;
        inline[hole] = 0;
        spill[hole] = null;
        size--;
        if (keys.length > MIN_CAPACITY && size < keys.length >> 3) {
            rehash(keys.length >> 1);
        }
    }
}
