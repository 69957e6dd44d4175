package dev.paddock.quorum.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.zookeeper.server.quorum.FastLeaderElection;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VoteOrderTest {

    private static final VotingView FIVE = VotingView.majority(List.of(1L, 2L, 3L, 4L, 5L), List.of(), new byte[0]);

    @ParameterizedTest(name = "({0},{1},{2}) beats ({3},{4},{5}): {6}")
    @CsvSource({
        // newId, newZxid, newEpoch, curId, curZxid, curEpoch, better
        "1, 0x100000005, 2, 5, 0x100000009, 1, true",    // higher epoch wins despite lower zxid and sid
        "5, 0x100000009, 1, 1, 0x100000005, 2, false",
        "1, 0x100000009, 1, 5, 0x100000005, 1, true",    // same epoch: higher zxid wins despite lower sid
        "5, 0x100000005, 1, 1, 0x100000009, 1, false",
        "5, 0x100000005, 1, 1, 0x100000005, 1, true",    // same epoch and zxid: higher sid wins
        "1, 0x100000005, 1, 5, 0x100000005, 1, false",
        "3, 0x100000005, 1, 3, 0x100000005, 1, false",   // identical: not better
        "2, 0, 0, -9223372036854775808, -9223372036854775808, -9223372036854775808, true", // beats an observer's non-vote
    })
    void ordersByEpochThenZxidThenSid(long newId, String newZxid, long newEpoch, long curId, String curZxid,
                                      long curEpoch, boolean better) {
        assertThat(VoteOrder.isBetter(FIVE, newId, Long.decode(newZxid), newEpoch, curId, Long.decode(curZxid),
            curEpoch)).isEqualTo(better);
    }

    @Test
    void aWeightZeroServerNeverWins() {
        VotingView view = new VotingView(Set.of(1L, 2L, 3L), Set.of(), Map.of(3L, 0L), new byte[0]);
        assertThat(VoteOrder.isBetter(view, 3, 99, 99, 1, 0, 0)).isFalse();
        // the rule is about the newcomer only: a weight-0 incumbent is beaten by the ordinary order
        assertThat(VoteOrder.isBetter(view, 1, 100, 99, 3, 99, 99)).isTrue();
        assertThat(VoteOrder.isBetter(view, 2, 5, 1, 1, 5, 1)).isTrue();
    }

    @Test
    void sameAsZooKeepersTotalOrderPredicate() throws Exception {
        QuorumPeer peer = new QuorumPeer();
        Map<Long, QuorumPeer.QuorumServer> servers = new HashMap<>();
        for (long sid = 1; sid <= 5; sid++) {
            servers.put(sid, new QuorumPeer.QuorumServer(sid, "127.0.0.1:" + (2000 + sid) + ":" + (3000 + sid)));
        }
        peer.setQuorumVerifier(new QuorumMaj(servers), false);
        FastLeaderElection fle = new FastLeaderElection(peer, null);
        Method predicate = FastLeaderElection.class.getDeclaredMethod("totalOrderPredicate", long.class, long.class,
            long.class, long.class, long.class, long.class);
        predicate.setAccessible(true);
        Random random = new Random(11);
        long[] small = {-1, 0, 1, 2, 0x100000000L, 0x100000001L, Long.MIN_VALUE, Long.MAX_VALUE};
        for (int i = 0; i < 5000; i++) {
            long[] v = new long[6];
            for (int k = 0; k < 6; k++) {
                v[k] = random.nextInt(3) == 0 ? random.nextLong() : small[random.nextInt(small.length)];
            }
            boolean zk = (boolean) predicate.invoke(fle, v[0], v[1], v[2], v[3], v[4], v[5]);
            assertThat(VoteOrder.isBetter(FIVE, v[0], v[1], v[2], v[3], v[4], v[5])).as("case %d", i).isEqualTo(zk);
        }
    }

    @Test
    void countsAsIsZooKeepersVoteEquals() {
        long[] ids = {1, 2};
        long[] zxids = {0x100000001L, 0x100000002L};
        long[] rounds = {3, 4};
        long[] epochs = {1, 2};
        int[] versions = {0, 2};
        int compared = 0;
        for (ServerState s1 : ServerState.values()) {
            for (ServerState s2 : ServerState.values()) {
                for (int mask = 0; mask < 64; mask++) {
                    Vote a = new Vote(ids[0], zxids[0], rounds[0], epochs[0], s1, versions[mask & 1]);
                    Vote b = new Vote(ids[(mask >> 1) & 1], zxids[(mask >> 2) & 1], rounds[(mask >> 3) & 1],
                        epochs[(mask >> 4) & 1], s2, versions[(mask >> 5) & 1]);
                    assertThat(a.countsAs(b)).as("%s vs %s", a, b).isEqualTo(zkVote(a).equals(zkVote(b)));
                    assertThat(b.countsAs(a)).isEqualTo(a.countsAs(b));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(16 * 64);
    }

    private static org.apache.zookeeper.server.quorum.Vote zkVote(Vote v) {
        return new org.apache.zookeeper.server.quorum.Vote(v.version(), v.leader(), v.zxid(), v.electionEpoch(),
            v.peerEpoch(), QuorumPeer.ServerState.valueOf(v.state().name()));
    }
}
