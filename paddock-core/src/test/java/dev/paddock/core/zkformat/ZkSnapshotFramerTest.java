package dev.paddock.core.zkformat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZkSnapshotFramerTest {
    private static final byte[] NEXT_PACKET = {0, 0, 0, 10, 1, 2, 3};

    private static byte[] syncBody() throws Exception {
        TwinTrees t = TwinTrees.rich();
        JuteOutput out = new JuteOutput();
        ZkSnapshotFormat.writeSync(t.mine, t.sessions, out);
        return out.toByteArray();
    }

    @Test
    void findsTheEndInAnyChunkingAndLeavesTheNextPacket() throws Exception {
        byte[] body = syncBody();
        byte[] stream = Arrays.copyOf(body, body.length + NEXT_PACKET.length);
        System.arraycopy(NEXT_PACKET, 0, stream, body.length, NEXT_PACKET.length);
        long seed = 0x5eed0002L;
        Random random = new Random(seed);
        for (int round = 0; round < 20; round++) {
            ZkSnapshotFramer framer = new ZkSnapshotFramer(ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES, 1 << 24);
            int off = 0;
            int consumed = 0;
            int maxChunk = round == 0 ? 1 : 1 + random.nextInt(5000);
            while (!framer.isComplete()) {
                assertThat(off).as("seed %d round %d: stream ended before the snapshot", seed, round)
                        .isLessThan(stream.length);
                int len = Math.min(stream.length - off, 1 + random.nextInt(maxChunk));
                consumed += framer.offer(stream, off, len);
                off += len;
            }
            assertThat(consumed).isEqualTo(body.length);
            assertThat(framer.body()).isEqualTo(body);
        }
        ZkSnapshotFramer framer = new ZkSnapshotFramer(ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES, 1 << 24);
        framer.offer(stream, 0, stream.length);
        DataTree tree = ZkSnapshotFormat.readSync(new JuteInput(framer.body()), 5, 1 << 20).tree();
        assertThat(tree.nodeCount()).isEqualTo(TwinTrees.rich().mine.nodeCount());
    }

    @Test
    void incompleteStreamIsNotComplete() throws Exception {
        byte[] body = syncBody();
        ZkSnapshotFramer framer = new ZkSnapshotFramer(ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES, 1 << 24);
        assertThat(framer.offer(body, 0, body.length - 1)).isEqualTo(body.length - 1);
        assertThat(framer.isComplete()).isFalse();
        assertThatThrownBy(framer::body).isInstanceOf(IllegalStateException.class);
        assertThat(framer.offer(body, body.length - 1, 1)).isEqualTo(1);
        assertThat(framer.isComplete()).isTrue();
    }

    @Test
    void limitsAndGarbageFailClearly() throws Exception {
        byte[] body = syncBody();
        assertThatThrownBy(() -> new ZkSnapshotFramer(1 << 20, 1000).offer(body, 0, body.length))
                .isInstanceOf(JuteException.class).hasMessageContaining("over 1000 bytes");
        assertThatThrownBy(() -> new ZkSnapshotFramer(100, 1 << 24).offer(body, 0, body.length))
                .isInstanceOf(JuteException.class).hasMessageContaining("limit 100");
        byte[] negative = {(byte) 0xff, 0, 0, 0};
        assertThatThrownBy(() -> new ZkSnapshotFramer(100, 1 << 24).offer(negative, 0, 4))
                .isInstanceOf(JuteException.class).hasMessageContaining("negative count");
    }

    @Test
    void zooKeepersOwnStreamFrames() throws Exception {
        TwinTrees t = TwinTrees.rich();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        org.apache.jute.BinaryOutputArchive oa = org.apache.jute.BinaryOutputArchive.getArchive(bytes);
        org.apache.zookeeper.server.util.SerializeUtils.serializeSnapshot(t.zk, oa, t.sessions);
        oa.writeString("BenWasHere", "signature");
        byte[] body = bytes.toByteArray();
        ZkSnapshotFramer framer = new ZkSnapshotFramer(ZkSnapshotFormat.DEFAULT_MAX_FIELD_BYTES, 1 << 24);
        assertThat(framer.offer(body, 0, body.length)).isEqualTo(body.length);
        assertThat(framer.isComplete()).isTrue();
        assertThat(ZkSnapshotFormat.readSync(new JuteInput(framer.body()), 1, 1 << 20).sessionTimeoutsMs())
                .isEqualTo(Map.copyOf(t.sessions));
    }
}
