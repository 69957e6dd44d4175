package dev.paddock.quorum.zab;

import static dev.paddock.quorum.zab.Fixtures.create;
import static dev.paddock.quorum.zab.Fixtures.describe;
import static dev.paddock.quorum.zab.Fixtures.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.quorum.LearnerInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZabLearnerTest {
    private static final long E2 = Zxid.make(2, 0);

    private ZabLearner follower(long accepted, long current, long lastZxid) {
        ZabLearner l = new ZabLearner(Fixtures.three(2), 1, false, new DurableState(accepted, current, lastZxid));
        l.connected(1);
        return l;
    }

    @Test
    void registersWithAcceptedEpochAndLearnerInfo() {
        ZabLearner l = follower(1, 1, Zxid.make(1, 5));
        List<ZabOutput> out = l.drain();
        assertThat(describe(out)).containsExactly("send 1 FOLLOWERINFO 0x100000000");
        ZabOutput.Send s = (ZabOutput.Send) out.get(0);
        assertThat(LearnerInfo.read(new JuteInput(s.packet().data()))).isEqualTo(new LearnerInfo(2, 0x10000, 0));
    }

    @Test
    void acceptsNewerEpochDurablyBeforeAckingWithCurrentEpoch() {
        ZabLearner l = follower(1, 1, Zxid.make(1, 5));
        l.drain();
        l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        List<ZabOutput> out = l.drain();
        assertThat(describe(out)).containsExactly("acceptedEpoch 2", "send 1 ACKEPOCH 0x100000005");
        assertThat(Fixtures.intOf(((ZabOutput.Send) out.get(1)).packet().data())).isEqualTo(1);
    }

    @Test
    void equalEpochIsAckedWithMinusOneAndLowerEpochEndsTheRole() {
        ZabLearner same = follower(2, 1, Zxid.make(1, 5));
        same.drain();
        same.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        List<ZabOutput> out = same.drain();
        assertThat(describe(out)).containsExactly("send 1 ACKEPOCH 0x100000005");
        assertThat(Fixtures.intOf(((ZabOutput.Send) out.get(0)).packet().data())).isEqualTo(-1);

        ZabLearner ahead = follower(3, 1, Zxid.make(1, 5));
        ahead.drain();
        ahead.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        assertThat(describe(ahead.drain())).containsExactly("election");
        assertThat(ahead.isStopped()).isTrue();
    }

    @Test
    void diffSyncPersistsEverythingThenWritesCurrentEpochThenAcksNewLeader() {
        ZabLearner l = follower(1, 1, Zxid.make(1, 1));
        l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        l.drain();
        l.onPacket(1, packet(PacketType.DIFF, Zxid.make(1, 2), null));
        l.onPacket(1, packet(PacketType.PROPOSAL, Zxid.make(1, 2), TxnPayload.encode(create(Zxid.make(1, 2)))));
        l.onPacket(1, packet(PacketType.COMMIT, Zxid.make(1, 2), null));
        l.onPacket(1, packet(PacketType.NEWLEADER, E2, new byte[0]));
        assertThat(describe(l.drain())).containsExactly("append 0x100000002", "apply 0x100000002");

        l.persisted(Zxid.make(1, 2));
        assertThat(describe(l.drain())).containsExactly("currentEpoch 2", "send 1 ACK 0x200000000");

        l.onPacket(1, packet(PacketType.UPTODATE, -1, null));
        assertThat(describe(l.drain())).containsExactly("send 1 ACK 0x200000000", "synced 2 DIFF");
        assertThat(l.isServing()).isTrue();
    }

    @Test
    void truncSyncDropsTheUncommittedTailFirst() {
        ZabLearner l = follower(1, 1, Zxid.make(1, 7));
        l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        l.drain();
        l.onPacket(1, packet(PacketType.TRUNC, Zxid.make(1, 5), null));
        l.onPacket(1, packet(PacketType.NEWLEADER, E2, new byte[0]));
        assertThat(describe(l.drain())).containsExactly("truncate 0x100000005", "currentEpoch 2",
                "send 1 ACK 0x200000000");
    }

    @Test
    void snapSyncInstallsTheSnapshotBeforeTheTxnsAfterIt() {
        ZabLearner l = follower(1, 1, Zxid.make(1, 1));
        l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        l.drain();
        l.onPacket(1, packet(PacketType.SNAP, Zxid.make(1, 9), new byte[] {7}));
        l.onPacket(1, packet(PacketType.PROPOSAL, Zxid.make(1, 10), TxnPayload.encode(create(Zxid.make(1, 10)))));
        l.onPacket(1, packet(PacketType.COMMIT, Zxid.make(1, 10), null));
        l.onPacket(1, packet(PacketType.NEWLEADER, E2, new byte[0]));
        assertThat(describe(l.drain())).containsExactly("snapshot 0x100000009", "append 0x10000000a",
                "apply 0x10000000a");
    }

    @Test
    void aLearnerThatNeedsASnapshotReportsZxidZeroAndTakesNothingElse() {
        for (int type : new int[] {PacketType.DIFF, PacketType.TRUNC}) {
            ZabLearner l = new ZabLearner(Fixtures.three(2), 1, false, new DurableState(1, 1, Zxid.make(1, 9)));
            l.requireSnapshot();
            l.connected(1);
            l.drain();
            l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
            assertThat(describe(l.drain())).containsExactly("acceptedEpoch 2", "send 1 ACKEPOCH 0x0");
            l.onPacket(1, packet(type, Zxid.make(1, 5), null));
            assertThat(describe(l.drain())).as(PacketType.name(type)).containsExactly("election");
            assertThat(l.isStopped()).isTrue();
        }
        ZabLearner l = new ZabLearner(Fixtures.three(2), 1, false, new DurableState(1, 1, Zxid.make(1, 9)));
        l.requireSnapshot();
        l.connected(1);
        l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        l.drain();
        l.onPacket(1, packet(PacketType.SNAP, Zxid.make(1, 5), new byte[] {7}));
        assertThat(describe(l.drain())).containsExactly("snapshot 0x100000005");
        assertThat(l.isStopped()).isFalse();
    }

    @Test
    void broadcastAcksOnlyDurableProposalsAndAppliesCommitsInOrder() {
        ZabLearner l = serving();
        long z1 = Zxid.make(2, 1);
        long z2 = Zxid.make(2, 2);
        l.onPacket(1, packet(PacketType.PROPOSAL, z1, TxnPayload.encode(create(z1))));
        l.onPacket(1, packet(PacketType.PROPOSAL, z2, TxnPayload.encode(create(z2))));
        assertThat(describe(l.drain())).containsExactly("append 0x200000001", "append 0x200000002");
        l.persisted(z1);
        assertThat(describe(l.drain())).containsExactly("send 1 ACK 0x200000001");
        l.onPacket(1, packet(PacketType.COMMIT, z1, null));
        l.persisted(z2);
        assertThat(describe(l.drain())).containsExactly("apply 0x200000001", "send 1 ACK 0x200000002");
        l.onPacket(1, packet(PacketType.COMMIT, Zxid.make(2, 5), null));
        assertThat(describe(l.drain())).containsExactly("election");
    }

    @Test
    void answersPingAndDropsASilentLeaderAfterSyncLimit() {
        ZabLearner l = serving();
        l.onPacket(1, packet(PacketType.PING, Zxid.make(2, 0), null));
        assertThat(describe(l.drain())).containsExactly("send 1 PING 0x200000000");
        for (int i = 0; i < 3; i++) {
            l.tick();
        }
        assertThat(l.drain()).isEmpty();
        l.tick();
        assertThat(describe(l.drain())).containsExactly("election");
    }

    @Test
    void pingReplyCarriesTheSessionTouchesAndSyncRepliesGoToTheServer() {
        ZabLearner l = serving();
        l.setPingPayload(() -> new byte[] {0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0x75, 0x30});
        l.onPacket(1, packet(PacketType.PING, Zxid.make(2, 3), null));
        l.onPacket(1, packet(PacketType.SYNC, 0, null));
        List<ZabOutput> out = l.drain();
        assertThat(describe(out)).containsExactly("send 1 PING 0x200000003", "deliver 1 SYNC");
        assertThat(((ZabOutput.Send) out.get(0)).packet().data()).hasSize(12);
    }

    @Test
    void recoveredEpochsNeverBlockARestart() {
        // txns of epoch 3 are durable but the currentEpoch write was lost: the log is leader 3's prefix
        assertThat(DurableState.recovered(3, 2, Zxid.make(3, 4))).isEqualTo(new DurableState(3, 3, Zxid.make(3, 4)));
        // both epoch files missing
        assertThat(DurableState.recovered(0, 0, Zxid.make(2, 1))).isEqualTo(new DurableState(2, 2, Zxid.make(2, 1)));
        assertThat(DurableState.recovered(5, 4, Zxid.make(4, 9))).isEqualTo(new DurableState(5, 4, Zxid.make(4, 9)));
    }

    @Test
    void observerLearnsFromInform() {
        ZabLearner o = new ZabLearner(Fixtures.three(9), 1, true, new DurableState(1, 1, Zxid.make(1, 1)));
        o.connected(1);
        assertThat(describe(o.drain())).containsExactly("send 1 OBSERVERINFO 0x100000000");
        o.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        o.onPacket(1, packet(PacketType.DIFF, Zxid.make(1, 1), null));
        o.onPacket(1, packet(PacketType.NEWLEADER, E2, new byte[0]));
        o.onPacket(1, packet(PacketType.UPTODATE, -1, null));
        o.drain();
        long z = Zxid.make(2, 1);
        o.onPacket(1, packet(PacketType.INFORM, z, TxnPayload.encode(create(z))));
        assertThat(describe(o.drain())).containsExactly("append 0x200000001", "apply 0x200000001");
    }

    @Test
    void garbageFromTheLeaderEndsTheRoleWithoutThrowing() {
        ZabLearner l = serving();
        l.onPacket(1, packet(PacketType.PROPOSAL, Zxid.make(2, 1), new byte[] {1, 2, 3}));
        assertThat(describe(l.drain())).containsExactly("election");
    }

    private ZabLearner serving() {
        ZabLearner l = follower(1, 1, Zxid.make(1, 1));
        l.onPacket(1, packet(PacketType.LEADERINFO, E2, Outbox.intBytes(0x10000)));
        l.onPacket(1, packet(PacketType.DIFF, Zxid.make(1, 1), null));
        l.onPacket(1, packet(PacketType.NEWLEADER, E2, new byte[0]));
        l.onPacket(1, packet(PacketType.UPTODATE, -1, null));
        assertThat(l.isServing()).isTrue();
        l.drain();
        return l;
    }
}
