package dev.paddock.server.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.quorum.QuorumPacket;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated, corrupted and oversized quorum-port input ends in a clear QuorumWireException and nothing else. */
class QuorumWireFuzzTest {
    private static final QuorumLimits LIMITS = new QuorumLimits(64 * 1024, 64, 1 << 20, 1 << 20);

    private static byte[] snapshot(int nodes) {
        JuteOutput out = new JuteOutput();
        FakeSnapshot.sample(nodes).write(out);
        return out.toByteArray();
    }

    @Test
    void everyPrefixOfASnapshotIsReportedAsTruncated() throws Exception {
        byte[] body = snapshot(20);
        assertThat(SnapStreamCopier.copy(new DataInputStream(new ByteArrayInputStream(body)), LIMITS))
                .isEqualTo(body);
        for (int len = 0; len < body.length; len++) {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(Arrays.copyOf(body, len)));
            assertThatThrownBy(() -> SnapStreamCopier.copy(in, LIMITS)).as("prefix of %d bytes", len)
                    .isInstanceOf(QuorumWireException.class).hasMessageContaining("ended inside the snapshot");
        }
    }

    @Test
    void aSnapshotOverItsLimitIsRefused() {
        byte[] body = snapshot(40_000);
        assertThat(body.length).isGreaterThan(LIMITS.maxSnapshotBytes());
        assertThatThrownBy(() -> SnapStreamCopier.copy(new DataInputStream(new ByteArrayInputStream(body)), LIMITS))
                .isInstanceOf(QuorumWireException.class).hasMessageContaining("snapshot larger than 1048576 bytes");
    }

    @Test
    void corruptedStreamsFailCleanly() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        ByteArrayOutputStream packets = new ByteArrayOutputStream();
        for (QuorumPacket p : QuorumPortZooKeeperCompatTest.samples()) {
            if (p.data() == null || p.data().length <= LIMITS.maxFieldBytes()) {
                packets.write(QuorumPortWire.encode(p));
            }
        }
        List<byte[]> valid = List.of(packets.toByteArray(), snapshot(50));
        for (int round = 0; round < 2000; round++) {
            byte[] stream = valid.get(round % 2).clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                stream[random.nextInt(stream.length)] = (byte) random.nextInt(256);
            }
            try {
                if (round % 2 == 0) {
                    QuorumPacketDecoder d = new QuorumPacketDecoder(new ByteArrayInputStream(stream), LIMITS);
                    while (d.read() != null) {
                        // every packet that decodes is fine; only the way it fails matters
                    }
                } else {
                    SnapStreamCopier.copy(new DataInputStream(new ByteArrayInputStream(stream)), LIMITS);
                }
            } catch (QuorumWireException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (Throwable t) {
                fail("seed " + seed + " round " + round + ": " + t, t);
            }
        }
    }
}
