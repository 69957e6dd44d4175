package dev.paddock.quorum.zab;

import static dev.paddock.quorum.zab.Fixtures.ackEpoch;
import static dev.paddock.quorum.zab.Fixtures.create;
import static dev.paddock.quorum.zab.Fixtures.describe;
import static dev.paddock.quorum.zab.Fixtures.followerInfo;
import static dev.paddock.quorum.zab.Fixtures.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZabLeaderTest {
    private static final long E3 = Zxid.make(3, 0);
    private final List<LoggedTxn> history = List.of(create(Zxid.make(1, 1)), create(Zxid.make(1, 2)),
            create(Zxid.make(2, 1)));

    private ZabLeader leader(ZabConfig cfg) {
        return new ZabLeader(cfg, new DurableState(2, 2, Zxid.make(2, 1)), InMemorySyncSource.of(history));
    }

    @Test
    void picksTheEpochAfterTheHighestAcceptedOnceAQuorumConnects() {
        ZabLeader l = leader(Fixtures.three(1));
        assertThat(l.drain()).isEmpty();
        l.onPacket(2, followerInfo(2, 1));
        assertThat(describe(l.drain())).containsExactly("acceptedEpoch 3", "send 2 LEADERINFO 0x300000000");
        l.onPacket(3, followerInfo(3, 2));
        assertThat(describe(l.drain())).containsExactly("send 3 LEADERINFO 0x300000000");
        assertThat(l.epoch()).isEqualTo(3);
    }

    @Test
    void syncsByDiffAndEstablishesOnAQuorumOfNewLeaderAcks() {
        ZabLeader l = leader(Fixtures.three(1));
        l.onPacket(2, followerInfo(2, 2));
        l.drain();
        l.onPacket(2, ackEpoch(Zxid.make(1, 2), 1));
        assertThat(describe(l.drain())).containsExactly("currentEpoch 3", "send 2 DIFF 0x200000001",
                "send 2 PROPOSAL 0x200000001", "send 2 COMMIT 0x200000001", "send 2 NEWLEADER 0x300000000");
        assertThat(l.isEstablished()).isFalse();
        l.onPacket(2, packet(PacketType.ACK, E3, null));
        assertThat(describe(l.drain())).containsExactly("established 3 0x200000001", "send 2 UPTODATE 0xffffffffffffffff");
        assertThat(l.isEstablished()).isTrue();
        assertThat(l.nextZxid()).isEqualTo(Zxid.make(3, 1));
    }

    @Test
    void truncatesALearnerWithAnUncommittedTxnToTheDivergencePoint() {
        ZabLeader l = leader(Fixtures.three(1));
        l.onPacket(2, followerInfo(2, 1));
        l.drain();
        l.onPacket(2, ackEpoch(Zxid.make(1, 3), 1)); // 0x100000003 was never committed: we went 1/2 -> 2/1
        assertThat(describe(l.drain())).containsExactly("currentEpoch 3", "send 2 TRUNC 0x100000002",
                "send 2 PROPOSAL 0x200000001", "send 2 COMMIT 0x200000001", "send 2 NEWLEADER 0x300000000");
    }

    @Test
    void dropsAFollowerThatIsAheadOfTheLeader() {
        ZabLeader l = leader(Fixtures.three(1));
        l.onPacket(2, followerInfo(2, 2));
        l.drain();
        l.onPacket(2, ackEpoch(Zxid.make(2, 4), 2));
        assertThat(describe(l.drain())).containsExactly("disconnect 2");
        assertThat(l.isEstablished()).isFalse();
    }

    @Test
    void commitsInZxidOrderOnlyWithAQuorumOfDurableAcks() {
        ZabLeader l = established();
        LoggedTxn t1 = create(Zxid.make(3, 1));
        LoggedTxn t2 = create(Zxid.make(3, 2));
        assertThat(l.propose(t1)).isTrue();
        assertThat(l.propose(t2)).isTrue();
        assertThat(describe(l.drain())).containsExactly("append 0x300000001", "send 2 PROPOSAL 0x300000001",
                "append 0x300000002", "send 2 PROPOSAL 0x300000002");
        l.onPacket(2, packet(PacketType.ACK, t2.zxid(), null));
        l.persisted(t2.zxid()); // leader's own log durable for both; t1 has only the leader's ack
        assertThat(l.drain()).isEmpty();
        l.onPacket(2, packet(PacketType.ACK, t1.zxid(), null));
        assertThat(describe(l.drain())).containsExactly("send 2 COMMIT 0x300000001", "apply 0x300000001",
                "send 2 COMMIT 0x300000002", "apply 0x300000002");
        assertThat(l.lastCommittedZxid()).isEqualTo(t2.zxid());
    }

    @Test
    void informsObserversOfCommitsAndSendsThemNoProposals() {
        ZabLeader l = established();
        l.onPacket(9, Fixtures.observerInfo(9, 2));
        l.onPacket(9, ackEpoch(Zxid.make(2, 1), 2));
        l.onPacket(9, packet(PacketType.ACK, E3, null));
        assertThat(describe(l.drain())).containsExactly("send 9 LEADERINFO 0x300000000", "send 9 DIFF 0x200000001",
                "send 9 NEWLEADER 0x300000000", "send 9 UPTODATE 0xffffffffffffffff");
        LoggedTxn t1 = create(Zxid.make(3, 1));
        l.propose(t1);
        l.persisted(t1.zxid());
        l.onPacket(2, packet(PacketType.ACK, t1.zxid(), null));
        assertThat(describe(l.drain())).containsExactly("append 0x300000001", "send 2 PROPOSAL 0x300000001",
                "send 2 COMMIT 0x300000001", "send 9 INFORM 0x300000001", "apply 0x300000001");
    }

    @Test
    void pingsEveryTickAndStepsDownWithoutASyncedQuorum() {
        ZabLeader l = established();
        l.tick();
        assertThat(describe(l.drain())).containsExactly("send 2 PING 0x300000000");
        l.tick();
        l.tick();
        assertThat(describe(l.drain())).containsExactly("send 2 PING 0x300000000", "send 2 PING 0x300000000");
        l.tick(); // follower 2 silent for 4 ticks > syncLimit 3
        assertThat(describe(l.drain())).containsExactly("disconnect 2", "election");
        assertThat(l.isStopped()).isTrue();
    }

    @Test
    void forcesAnElectionRatherThanRollTheZxidCounterOver() {
        ZabLeader l = new ZabLeader(Fixtures.three(1).withLastUsableCounter(3), new DurableState(2, 2, Zxid.make(2, 1)),
                InMemorySyncSource.of(history));
        establish(l);
        assertThat(l.propose(create(Zxid.make(3, 1)))).isTrue();
        assertThat(l.propose(create(Zxid.make(3, 2)))).isTrue();
        l.drain();
        assertThat(l.propose(create(Zxid.make(3, 3)))).isFalse();
        assertThat(describe(l.drain())).containsExactly("disconnect 2", "election");
    }

    @Test
    void givesUpDiscoveryAfterInitLimit() {
        ZabLeader l = leader(Fixtures.three(1));
        for (int i = 0; i < 5; i++) {
            l.tick();
        }
        assertThat(l.drain()).isEmpty();
        l.tick();
        assertThat(describe(l.drain())).containsExactly("election");
    }

    @Test
    void handsRequestsAndSessionTouchesToTheServer() {
        ZabLeader l = established();
        l.onPacket(2, packet(PacketType.REQUEST, 0, new byte[] {1}));
        l.onPacket(2, packet(PacketType.PING, Zxid.make(3, 0), new byte[12]));
        l.onPacket(2, packet(PacketType.PING, Zxid.make(3, 0), new byte[0]));
        l.sendRaw(2, packet(PacketType.SYNC, 0, null));
        l.sendRaw(3, packet(PacketType.SYNC, 0, null)); // not connected: dropped
        List<ZabOutput> out = l.drain();
        assertThat(out).hasSize(3);
        assertThat(out.get(0)).isInstanceOf(ZabOutput.Deliver.class);
        assertThat(((ZabOutput.Deliver) out.get(1)).packet().type()).isEqualTo(PacketType.PING);
        assertThat(describe(out.subList(2, 3))).containsExactly("send 2 SYNC 0x0");
    }

    private ZabLeader established() {
        ZabLeader l = leader(Fixtures.three(1));
        establish(l);
        return l;
    }

    private static void establish(ZabLeader l) {
        l.onPacket(2, followerInfo(2, 2));
        l.onPacket(2, ackEpoch(Zxid.make(2, 1), 2));
        l.onPacket(2, packet(PacketType.ACK, E3, null));
        l.drain();
        assertThat(l.isEstablished()).isTrue();
    }
}
