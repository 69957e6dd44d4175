package dev.paddock.server.fourlw;

import dev.paddock.core.SessionView;
import dev.paddock.server.core.ServerClock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What dump (4lw and admin) reports: sessions by expiry time (elapsed milliseconds, the clock expiry runs on) and
 * the ephemeral nodes of each session that has some.
 */
public record DumpFigures(TreeMap<Long, List<Long>> sessionsByExpiry, int sessionCount,
        Map<Long, List<String>> ephemeralsBySession) {

    public static DumpFigures of(List<SessionView> sessions) {
        TreeMap<Long, List<Long>> byExpiry = new TreeMap<>();
        Map<Long, List<String>> ephemerals = new LinkedHashMap<>();
        for (SessionView s : sessions) {
            byExpiry.computeIfAbsent(s.expiresAtMs(), k -> new ArrayList<>()).add(s.sessionId());
            if (s.ephemerals() != null && !s.ephemerals().isEmpty()) {
                ephemerals.put(s.sessionId(), List.copyOf(s.ephemerals()));
            }
        }
        return new DumpFigures(byExpiry, sessions.size(), ephemerals);
    }

    /** ZooKeeper's dump text; an expiry time shows as the wall-clock date it falls on. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("SessionTracker dump:\n");
        sb.append("Session Sets (").append(sessionsByExpiry.size()).append(")/(").append(sessionCount).append("):\n");
        for (Map.Entry<Long, List<Long>> e : sessionsByExpiry.entrySet()) {
            Date at = new Date(ServerClock.toWallMs(e.getKey()));
            sb.append(e.getValue().size()).append(" expire at ").append(at).append(":\n");
            for (long id : e.getValue()) {
                sb.append("\t0x").append(Long.toHexString(id)).append('\n');
            }
        }
        sb.append("ephemeral nodes dump:\n");
        sb.append("Sessions with Ephemerals (").append(ephemeralsBySession.size()).append("):\n");
        for (Map.Entry<Long, List<String>> e : ephemeralsBySession.entrySet()) {
            sb.append("0x").append(Long.toHexString(e.getKey())).append(":\n");
            for (String path : e.getValue()) {
                sb.append('\t').append(path).append('\n');
            }
        }
        sb.append("Connections dump:\n"); // ZooKeeper lists nothing here for Netty connections
        return sb.toString();
    }

    /** The admin server's dump: both maps, keys as JSON object names. */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("expiry_time_to_session_ids", sessionsByExpiry);
        m.put("session_id_to_ephemeral_paths", ephemeralsBySession);
        return m;
    }
}
