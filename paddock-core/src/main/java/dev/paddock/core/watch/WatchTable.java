package dev.paddock.core.watch;

import dev.paddock.core.tree.Paths;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Watches of one kind (data or child), as path → connection → mode bits, with the reverse index kept in step.
 * Watches belong to connections, not sessions: a client re-sets them after reconnecting.
 */
public final class WatchTable {
    private final Map<String, Map<Long, Integer>> byPath = new HashMap<>();
    private final Map<Long, Set<String>> byConnection = new HashMap<>();
    private int recursiveCount;

    public void add(String path, long conn, int mode) {
        Map<Long, Integer> watchers = byPath.computeIfAbsent(path, k -> new HashMap<>(4));
        int old = watchers.getOrDefault(conn, 0);
        if ((mode & WatchMode.RECURSIVE) != 0 && (old & WatchMode.RECURSIVE) == 0) {
            recursiveCount++;
        }
        watchers.put(conn, old | mode);
        byConnection.computeIfAbsent(conn, k -> new HashSet<>()).add(path);
    }

    /**
     * Fires the watches an event on {@code path} reaches: every watch on the path itself (one-shot ones are
     * removed) and recursive watches on its ancestors. Returns the connections to notify, minus {@code suppress}.
     */
    public Set<Long> trigger(String path, Set<Long> suppress) {
        Set<Long> fired = new LinkedHashSet<>();
        Map<Long, Integer> watchers = byPath.get(path);
        if (watchers != null) {
            Iterator<Map.Entry<Long, Integer>> it = watchers.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, Integer> e = it.next();
                fired.add(e.getKey());
                int remaining = e.getValue() & ~WatchMode.STANDARD;
                if (remaining == 0) {
                    it.remove();
                    unindex(e.getKey(), path);
                } else {
                    e.setValue(remaining);
                }
            }
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
        }
        if (recursiveCount > 0 && !path.equals("/")) {
            String p = path;
            do {
                p = Paths.parent(p);
                Map<Long, Integer> above = byPath.get(p);
                if (above != null) {
                    for (Map.Entry<Long, Integer> e : above.entrySet()) {
                        if ((e.getValue() & WatchMode.RECURSIVE) != 0) {
                            fired.add(e.getKey());
                        }
                    }
                }
            } while (!p.equals("/"));
        }
        if (suppress != null) {
            fired.removeAll(suppress);
        }
        return fired;
    }

    /** Whether {@code conn} has a watch on {@code path} with any of the {@code modes} bits. */
    public boolean contains(String path, long conn, int modes) {
        Map<Long, Integer> watchers = byPath.get(path);
        Integer m = watchers == null ? null : watchers.get(conn);
        return m != null && (m & modes) != 0;
    }

    /** Removes the {@code modes} bits of {@code conn}'s watch on {@code path}; true if any were there. */
    public boolean remove(String path, long conn, int modes) {
        Map<Long, Integer> watchers = byPath.get(path);
        Integer m = watchers == null ? null : watchers.get(conn);
        if (m == null || (m & modes) == 0) {
            return false;
        }
        if ((m & modes & WatchMode.RECURSIVE) != 0) {
            recursiveCount--;
        }
        int remaining = m & ~modes;
        if (remaining == 0) {
            watchers.remove(conn);
            unindex(conn, path);
            if (watchers.isEmpty()) {
                byPath.remove(path);
            }
        } else {
            watchers.put(conn, remaining);
        }
        return true;
    }

    public void removeConnection(long conn) {
        Set<String> paths = byConnection.remove(conn);
        if (paths == null) {
            return;
        }
        for (String path : paths) {
            Map<Long, Integer> watchers = byPath.get(path);
            if (watchers != null) {
                Integer m = watchers.remove(conn);
                if (m != null && (m & WatchMode.RECURSIVE) != 0) {
                    recursiveCount--;
                }
                if (watchers.isEmpty()) {
                    byPath.remove(path);
                }
            }
        }
    }

    private void unindex(long conn, String path) {
        Set<String> paths = byConnection.get(conn);
        if (paths != null) {
            paths.remove(path);
            if (paths.isEmpty()) {
                byConnection.remove(conn);
            }
        }
    }

    /** Number of (path, connection) watch entries. */
    public int size() {
        int n = 0;
        for (Map<Long, Integer> w : byPath.values()) {
            n += w.size();
        }
        return n;
    }

    public Map<Long, Set<String>> byConnection() {
        return Collections.unmodifiableMap(byConnection);
    }

    public Map<String, Map<Long, Integer>> byPath() {
        return Collections.unmodifiableMap(byPath);
    }
}
