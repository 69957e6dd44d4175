package dev.paddock.quorum.zab;

import static dev.paddock.quorum.zab.Fixtures.create;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.quorum.QuorumPacket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Set;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.server.TxnLogEntry;
import org.apache.zookeeper.server.quorum.Leader;
import org.apache.zookeeper.server.quorum.LearnerInfo;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.apache.zookeeper.txn.CreateTxn;
import org.junit.jupiter.api.Test;

/** The packets our Zab roles emit, read back by ZooKeeper 3.9.3's own classes (test-scope oracle). */
class ZabWireCompatTest {

    private static org.apache.zookeeper.server.quorum.QuorumPacket asZk(QuorumPacket p) throws Exception {
        org.apache.zookeeper.server.quorum.QuorumPacket zk = new org.apache.zookeeper.server.quorum.QuorumPacket();
        zk.deserialize(BinaryInputArchive.getArchive(new DataInputStream(new ByteArrayInputStream(p.toBytes()))),
                "packet");
        return zk;
    }

    private static QuorumPacket firstSend(List<ZabOutput> outs, int type) {
        return outs.stream().filter(o -> o instanceof ZabOutput.Send s && s.packet().type() == type)
                .map(o -> ((ZabOutput.Send) o).packet()).findFirst().orElseThrow();
    }

    @Test
    void packetTypeNumbersAreZooKeepers() throws Exception {
        String[] names = {"REQUEST", "PROPOSAL", "ACK", "COMMIT", "PING", "REVALIDATE", "SYNC", "INFORM",
            "COMMITANDACTIVATE", "NEWLEADER", "FOLLOWERINFO", "UPTODATE", "DIFF", "TRUNC", "SNAP", "OBSERVERINFO",
            "LEADERINFO", "ACKEPOCH", "INFORMANDACTIVATE"};
        for (String name : names) {
            Field zk = Leader.class.getDeclaredField(name);
            zk.setAccessible(true);
            int ours = PacketType.class.getField(name).getInt(null);
            assertThat(ours).as(name).isEqualTo(zk.getInt(null));
            assertThat(PacketType.name(ours)).isEqualTo(name);
        }
    }

    @Test
    void followerInfoAndAckEpochReadAsZooKeeperReadsThem() throws Exception {
        ZabConfig cfg = new ZabConfig(2, Set.of(1L, 2L, 3L), Set.of(), 5, 3, new byte[0], 0x100000000L, Zxid.MAX_COUNTER);
        ZabLearner l = new ZabLearner(cfg, 1, false, new DurableState(4, 3, Zxid.make(3, 7)));
        l.connected(1);
        var info = asZk(firstSend(l.drain(), PacketType.FOLLOWERINFO));
        assertThat(info.getType()).isEqualTo(11);
        assertThat(info.getZxid()).isEqualTo(0x400000000L);
        LearnerInfo li = new LearnerInfo();
        li.deserialize(BinaryInputArchive.getArchive(new DataInputStream(new ByteArrayInputStream(info.getData()))),
                "LearnerInfo");
        assertThat(li.getServerid()).isEqualTo(2);
        assertThat(li.getProtocolVersion()).isEqualTo(0x10000);
        assertThat(li.getConfigVersion()).isEqualTo(0x100000000L);

        l.onPacket(1, new QuorumPacket(PacketType.LEADERINFO, Zxid.make(5, 0), Outbox.intBytes(0x10000), null));
        var ack = asZk(firstSend(l.drain(), PacketType.ACKEPOCH));
        assertThat(ack.getZxid()).isEqualTo(Zxid.make(3, 7));
        assertThat(ByteBuffer.wrap(ack.getData()).getInt()).isEqualTo(3); // the learner's currentEpoch
    }

    @Test
    void leaderInfoAndProposalReadAsZooKeeperReadsThem() throws Exception {
        LoggedTxn history = create(Zxid.make(1, 1));
        ZabLeader leader = new ZabLeader(Fixtures.three(1), new DurableState(1, 1, history.zxid()),
                InMemorySyncSource.of(List.of(history)));
        LearnerInfo li = new LearnerInfo(2, 0x10000, 0);
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        li.serialize(BinaryOutputArchive.getArchive(bos), "LearnerInfo");
        leader.onPacket(2, new QuorumPacket(PacketType.FOLLOWERINFO, Zxid.make(1, 0), bos.toByteArray(), null));
        var leaderInfo = asZk(firstSend(leader.drain(), PacketType.LEADERINFO));
        assertThat(leaderInfo.getZxid()).isEqualTo(Zxid.make(2, 0));
        assertThat(ByteBuffer.wrap(leaderInfo.getData()).getInt()).isEqualTo(0x10000);

        leader.onPacket(2, new QuorumPacket(Leader.ACKEPOCH, 0, Outbox.intBytes(0), null));
        List<ZabOutput> sync = leader.drain();
        var proposal = asZk(firstSend(sync, PacketType.PROPOSAL));
        TxnLogEntry entry = SerializeUtils.deserializeTxn(proposal.getData());
        assertThat(entry.getHeader().getZxid()).isEqualTo(history.zxid());
        assertThat(entry.getHeader().getType()).isEqualTo(history.header().type());
        assertThat(((CreateTxn) entry.getTxn()).getPath()).isEqualTo("/n100000001");
        assertThat(entry.getDigest()).isNull();
        assertThat(asZk(firstSend(sync, PacketType.NEWLEADER)).getZxid()).isEqualTo(Zxid.make(2, 0));
    }
}
