package dev.paddock.quorum.zab;

import static dev.paddock.quorum.zab.Fixtures.ackEpoch;
import static dev.paddock.quorum.zab.Fixtures.create;
import static dev.paddock.quorum.zab.Fixtures.describe;
import static dev.paddock.quorum.zab.Fixtures.followerInfo;
import static dev.paddock.quorum.zab.Fixtures.packet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The leader's side of a reconfiguration, without sockets: while it is in flight every proposal needs a majority of
 * the old voters and of the new ones; its commit is COMMITANDACTIVATE (INFORMANDACTIVATE for observers) naming the
 * designated leader; a joiner that does not vote yet is taken as a follower and its acks count once it votes.
 */
class ZabReconfigTest {
    private static final long E3 = Zxid.make(3, 0);

    /** Voters 1, 2, 3; this is 1; history ends at 0x200000001. */
    private static ZabLeader established(long... learners) {
        ZabLeader l = new ZabLeader(Fixtures.three(1), new DurableState(2, 2, Zxid.make(2, 1)),
                InMemorySyncSource.of(List.of(create(Zxid.make(2, 1)))));
        for (long sid : learners) {
            l.onPacket(sid, followerInfo(sid, 2));
            l.onPacket(sid, ackEpoch(Zxid.make(2, 1), 2));
            l.onPacket(sid, packet(PacketType.ACK, E3, null));
        }
        l.drain();
        assertThat(l.isEstablished()).isTrue();
        return l;
    }

    private static LoggedTxn reconfig(long zxid, String members) {
        String text = members + "version=" + Long.toHexString(zxid);
        return new LoggedTxn(new TxnHeader(1, 1, zxid, 0, OpCode.RECONFIG.code),
                new SetDataTxn("/zookeeper/config", text.getBytes(StandardCharsets.UTF_8), -1));
    }

    private static String line(long sid) {
        return "server." + sid + "=h" + sid + ":2888:3888:participant;2181\n";
    }

    @Test
    void aNonVotingJoinerIsSyncedAndItsAcksCountOnceTheNewConfigurationNeedsThem() {
        ZabLeader l = established(2, 4); // 4 is not a voter of 1, 2, 3: a joiner
        assertThat(l.syncedFollowerSids()).containsExactlyInAnyOrder(2L, 4L);
        LoggedTxn grow = reconfig(Zxid.make(3, 1), line(1) + line(2) + line(3) + line(4));
        assertThat(l.propose(grow)).isTrue();
        assertThat(describe(l.drain())).containsExactly("append 0x300000001", "send 2 PROPOSAL 0x300000001",
                "send 4 PROPOSAL 0x300000001");
        l.persisted(grow.zxid());
        l.onPacket(2, packet(PacketType.ACK, grow.zxid(), null));
        // 1 and 2 are a majority of 1, 2, 3 but not of 1, 2, 3, 4
        assertThat(l.drain()).isEmpty();
        l.onPacket(4, packet(PacketType.ACK, grow.zxid(), null));
        List<ZabOutput> out = l.drain();
        assertThat(describe(out)).containsExactly("send 2 COMMITANDACTIVATE 0x300000001",
                "send 4 COMMITANDACTIVATE 0x300000001", "apply 0x300000001", "activate 0x300000001 leader 1");
        assertThat(ByteBuffer.wrap(((ZabOutput.Send) out.get(0)).packet().data()).getLong()).isEqualTo(1);

        // from now on a majority of 1, 2, 3, 4 is needed: three acks
        LoggedTxn next = create(Zxid.make(3, 2));
        l.propose(next);
        l.persisted(next.zxid());
        l.onPacket(2, packet(PacketType.ACK, next.zxid(), null));
        assertThat(describe(l.drain())).containsExactly("append 0x300000002", "send 2 PROPOSAL 0x300000002",
                "send 4 PROPOSAL 0x300000002");
        l.onPacket(4, packet(PacketType.ACK, next.zxid(), null));
        assertThat(describe(l.drain())).containsExactly("send 2 COMMIT 0x300000002", "send 4 COMMIT 0x300000002",
                "apply 0x300000002");
    }

    @Test
    void proposalsAfterAPendingReconfigurationWaitForBothQuorums() {
        ZabLeader l = established(2, 3);
        LoggedTxn shrink = reconfig(Zxid.make(3, 1), line(1) + line(3)); // 2 leaves
        LoggedTxn after = create(Zxid.make(3, 2));
        l.propose(shrink);
        l.propose(after);
        l.persisted(after.zxid());
        l.drain();
        // 1 and 2 are a majority of the old voters, but 1 alone is not a majority of 1, 3
        l.onPacket(2, packet(PacketType.ACK, shrink.zxid(), null));
        l.onPacket(2, packet(PacketType.ACK, after.zxid(), null));
        assertThat(l.drain()).isEmpty();
        l.onPacket(3, packet(PacketType.ACK, shrink.zxid(), null));
        assertThat(describe(l.drain())).containsExactly("send 2 COMMITANDACTIVATE 0x300000001",
                "send 3 COMMITANDACTIVATE 0x300000001", "apply 0x300000001", "activate 0x300000001 leader 1");
        l.onPacket(3, packet(PacketType.ACK, after.zxid(), null));
        assertThat(describe(l.drain())).containsExactly("send 2 COMMIT 0x300000002", "send 3 COMMIT 0x300000002",
                "apply 0x300000002");
    }

    @Test
    void aLeaderThatLeavesDesignatesTheNewVoterThatAckedAndObserversGetTheTxnWithIt() {
        ZabLeader l = established(2, 3);
        l.onPacket(9, Fixtures.observerInfo(9, 2));
        l.onPacket(9, ackEpoch(Zxid.make(2, 1), 2));
        l.onPacket(9, packet(PacketType.ACK, E3, null));
        l.drain();
        LoggedTxn without1 = reconfig(Zxid.make(3, 1), line(2) + line(3));
        l.propose(without1);
        l.persisted(without1.zxid());
        l.onPacket(3, packet(PacketType.ACK, without1.zxid(), null));
        assertThat(l.drain()).hasSize(3); // append, proposal to 2 and 3; 1 and 3 are no majority of 2, 3
        l.onPacket(2, packet(PacketType.ACK, without1.zxid(), null));
        List<ZabOutput> out = l.drain();
        assertThat(describe(out)).containsExactly("send 2 COMMITANDACTIVATE 0x300000001",
                "send 3 COMMITANDACTIVATE 0x300000001", "send 9 INFORMANDACTIVATE 0x300000001",
                "apply 0x300000001", "activate 0x300000001 leader 2");
        byte[] inform = ((ZabOutput.Send) out.get(2)).packet().data();
        assertThat(ByteBuffer.wrap(inform).getLong()).isEqualTo(2);
        assertThat(TxnPayload.decode(java.util.Arrays.copyOfRange(inform, 8, inform.length)).zxid())
                .isEqualTo(without1.zxid());
        assertThat(Set.of(2L, 3L)).containsAll(l.syncedFollowerSids());
    }
}
