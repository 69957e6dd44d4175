package dev.paddock.quorum.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.FakeConnection;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whole ensemble members (election, Zab, client fronts) on one thread: elect, serve, fail over, catch up. */
class QuorumNodeTest {
    private static CreateRequest create(String path) {
        return new CreateRequest(path, path.getBytes(), DataTree.OPEN_ACL, CreateMode.PERSISTENT.flag);
    }

    private static void assertSameTrees(NodeHarness h) {
        List<QuorumNode> nodes = List.copyOf(h.nodes.values());
        for (QuorumNode n : nodes) {
            assertThat(n.tree().lastProcessedZxid()).isEqualTo(nodes.get(0).tree().lastProcessedZxid());
            assertThat(n.tree().nodes().keySet()).isEqualTo(nodes.get(0).tree().nodes().keySet());
        }
    }

    @Test
    void threeServersElectTheHighestSidAndServeWritesFromAFollower() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode leader = h.leader();
        assertThat(leader.election().config().mySid()).isEqualTo(3);
        assertThat(leader.currentEpoch()).isEqualTo(1);

        QuorumNode follower = h.nodes.get(1L);
        FakeConnection c = new FakeConnection();
        follower.clientConnect(c, new ConnectRequest(0, 0, 4000, 0, new byte[16]), h.now);
        h.carryOut(1);
        h.settle();
        assertThat(c.sent).hasSize(1);
        for (int i = 0; i < 20; i++) {
            follower.clientRequest(c, new RequestHeader(i + 1, OpCode.CREATE.code), create("/n" + i), h.now);
            h.carryOut(1);
        }
        h.settle();
        assertThat(c.errors()).hasSize(20).containsOnly(0);
        follower.clientRequest(c, new RequestHeader(21, OpCode.SYNC.code),
                new dev.paddock.jute.proto.SyncRequest("/"), h.now);
        h.carryOut(1);
        h.settle();
        assertThat(c.errors()).as("a sync with nothing outstanding is answered at once").hasSize(21);
        assertSameTrees(h);
        assertThat(leader.tree().get("/n19")).isNotNull();
    }

    @Test
    void afterTheLeaderCrashesTheOthersElectAnotherAndNothingAcknowledgedIsLost() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode follower = h.nodes.get(2L);
        FakeConnection c = new FakeConnection();
        follower.clientConnect(c, new ConnectRequest(0, 0, 4000, 0, new byte[16]), h.now);
        h.carryOut(2);
        h.settle();
        follower.clientRequest(c, new RequestHeader(1, OpCode.CREATE.code), create("/before"), h.now);
        h.carryOut(2);
        h.settle();
        assertThat(c.errors()).containsExactly(0);

        h.crash(3);
        h.settle();
        assertThat(c.closed).as("the client of a follower that lost its leader is disconnected").isTrue();
        assertThat(h.runUntilAllServe(10_000)).isTrue();
        QuorumNode leader = h.leader();
        assertThat(leader.election().config().mySid()).isEqualTo(2);
        assertThat(leader.currentEpoch()).isEqualTo(2);
        assertThat(leader.tree().get("/before")).isNotNull();

        // the old leader comes back and catches up as a follower
        FakeConnection c2 = new FakeConnection();
        leader.clientConnect(c2, new ConnectRequest(0, 0, 4000, 0, new byte[16]), h.now);
        h.carryOut(2);
        h.settle();
        leader.clientRequest(c2, new RequestHeader(1, OpCode.CREATE.code), create("/after"), h.now);
        h.carryOut(2);
        h.settle();
        assertThat(c2.errors()).containsExactly(0);
        h.boot(3);
        assertThat(h.runUntilAllServe(10_000)).isTrue();
        assertThat(h.nodes.get(3L).role()).isEqualTo(NodeOutput.Role.FOLLOWING);
        assertSameTrees(h);
        assertThat(h.nodes.get(3L).tree().get("/after")).isNotNull();
    }

    @Test
    void aLeaderPausedForLongerThanSyncLimitKeepsItsLearnersWhenItResumes() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        QuorumNode leader = h.leader();
        long sid = leader.election().config().mySid();
        // The leader's thread stalled for 20 ticks (syncLimit 5): its first tick after that runs before the
        // learners' packets that waited meanwhile, so it must not count 20 ticks of silence at once (found with
        // ZooKeeper followers on a loaded machine: a Paddock leader dropped them all and stepped down).
        h.now += 2_000;
        leader.tick(h.now);
        assertThat(leader.role()).isEqualTo(NodeOutput.Role.LEADING);
        assertThat(leader.serving()).isTrue();
        h.carryOut(sid);
        h.settle();
        h.run(2_000, 10);
        assertThat(h.leader()).isSameAs(leader);
        assertThat(h.followers()).allMatch(QuorumNode::serving);
    }

    @Test
    void aLeaderPingsEachLearnerEveryHalfTickAsZooKeeperDoes() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of());
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        long leader = h.leader().election().config().mySid();
        h.pingsSent.clear();
        h.run(1_000, 10); // 10 ticks of 100 ms
        // ZooKeeper's learners time out after syncLimit ticks of silence and its leader pings every half tick;
        // once per tick would halve their margin (2 learners x 20 half ticks, give or take the edges)
        assertThat(h.pingsSent.getOrDefault(leader, 0)).isBetween(36, 42);
    }

    @Test
    void anObserverLearnsTheLeaderAndItsCommits() {
        NodeHarness h = new NodeHarness(Set.of(1L, 2L, 3L), Set.of(4L));
        assertThat(h.runUntilAllServe(5_000)).isTrue();
        assertThat(h.nodes.get(4L).role()).isEqualTo(NodeOutput.Role.OBSERVING);
        QuorumNode observer = h.nodes.get(4L);
        FakeConnection c = new FakeConnection();
        observer.clientConnect(c, new ConnectRequest(0, 0, 4000, 0, new byte[16]), h.now);
        h.carryOut(4);
        h.settle();
        observer.clientRequest(c, new RequestHeader(1, OpCode.CREATE.code), create("/via-observer"), h.now);
        h.carryOut(4);
        h.settle();
        assertThat(c.errors()).containsExactly(0);
        assertSameTrees(h);
    }
}
