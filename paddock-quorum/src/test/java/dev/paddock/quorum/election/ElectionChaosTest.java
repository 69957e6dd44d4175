package dev.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Many seeded runs of elections under loss, delay, duplication, partitions and crashes, with {@link ZabStub}
 * closing the loop. {@code -Delection.seed=N} replays one seed; {@code -Delection.seeds=N} sets how many run.
 */
class ElectionChaosTest {

    private static final long CHAOS_MS = 30_000;
    private static final long SETTLE_LIMIT_MS = 10 * 60_000;

    @Test
    void connectedServersSettleOnOneLeaderAfterChaos() {
        String one = System.getProperty("election.seed");
        if (one != null) {
            runSeed(Long.parseLong(one));
            return;
        }
        int seeds = Integer.getInteger("election.seeds", 1000);
        long decisions = 0;
        long establishments = 0;
        long delivered = 0;
        long slowestSettleMs = 0;
        for (long seed = 1; seed <= seeds; seed++) {
            Run run = runSeed(seed);
            decisions += run.net.decisions.size();
            establishments += run.zab.establishments.size();
            delivered += run.net.delivered;
            slowestSettleMs = Math.max(slowestSettleMs, run.settleMs);
        }
        System.out.printf("%d seeds: %d decisions, %d leaders established, %d messages delivered, slowest settle "
            + "%d ms%n", seeds, decisions, establishments, delivered, slowestSettleMs);
        assertThat(establishments).isGreaterThan(seeds);
    }

    private static Run runSeed(long seed) {
        try {
            Run run = new Run(seed);
            run.run();
            return run;
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("election chaos seed " + seed + " failed (replay: -Delection.seed=" + seed + "): "
                + e.getMessage(), e);
        }
    }

    private static final class Run {
        final long seed;
        final Random random;
        final ElectionNet net;
        final ZabStub zab;
        final int voters;
        long settleMs;

        Run(long seed) {
            this.seed = seed;
            this.random = new Random(seed ^ 0x5eedL);
            this.voters = random.nextBoolean() ? 3 : 5;
            int observers = random.nextInt(3) == 0 ? 1 : 0;
            this.net = new ElectionNet(seed, ElectionNet.view(voters, observers));
            this.zab = new ZabStub(net, 2_000, 1_000);
            for (long sid = 1; sid <= voters + observers; sid++) {
                long epoch = random.nextInt(3);
                net.add(sid, epoch << 32 | random.nextInt(4), epoch);
            }
        }

        void run() {
            net.maxDelayMs = 1 + random.nextInt(300);
            net.dropRate = random.nextDouble() * 0.3;
            net.duplicateRate = random.nextDouble() * 0.2;
            for (long sid : net.nodes.keySet()) {
                net.boot(sid);
            }
            while (net.nowMs < CHAOS_MS) {
                advance(net.nowMs + 100 + random.nextInt(2_000));
                disturb();
            }
            // calm: every link up, nothing lost, a quorum of voters running (a minority may stay down)
            net.healAll();
            net.dropRate = 0;
            net.maxDelayMs = Math.min(net.maxDelayMs, 100);
            int mayStayDown = random.nextInt(voters / 2 + 1);
            for (ElectionNet.Node node : net.nodes.values()) {
                boolean staysDown = node.type == LearnerType.PARTICIPANT && mayStayDown > 0 && random.nextBoolean();
                if (staysDown && !node.up) {
                    mayStayDown--;
                } else if (staysDown) {
                    net.crash(node.sid);
                    mayStayDown--;
                } else if (!node.up) {
                    net.boot(node.sid);
                }
            }
            long calmAt = net.nowMs;
            long leader = -1;
            while (net.nowMs < calmAt + SETTLE_LIMIT_MS && (leader = zab.settledLeader()) == -1) {
                advance(net.nowMs + 100);
            }
            assertThat(leader).as("no settled leader %d ms after calm; states %s", net.nowMs - calmAt, states())
                .isNotEqualTo(-1);
            settleMs = net.nowMs - calmAt;
            checkSettled(leader);
            checkDecisions();
        }

        private void advance(long untilMs) {
            while (net.nowMs < untilMs) {
                net.runUntil(Math.min(untilMs, net.nowMs + 100));
                zab.check();
            }
        }

        private void disturb() {
            List<Long> sids = new ArrayList<>(net.nodes.keySet());
            long sid = sids.get(random.nextInt(sids.size()));
            switch (random.nextInt(6)) {
                case 0 -> {
                    if (net.node(sid).up) {
                        net.crash(sid);
                    }
                }
                case 1 -> {
                    if (!net.node(sid).up) {
                        net.boot(sid);
                    }
                }
                case 2 -> {
                    long other = sids.get(random.nextInt(sids.size()));
                    net.cut(sid, other);
                }
                case 3 -> {
                    // a clean split: sid and some others on one side
                    for (long a : sids) {
                        for (long b : sids) {
                            if ((a == sid) != (b == sid) && random.nextBoolean()) {
                                net.cut(a, b);
                            }
                        }
                    }
                }
                default -> net.healAll();
            }
        }

        private void checkSettled(long leader) {
            assertThat(net.view.isVoter(leader)).isTrue();
            for (ElectionNet.Node n : net.nodes.values()) {
                if (!n.up) {
                    continue;
                }
                ServerState expected = n.sid == leader ? ServerState.LEADING
                    : n.type == LearnerType.PARTICIPANT ? ServerState.FOLLOWING : ServerState.OBSERVING;
                assertThat(n.core.state()).as("sid %d", n.sid).isEqualTo(expected);
                assertThat(n.core.currentVote().leader()).isEqualTo(leader);
            }
        }

        /** What holds for every decision, calm or not. */
        private void checkDecisions() {
            for (ElectionNet.Decision d : net.decisions) {
                boolean participant = net.view.isVoter(d.sid());
                assertThat(net.view.isVoter(d.vote().leader())).as("%s leads", d).isTrue();
                assertThat(d.role() == ServerState.LEADING).as("%s", d).isEqualTo(d.vote().leader() == d.sid());
                assertThat(d.role() == ServerState.OBSERVING).as("%s", d).isEqualTo(!participant);
                assertThat(net.view.isQuorum(d.supporters())).as("%s", d).isTrue();
            }
        }

        private String states() {
            StringBuilder sb = new StringBuilder();
            for (ElectionNet.Node n : net.nodes.values()) {
                sb.append(n.sid).append('=').append(n.up ? n.core.state() + "(" + n.core.currentVote().leader() + ")"
                    : "down").append(' ');
            }
            return sb.toString();
        }
    }
}
