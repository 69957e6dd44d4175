package dev.paddock.faults.check;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.SessionRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "ephemerals": ephemeral nodes must live and die with their session. A LIVE session's acknowledged ephemerals
 * exist on every server, owned by it; an EXPIRED, CLOSED or ABANDONED session's ephemerals (acknowledged or
 * unknown) exist nowhere; a session whose fate is UNKNOWN may go either way. No server may hold an ephemeral that
 * no recorded session created (or created under another owner), and all servers agree.
 */
public final class EphemeralChecker {

    public static final String NAME = "ephemerals";

    private static final Set<SessionRecord.Fate> GONE =
            Set.of(SessionRecord.Fate.EXPIRED, SessionRecord.Fate.CLOSED, SessionRecord.Fate.ABANDONED);

    public Verdict check(List<SessionRecord> sessions, FinalState end) {
        Map<Integer, Map<String, Long>> servers = FinalStates.nz(end == null ? null : end.ephemerals());
        List<String> violations = new ArrayList<>();
        Map<Long, SessionRecord> bySession = new HashMap<>();
        long checked = 0;
        for (SessionRecord s : sessions) {
            bySession.put(s.session(), s);
            checked += nz(s.ephemerals()).size() + nz(s.unknown()).size();
        }
        if (servers.isEmpty() && sessions.stream().anyMatch(s -> !nz(s.ephemerals()).isEmpty())) {
            violations.add("no server reported its ephemerals, yet ephemeral creates succeeded");
        }
        for (SessionRecord s : sessions) {
            if (s.fate() == SessionRecord.Fate.LIVE) {
                for (String path : nz(s.ephemerals())) {
                    servers.forEach((server, held) -> {
                        Long owner = held.get(path);
                        if (owner == null) {
                            violations.add(String.format("server %d lost %s of live session 0x%x", server, path,
                                    s.session()));
                        } else if (owner != s.session()) {
                            violations.add(String.format("server %d: %s of live session 0x%x is owned by 0x%x",
                                    server, path, s.session(), owner));
                        }
                    });
                }
            } else if (GONE.contains(s.fate())) {
                List<String> all = new ArrayList<>(nz(s.ephemerals()));
                all.addAll(nz(s.unknown()));
                for (String path : all) {
                    servers.forEach((server, held) -> {
                        Long owner = held.get(path);
                        if (owner != null && owner == s.session()) {
                            violations.add(String.format("server %d still holds %s of %s session 0x%x (ended at "
                                    + "%d)", server, path, s.fate(), s.session(), s.endedAt()));
                        }
                    });
                }
            }
        }
        servers.forEach((server, held) -> held.forEach((path, owner) -> {
            SessionRecord s = bySession.get(owner);
            if (s == null || !(nz(s.ephemerals()).contains(path) || nz(s.unknown()).contains(path))) {
                violations.add(String.format("server %d holds %s owned by 0x%x, which no recorded session of that "
                        + "owner created", server, path, owner));
            }
        }));
        FinalStates.agree("ephemerals", servers, violations);
        return Verdict.of(NAME, checked, violations);
    }

    private static List<String> nz(List<String> list) {
        return list == null ? List.of() : list;
    }
}
