package dev.paddock.quorum.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.zab.PacketType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.jute.BinaryInputArchive;
import org.junit.jupiter.api.Test;

/** The forwarding payloads, read the way ZooKeeper's LearnerHandler and Learner read them. */
class LearnerRequestCodecTest {
    @Test
    void aForwardedCreateIsWhatZooKeepersLeaderParses() throws IOException {
        byte[] data = LearnerRequestCodec.encode(0x100000000000abcL, 42, OpCode.CREATE,
                new CreateRequest("/a/b", new byte[] {1, 2}, DataTree.OPEN_ACL, CreateMode.EPHEMERAL.flag));
        ByteBuffer bb = ByteBuffer.wrap(data);
        assertThat(bb.getLong()).isEqualTo(0x100000000000abcL);
        assertThat(bb.getInt()).isEqualTo(42);
        assertThat(bb.getInt()).isEqualTo(org.apache.zookeeper.ZooDefs.OpCode.create);
        org.apache.zookeeper.proto.CreateRequest zk = new org.apache.zookeeper.proto.CreateRequest();
        zk.deserialize(BinaryInputArchive.getArchive(new ByteArrayInputStream(data, 16, data.length - 16)), "request");
        assertThat(zk.getPath()).isEqualTo("/a/b");
        assertThat(zk.getData()).containsExactly(1, 2);
        assertThat(zk.getFlags()).isEqualTo(org.apache.zookeeper.CreateMode.EPHEMERAL.toFlag());

        LearnerRequestCodec.Forwarded back = LearnerRequestCodec.decode(data);
        assertThat(back.op()).isEqualTo(OpCode.CREATE);
        assertThat(((CreateRequest) back.body()).path()).isEqualTo("/a/b");
    }

    @Test
    void revalidateAndPingPayloadsAreZooKeepersDataStreamLayouts() throws IOException {
        ForwardingGateway g = new ForwardingGateway();
        g.revalidate(0x200000000000001L, 12_000, 0);
        QuorumPacket revalidate = g.takeOutbox().get(0);
        assertThat(revalidate.type()).isEqualTo(PacketType.REVALIDATE);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(revalidate.data()));
        assertThat(in.readLong()).isEqualTo(0x200000000000001L);
        assertThat(in.readInt()).isEqualTo(12_000);
        assertThat(in.available()).isZero();

        byte[] reply = LearnerRequestCodec.encodeRevalidateReply(0x200000000000001L, true);
        DataInputStream r = new DataInputStream(new ByteArrayInputStream(reply));
        assertThat(r.readLong()).isEqualTo(0x200000000000001L);
        assertThat(r.readBoolean()).isTrue();

        g.touch(7, 4000, 0);
        g.touch(9, 6000, 0);
        QuorumPacket ping = g.pingReply(new QuorumPacket(PacketType.PING, 0x1_0000_0005L, null, null));
        assertThat(ping.zxid()).isEqualTo(0x1_0000_0005L);
        assertThat(LearnerRequestCodec.decodeTouches(ping.data())).containsExactly(Map.entry(7L, 4000),
                Map.entry(9L, 6000));
        assertThat(g.touchedSessions()).as("a PING reply reports each touch once").isEmpty();
    }

    @Test
    void malformedPayloadsAreRefusedWithAClearError() {
        assertThatThrownBy(() -> LearnerRequestCodec.decode(new byte[] {1, 2, 3})).isInstanceOf(JuteException.class);
        byte[] unknownType = ByteBuffer.allocate(16).putLong(1).putInt(1).putInt(12345).array();
        assertThatThrownBy(() -> LearnerRequestCodec.decode(unknownType)).isInstanceOf(JuteException.class)
                .hasMessageContaining("12345");
        assertThatThrownBy(() -> LearnerRequestCodec.decodeTouches(new byte[13])).isInstanceOf(JuteException.class);
        byte[] readForwarded = LearnerRequestCodec.encode(1, 1, OpCode.GET_DATA,
                new dev.paddock.jute.proto.GetDataRequest("/", false));
        LearnerRequests intake = new LearnerRequests(new dev.paddock.core.pipeline.LeaderPipeline(
                dev.paddock.core.CoreConfig.defaults(), new DataTree(),
                dev.paddock.core.pipeline.ZxidSource.forEpoch(1), Map.of(), 0));
        assertThatThrownBy(() -> intake.onRequest(2, new QuorumPacket(PacketType.REQUEST, -1, readForwarded, null), 0))
                .isInstanceOf(JuteException.class).hasMessageContaining("not a write");
    }
}
