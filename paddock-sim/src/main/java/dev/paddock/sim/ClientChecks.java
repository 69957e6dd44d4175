package dev.paddock.sim;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulated clients were told, and the checks on it: answers are checked as they arrive
 * ({@link SimClient}); after healing and quiescence every acknowledged write must be on every server (unless a
 * later acknowledged op changed it), no ephemeral may belong to a session that is closed, expired or unknown
 * (ZOOKEEPER-2355), every live session's ephemerals must exist everywhere, and every server's sessions agree.
 */
final class ClientChecks {
    private final Checker checker;
    /** Sessions known to be over: closed with an acknowledged closeSession, or reported expired. */
    private final Set<Long> ended = new HashSet<>();
    /** Sessions whose client stopped without knowing whether its close went through: they must expire. */
    private final Set<Long> abandoned = new HashSet<>();
    private int acked;
    private int sessions;
    private int expired;

    ClientChecks(Checker checker) {
        this.checker = checker;
    }

    void violation(String what) {
        checker.violation(what);
    }

    void sessionOpened(SimClient c, long sessionId) {
        sessions++;
        if (ended.contains(sessionId)) {
            violation("client " + c.clientId + " got session 0x" + Long.toHexString(sessionId) + " that had ended");
        }
    }

    void sessionEnded(SimClient c, long sessionId, boolean wasExpired) {
        ended.add(sessionId);
        if (wasExpired) {
            expired++;
        }
    }

    void sessionAbandoned(SimClient c, long sessionId) {
        abandoned.add(sessionId);
    }

    void acked(SimClient c, String what, long zxid) {
        acked++;
    }

    int ackedOps() {
        return acked;
    }

    int sessionsOpened() {
        return sessions;
    }

    int sessionsExpired() {
        return expired;
    }

    /**
     * Clients are done moving: each is connected with nothing outstanding (a scenario writer whose server does
     * not serve excepted), and the leader holds no session that no client owns (abandoned ones have expired).
     */
    boolean quiet(Collection<SimClient> clients, SimNode leader, java.util.function.LongFunction<SimNode> node) {
        Set<Long> owned = new HashSet<>();
        for (SimClient c : clients) {
            if (c.state() == SimClient.State.FINISHED) {
                continue;
            }
            owned.add(c.sessionId());
            if (c.pinnedSid >= 0 && !node.apply(c.pinnedSid).isServing()) {
                continue;
            }
            if (!c.ready() || !c.idle()) {
                return false;
            }
        }
        return owned.containsAll(leader.sessions().keySet());
    }

    /** After quiescence, on every server that serves (locked-out servers excepted). */
    void finalChecks(List<SimNode> servers, Collection<SimClient> clients) {
        Map<Long, Integer> reference = servers.get(0).sessions();
        for (SimNode n : servers) {
            if (!n.sessions().equals(reference)) {
                violation("server " + n.sid() + " has sessions " + hex(n.sessions().keySet()) + ", server "
                        + servers.get(0).sid() + " " + hex(reference.keySet()));
            }
            Map<Long, Set<String>> ephemerals = n.tree().allEphemerals();
            for (Map.Entry<Long, Set<String>> e : ephemerals.entrySet()) {
                long owner = e.getKey();
                if (e.getValue().isEmpty()) {
                    continue;
                }
                if (ended.contains(owner) || abandoned.contains(owner) || !n.sessions().containsKey(owner)) {
                    violation("server " + n.sid() + " keeps ephemerals " + e.getValue() + " of session 0x"
                            + Long.toHexString(owner) + (ended.contains(owner) ? " that ended"
                            : abandoned.contains(owner) ? " that was abandoned" : " it does not know"));
                }
            }
            for (SimClient c : clients) {
                checkModel(n, c);
            }
        }
    }

    private void checkModel(SimNode n, SimClient c) {
        DataTree tree = n.tree();
        for (Map.Entry<String, SimClient.Model> e : c.nodes.entrySet()) {
            SimClient.Model m = e.getValue();
            if (m.uncertain || m.busy) {
                continue;
            }
            if (m.ephemeral && m.exists && (c.state() == SimClient.State.FINISHED || m.owner != c.sessionId())) {
                continue; // its session is neither known ended nor the client's live one
            }
            DataNode found = tree.get(e.getKey());
            if (m.exists && found == null) {
                violation("server " + n.sid() + " lost " + e.getKey() + " (client " + c.clientId
                        + (m.ephemeral ? ", ephemeral of live session 0x" + Long.toHexString(m.owner) : "") + ")");
            } else if (m.exists && !Arrays.equals(found.data(), m.data)) {
                violation("server " + n.sid() + " has " + e.getKey() + " = "
                        + new String(found.data(), StandardCharsets.UTF_8) + ", client " + c.clientId
                        + " was told " + new String(m.data, StandardCharsets.UTF_8));
            } else if (!m.exists && found != null) {
                violation("server " + n.sid() + " still has " + e.getKey() + " (client " + c.clientId
                        + (m.ephemeral ? ", ephemeral of ended session 0x" + Long.toHexString(m.owner) : " deleted it")
                        + ")");
            }
        }
    }

    private static String hex(Set<Long> ids) {
        return ids.stream().sorted().map(id -> "0x" + Long.toHexString(id)).toList().toString();
    }
}
