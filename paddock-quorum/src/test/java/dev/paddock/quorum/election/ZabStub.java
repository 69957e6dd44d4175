package dev.paddock.quorum.election;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Just enough of Zab, seen from above, to close the loop around elections in tests: a leader that gathers a quorum
 * of followers within initLimit establishes a new epoch (its followers take that epoch and its history), one that
 * cannot, or later loses its quorum for syncLimit, looks again; a learner whose leader is not reachable and leading
 * looks again after the same limits. Elections are what is under test; this only makes their outcomes matter.
 */
final class ZabStub {

    record Establishment(long leader, long epoch, long timeMs) {
    }

    private final ElectionNet net;
    private final long initLimitMs;
    private final long syncLimitMs;
    /** sid → epoch it leads, for leaders that established one. */
    final Map<Long, Long> established = new HashMap<>();
    private final Map<Long, Long> roleSinceMs = new HashMap<>();
    private final Map<Long, Long> lastGoodMs = new HashMap<>();
    private final Map<Long, Integer> roleIncarnation = new HashMap<>();
    final java.util.List<Establishment> establishments = new java.util.ArrayList<>();

    ZabStub(ElectionNet net, long initLimitMs, long syncLimitMs) {
        this.net = net;
        this.initLimitMs = initLimitMs;
        this.syncLimitMs = syncLimitMs;
        net.listener = (node, decided) -> {
            roleSinceMs.put(node.sid, net.nowMs);
            lastGoodMs.remove(node.sid);
            established.remove(node.sid);
            roleIncarnation.put(node.sid, node.incarnation);
        };
    }

    /** One periodic look at every server, as Zab's pings and timeouts would see them. */
    void check() {
        long now = net.nowMs;
        for (ElectionNet.Node node : net.nodes.values()) {
            if (!node.up) {
                established.remove(node.sid);
            }
        }
        for (ElectionNet.Node node : net.nodes.values()) {
            if (!node.decided() || roleIncarnation.getOrDefault(node.sid, -1) != node.incarnation) {
                continue;
            }
            if (node.core.state() == ServerState.LEADING) {
                checkLeader(node, now);
            } else {
                checkLearner(node, now);
            }
        }
    }

    private Set<Long> followersOf(ElectionNet.Node leader) {
        Set<Long> quorum = new HashSet<>();
        quorum.add(leader.sid);
        for (ElectionNet.Node n : net.nodes.values()) {
            if (n.sid != leader.sid && n.decided() && n.core.state() == ServerState.FOLLOWING
                && n.leader() == leader.sid && net.linked(n.sid, leader.sid)) {
                quorum.add(n.sid);
            }
        }
        return quorum;
    }

    private void checkLeader(ElectionNet.Node leader, long now) {
        Set<Long> followers = followersOf(leader);
        boolean quorum = net.view.isQuorum(followers);
        Long epoch = established.get(leader.sid);
        if (epoch == null) {
            if (quorum) {
                long newEpoch = 0;
                for (long sid : followers) {
                    newEpoch = Math.max(newEpoch, net.node(sid).currentEpoch);
                }
                newEpoch++;
                established.put(leader.sid, newEpoch);
                establishments.add(new Establishment(leader.sid, newEpoch, now));
                leader.currentEpoch = newEpoch;
                leader.lastZxid = newEpoch << 32;
                leader.core.updatePeerEpoch(newEpoch);
                lastGoodMs.put(leader.sid, now);
            } else if (now - roleSinceMs.get(leader.sid) > initLimitMs) {
                net.lookAgain(leader.sid);
            }
            return;
        }
        if (quorum) {
            lastGoodMs.put(leader.sid, now);
            leader.lastZxid++; // it commits something while it leads, so histories differ when it goes
        } else if (now - lastGoodMs.get(leader.sid) > syncLimitMs) {
            established.remove(leader.sid);
            net.lookAgain(leader.sid);
        }
    }

    private void checkLearner(ElectionNet.Node learner, long now) {
        ElectionNet.Node leader = net.node(learner.leader());
        boolean good = leader != null && leader.decided() && leader.core.state() == ServerState.LEADING
            && net.linked(learner.sid, leader.sid) && established.containsKey(leader.sid);
        if (good) {
            long epoch = established.get(leader.sid);
            if (learner.currentEpoch != epoch || net.random.nextInt(4) != 0) {
                // synced: the leader's epoch and (most of the time) all of its history
                learner.currentEpoch = epoch;
                learner.lastZxid = leader.lastZxid;
                learner.core.updatePeerEpoch(epoch);
            }
            lastGoodMs.put(learner.sid, now);
            return;
        }
        long since = lastGoodMs.getOrDefault(learner.sid, roleSinceMs.get(learner.sid));
        long limit = lastGoodMs.containsKey(learner.sid) ? syncLimitMs : initLimitMs;
        if (now - since > limit) {
            net.lookAgain(learner.sid);
        }
    }

    /** The leader every up server agrees on and that leads an established epoch, or -1. */
    long settledLeader() {
        long leader = -1;
        for (ElectionNet.Node n : net.nodes.values()) {
            if (!n.up) {
                continue;
            }
            if (!n.decided()) {
                return -1;
            }
            if (leader == -1) {
                leader = n.leader();
            } else if (leader != n.leader()) {
                return -1;
            }
        }
        return leader != -1 && established.containsKey(leader) && net.node(leader).up ? leader : -1;
    }
}
