package dev.paddock.server.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A ZooKeeper summary set: one {@link Summary} per key (a top-level namespace, a learner's id). mntr prints
 * each as {@code avg_<key>_<name>} etc.; Prometheus labels the samples {@code key="<key>"}. Keys live in a
 * ConcurrentHashMap as in ZooKeeper, so they print in the same order. Thread-safe.
 */
public final class SummarySet {
    private final String name;
    private final boolean advanced;
    private final ConcurrentHashMap<String, Summary> byKey = new ConcurrentHashMap<>();
    /** The keys seen so far with their summaries, for finding a path's namespace without cutting a substring or
     *  hashing it (copy on write). */
    private volatile Known[] keys = new Known[0];

    private record Known(String key, Summary summary) {
    }

    SummarySet(String name, boolean advanced) {
        this.name = name;
        this.advanced = advanced;
    }

    public String name() {
        return name;
    }

    public boolean advanced() {
        return advanced;
    }

    public void add(String key, long value) {
        summary(key).add(value);
    }

    /**
     * Adds {@code value} under the path's top-level namespace ("/app/x" → "app"), as ZooKeeper keeps
     * read_per_namespace and write_per_namespace; the root has none. No allocation once the namespace is known.
     */
    public void addForPath(String path, long value) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return;
        }
        int end = path.indexOf('/', 1);
        int len = (end < 0 ? path.length() : end) - 1;
        if (len <= 0) {
            return;
        }
        for (Known k : keys) {
            if (k.key.length() == len && path.regionMatches(1, k.key, 0, len)) {
                k.summary.add(value);
                return;
            }
        }
        add(path.substring(1, 1 + len), value);
    }

    private Summary summary(String key) {
        Summary s = byKey.get(key);
        if (s != null) {
            return s;
        }
        synchronized (this) {
            s = byKey.computeIfAbsent(key, k -> new Summary(k + "_" + name, advanced, Summary.RECENT_PER_KEY));
            Known[] known = keys;
            for (Known k : known) {
                if (k.key.equals(key)) {
                    return s;
                }
            }
            Known[] more = java.util.Arrays.copyOf(known, known.length + 1);
            more[known.length] = new Known(key, s);
            keys = more;
            return s;
        }
    }

    /** The summaries by key, in the map's order. */
    public Map<String, Summary> byKey() {
        return byKey;
    }

    void reset() {
        byKey.values().forEach(Summary::reset);
    }
}
