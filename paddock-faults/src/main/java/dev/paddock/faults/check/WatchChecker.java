package dev.paddock.faults.check;

import dev.paddock.faults.history.FinalState;
import dev.paddock.faults.history.WatchRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "watches": ZooKeeper's watch guarantees, per session in its event thread's order ({@code seq}).
 * <ol>
 *   <li>A one-shot registration fires at most once.</li>
 *   <li>Fired events' zxids (when known) never go back.</li>
 *   <li>A client sees the watch event before it sees the change: once a read of P (later in the session) returns
 *       a version above the one a registration on P was set at, that registration has fired earlier.</li>
 *   <li>Unless the session expired, a registration on a node whose final version is above the registered one
 *       has fired by the end of the run.</li>
 * </ol>
 * Nothing after a session's EXPIRED line is checked.
 */
public final class WatchChecker {

    public static final String NAME = "watches";

    public Verdict check(List<WatchRecord> records, FinalState end) {
        Map<String, Integer> finalVersions = FinalStates.nz(end == null ? null : end.watchedVersions());
        Map<Long, List<WatchRecord>> bySession = new LinkedHashMap<>();
        for (WatchRecord r : records) {
            bySession.computeIfAbsent(r.session(), s -> new ArrayList<>()).add(r);
        }
        List<String> violations = new ArrayList<>();
        long checked = 0;
        for (List<WatchRecord> session : bySession.values()) {
            session.sort(Comparator.comparingLong(WatchRecord::seq));
            checked += checkSession(session, finalVersions, violations);
        }
        return Verdict.of(NAME, checked, violations);
    }

    /** @return how many registrations it checked */
    private static int checkSession(List<WatchRecord> session, Map<String, Integer> finalVersions,
                                    List<String> violations) {
        Map<Long, WatchRecord> registered = new LinkedHashMap<>();
        Map<Long, WatchRecord> fired = new HashMap<>();
        Set<Long> reported = new HashSet<>();
        WatchRecord lastFired = null;
        boolean expired = false;
        for (WatchRecord r : session) {
            if (r.type() == WatchRecord.Type.EXPIRED) {
                expired = true;
                break;
            }
            switch (r.type()) {
                case REGISTER:
                    registered.put(r.registration(), r);
                    break;
                case FIRED:
                    if (fired.putIfAbsent(r.registration(), r) != null) {
                        violations.add(String.format("session 0x%x: registration %d on %s fired again at seq %d",
                                r.session(), r.registration(), r.path(), r.seq()));
                    }
                    if (r.zxid() != -1) {
                        if (lastFired != null && r.zxid() < lastFired.zxid()) {
                            violations.add(String.format("session 0x%x: event zxid went back from 0x%x (seq %d) to "
                                    + "0x%x (seq %d)", r.session(), lastFired.zxid(), lastFired.seq(), r.zxid(),
                                    r.seq()));
                        } else {
                            lastFired = r;
                        }
                    }
                    break;
                case READ:
                    for (WatchRecord reg : registered.values()) {
                        if (reg.path().equals(r.path()) && r.version() > reg.version()
                                && !fired.containsKey(reg.registration()) && reported.add(reg.registration())) {
                            violations.add(String.format("session 0x%x: read of %s at seq %d saw version %d before "
                                    + "registration %d (set at version %d, seq %d) fired", r.session(), r.path(),
                                    r.seq(), r.version(), reg.registration(), reg.version(), reg.seq()));
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        if (!expired) {
            for (WatchRecord reg : registered.values()) {
                Integer last = finalVersions.get(reg.path());
                if (last != null && last > reg.version() && !fired.containsKey(reg.registration())
                        && !reported.contains(reg.registration())) {
                    violations.add(String.format("session 0x%x: registration %d on %s (set at version %d, seq %d) "
                                    + "never fired though the node ended at version %d", reg.session(),
                            reg.registration(), reg.path(), reg.version(), reg.seq(), last));
                }
            }
        }
        return registered.size();
    }
}
