package dev.paddock.server.fourlw;

import dev.paddock.core.CoreFigures;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** What wchs, wchc and wchp (and the admin server's watch_summary, watches, watches_by_path) report. */
public record WatchFigures(Map<Long, Set<String>> bySession, Map<String, Set<Long>> byPath) {

    /** Core thread only. */
    public static WatchFigures of(CoreFigures q) {
        return new WatchFigures(q.watchesBySession(), q.watchesByPath());
    }

    public int totalWatches() {
        int total = 0;
        for (Set<String> paths : bySession.values()) {
            total += paths.size();
        }
        return total;
    }

    public String summaryText() {
        return bySession.size() + " connections watching " + byPath.size() + " paths\nTotal watches:" + totalWatches()
                + "\n";
    }

    public Map<String, Object> summaryJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num_connections", bySession.size());
        m.put("num_paths", byPath.size());
        m.put("num_total_watches", totalWatches());
        return m;
    }

    public String bySessionText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, Set<String>> e : bySession.entrySet()) {
            sb.append("0x").append(Long.toHexString(e.getKey())).append('\n');
            for (String path : e.getValue()) {
                sb.append('\t').append(path).append('\n');
            }
        }
        return sb.append('\n').toString();
    }

    public Map<String, Object> bySessionJson() {
        return Map.of("session_id_to_watched_paths", bySession);
    }

    public String byPathText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Set<Long>> e : byPath.entrySet()) {
            sb.append(e.getKey()).append('\n');
            for (long sid : e.getValue()) {
                sb.append("\t0x").append(Long.toHexString(sid)).append('\n');
            }
        }
        return sb.append('\n').toString();
    }

    public Map<String, Object> byPathJson() {
        return Map.of("path_to_session_ids", byPath);
    }
}
