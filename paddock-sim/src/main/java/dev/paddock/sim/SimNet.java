package dev.paddock.sim;

import dev.paddock.jute.quorum.QuorumPacket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The simulated network. Election messages are datagram-like: each may be lost, duplicated or delayed on its
 * own (so they reorder). Zab runs over connections that behave like TCP: FIFO without loss or duplication, but a
 * connection can be reset (both ends told) or silently stall when a partition cuts it (the ends only notice by
 * their own timeouts). Partitions block pairs of servers in both directions.
 */
final class SimNet {
    /** A quorum connection from a learner to its leader. */
    static final class Conn {
        final SimNode learner;
        final SimNode leader;
        boolean open = true;
        boolean stalled;
        private final long[] lastDeliveryMs = new long[2];

        Conn(SimNode learner, SimNode leader) {
            this.learner = learner;
            this.leader = leader;
        }

        SimNode other(SimNode n) {
            return n == learner ? leader : learner;
        }
    }

    private final EventLoop loop;
    private final Random rnd;
    private final SimParams params;
    private final Set<Long> blocked = new HashSet<>();

    SimNet(EventLoop loop, Random rnd, SimParams params) {
        this.loop = loop;
        this.rnd = rnd;
        this.params = params;
    }

    private static long pair(long a, long b) {
        return Math.min(a, b) << 32 | Math.max(a, b);
    }

    boolean reachable(long a, long b) {
        return a == b || !blocked.contains(pair(a, b));
    }

    void block(long a, long b) {
        blocked.add(pair(a, b));
    }

    void healAll() {
        blocked.clear();
    }

    boolean partitioned() {
        return !blocked.isEmpty();
    }

    long delayMs() {
        return params.minDelayMs() + rnd.nextInt(params.maxDelayMs() - params.minDelayMs() + 1);
    }

    /** An election datagram; delivery calls {@code deliver} unless lost (and maybe twice). */
    void datagram(long from, long to, Runnable deliver) {
        if (!reachable(from, to) || rnd.nextDouble() < params.electionLoss()) {
            return;
        }
        loop.after(delayMs(), () -> {
            if (reachable(from, to)) {
                deliver.run();
            }
        });
        if (rnd.nextDouble() < params.electionDup()) {
            loop.after(delayMs(), () -> {
                if (reachable(from, to)) {
                    deliver.run();
                }
            });
        }
    }

    /** Opens a connection after one network delay, if the leader is reachable then. */
    void connect(SimNode learner, SimNode leader) {
        loop.after(delayMs(), () -> {
            if (!reachable(learner.sid(), leader.sid()) || !learner.isUp() || !leader.isUp()) {
                learner.connectFailed();
                return;
            }
            Conn c = new Conn(learner, leader);
            leader.accepted(c);
            learner.connectionUp(c);
        });
    }

    void send(Conn c, SimNode from, QuorumPacket p) {
        if (!c.open || c.stalled) {
            return;
        }
        SimNode to = c.other(from);
        if (!reachable(from.sid(), to.sid())) {
            c.stalled = true;
            return;
        }
        if (rnd.nextDouble() < params.connResetPerPacket()) {
            reset(c);
            return;
        }
        int dir = from == c.learner ? 0 : 1;
        long at = Math.max(loop.nowMs() + delayMs(), c.lastDeliveryMs[dir]);
        c.lastDeliveryMs[dir] = at;
        loop.at(at, () -> {
            if (!c.open || c.stalled) {
                return;
            }
            if (!reachable(from.sid(), to.sid())) {
                c.stalled = true;
                return;
            }
            to.receive(c, from.sid(), p);
        });
    }

    /** Closes a connection; each end learns it after a network delay (a FIN or RST on its way). */
    void reset(Conn c) {
        if (!c.open) {
            return;
        }
        c.open = false;
        loop.after(delayMs(), () -> c.learner.connectionClosed(c));
        loop.after(delayMs(), () -> c.leader.connectionClosed(c));
    }
}
