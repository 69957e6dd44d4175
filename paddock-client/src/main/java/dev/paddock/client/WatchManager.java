package dev.paddock.client;

import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;
import dev.paddock.jute.WatcherType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The client's record of its watches, keyed by client path (chroot removed). One-shot data/exist/child watches are
 * dropped when they fire; persistent and recursive ones stay until removed. All methods are synchronized on this.
 */
final class WatchManager {
    enum Kind { DATA, EXIST, CHILD, PERSISTENT, RECURSIVE }

    private final Map<Kind, Map<String, Set<Watcher>>> watches = new EnumMap<>(Kind.class);
    private volatile Watcher defaultWatcher;

    WatchManager(Watcher defaultWatcher) {
        this.defaultWatcher = defaultWatcher;
        for (Kind k : Kind.values()) {
            watches.put(k, new HashMap<>());
        }
    }

    Watcher defaultWatcher() {
        return defaultWatcher;
    }

    void setDefaultWatcher(Watcher w) {
        defaultWatcher = w;
    }

    synchronized void add(Kind kind, String path, Watcher w) {
        if (w != null) {
            watches.get(kind).computeIfAbsent(path, p -> new LinkedHashSet<>()).add(w);
        }
    }

    synchronized List<String> paths(Kind kind) {
        return new ArrayList<>(watches.get(kind).keySet());
    }

    synchronized boolean isEmpty() {
        return watches.values().stream().allMatch(Map::isEmpty);
    }

    /** The watchers an event triggers, removing the one-shot ones it consumes. */
    synchronized Set<Watcher> materialize(KeeperState state, EventType type, String path) {
        Set<Watcher> out = new LinkedHashSet<>();
        switch (type) {
            case NONE -> {
                if (defaultWatcher != null) {
                    out.add(defaultWatcher);
                }
                for (Map<String, Set<Watcher>> m : watches.values()) {
                    m.values().forEach(out::addAll);
                }
            }
            case NODE_CREATED, NODE_DATA_CHANGED -> {
                take(Kind.DATA, path, out);
                take(Kind.EXIST, path, out);
                persistent(type, path, out);
            }
            case NODE_CHILDREN_CHANGED -> {
                take(Kind.CHILD, path, out);
                persistent(type, path, out);
            }
            case NODE_DELETED -> {
                take(Kind.DATA, path, out);
                take(Kind.EXIST, path, out);
                take(Kind.CHILD, path, out);
                persistent(type, path, out);
            }
            default -> {
            }
        }
        return out;
    }

    private void take(Kind kind, String path, Set<Watcher> out) {
        Set<Watcher> s = watches.get(kind).remove(path);
        if (s != null) {
            out.addAll(s);
        }
    }

    private void persistent(EventType type, String path, Set<Watcher> out) {
        Set<Watcher> p = watches.get(Kind.PERSISTENT).get(path);
        if (p != null) {
            out.addAll(p);
        }
        if (type == EventType.NODE_CHILDREN_CHANGED) {
            return; // recursive watches never see child events
        }
        Map<String, Set<Watcher>> rec = watches.get(Kind.RECURSIVE);
        if (rec.isEmpty()) {
            return;
        }
        String p2 = path;
        while (true) {
            Set<Watcher> s = rec.get(p2);
            if (s != null) {
                out.addAll(s);
            }
            if (p2.equals("/")) {
                break;
            }
            int i = p2.lastIndexOf('/');
            p2 = i == 0 ? "/" : p2.substring(0, i);
        }
    }

    private static List<Kind> kindsOf(WatcherType type) {
        return switch (type) {
            case CHILDREN -> List.of(Kind.CHILD);
            case DATA -> List.of(Kind.DATA, Kind.EXIST);
            case PERSISTENT -> List.of(Kind.PERSISTENT);
            case PERSISTENT_RECURSIVE -> List.of(Kind.RECURSIVE);
            case ANY -> List.of(Kind.CHILD, Kind.DATA, Kind.EXIST, Kind.PERSISTENT, Kind.RECURSIVE);
        };
    }

    /** Whether {@code w} (any watcher when null) watches {@code path} with a watch of {@code type}. */
    synchronized boolean contains(String path, Watcher w, WatcherType type) {
        for (Kind k : kindsOf(type)) {
            Set<Watcher> s = watches.get(k).get(path);
            if (s != null && (w == null ? !s.isEmpty() : s.contains(w))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes {@code w} (all watchers when null) of {@code type} from {@code path}; returns the removed watchers
     * keyed by the event each must receive.
     */
    synchronized Map<EventType, Set<Watcher>> remove(String path, Watcher w, WatcherType type) {
        Map<EventType, Set<Watcher>> removed = new EnumMap<>(EventType.class);
        for (Kind k : kindsOf(type)) {
            EventType ev = switch (k) {
                case CHILD -> EventType.CHILD_WATCH_REMOVED;
                case DATA, EXIST -> EventType.DATA_WATCH_REMOVED;
                case PERSISTENT, RECURSIVE -> EventType.PERSISTENT_WATCH_REMOVED;
            };
            Map<String, Set<Watcher>> m = watches.get(k);
            Set<Watcher> s = m.get(path);
            if (s == null) {
                continue;
            }
            if (w == null) {
                m.remove(path);
                removed.computeIfAbsent(ev, e -> new LinkedHashSet<>()).addAll(s);
            } else if (s.remove(w)) {
                removed.computeIfAbsent(ev, e -> new LinkedHashSet<>()).add(w);
                if (s.isEmpty()) {
                    m.remove(path);
                }
            }
        }
        return removed;
    }

    synchronized void clear() {
        watches.values().forEach(Map::clear);
    }

    /** Watched paths per kind, for printing. */
    synchronized Map<Kind, List<String>> snapshot() {
        Map<Kind, List<String>> m = new EnumMap<>(Kind.class);
        watches.forEach((k, v) -> m.put(k, new ArrayList<>(v.keySet())));
        return m;
    }
}
