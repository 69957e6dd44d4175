package dev.paddock.quorum.election;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.quorum.election.NotificationCodec.DecodeResult;
import dev.paddock.quorum.election.NotificationCodec.Decoded;
import dev.paddock.quorum.election.NotificationCodec.Malformed;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.apache.zookeeper.server.quorum.FastLeaderElection;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.junit.jupiter.api.Test;

class NotificationCodecTest {

    private static final byte[] CONFIG =
        "server.1=127.0.0.1:2888:3888:participant;0.0.0.0:2181\nversion=0".getBytes(UTF_8);

    /** ZooKeeper's package-private {@code FastLeaderElection.buildMsg} with config data: what a 3.9 server sends. */
    static byte[] zkBuildMsg(int state, long leader, long zxid, long electionEpoch, long epoch, byte[] config)
        throws Exception {
        Method m = FastLeaderElection.class.getDeclaredMethod("buildMsg", int.class, long.class, long.class,
            long.class, long.class, byte[].class);
        m.setAccessible(true);
        return ((ByteBuffer) m.invoke(null, state, leader, zxid, electionEpoch, epoch, config)).array();
    }

    /** The 40-byte variant (version word 1, no config) ZooKeeper keeps for tests and old peers. */
    static byte[] zkBuildMsg40(int state, long leader, long zxid, long electionEpoch, long epoch) throws Exception {
        Method m = FastLeaderElection.class.getDeclaredMethod("buildMsg", int.class, long.class, long.class,
            long.class, long.class);
        m.setAccessible(true);
        return ((ByteBuffer) m.invoke(null, state, leader, zxid, electionEpoch, epoch)).array();
    }

    private static Notification decoded(byte[] bytes) {
        DecodeResult r = NotificationCodec.decode(bytes);
        assertThat(r).isInstanceOf(Decoded.class);
        return ((Decoded) r).notification();
    }

    private static String malformed(byte[] bytes) {
        DecodeResult r = NotificationCodec.decode(bytes);
        assertThat(r).isInstanceOf(Malformed.class);
        return ((Malformed) r).reason();
    }

    @Test
    void stateCodesAreZooKeepersOrdinals() {
        for (QuorumPeer.ServerState zk : QuorumPeer.ServerState.values()) {
            ServerState ours = ServerState.valueOf(zk.name());
            assertThat(ours.wireCode()).isEqualTo(zk.ordinal());
            assertThat(ServerState.fromWireCode(zk.ordinal())).isSameAs(ours);
        }
        assertThat(ServerState.values()).hasSize(QuorumPeer.ServerState.values().length);
        assertThat(ServerState.fromWireCode(4)).isNull();
        assertThat(ServerState.fromWireCode(-1)).isNull();
    }

    @Test
    void exactBytesOfACurrentNotification() {
        Notification n = Notification.of(ServerState.LEADING, 3, 0x0000000500000007L, 0x11, 5, "ab".getBytes(UTF_8));
        assertThat(HexFormat.of().formatHex(NotificationCodec.encode(n))).isEqualTo(
            "00000002" + "0000000000000003" + "0000000500000007" + "0000000000000011" + "0000000000000005"
                + "00000002" + "00000002" + "6162");
    }

    @Test
    void encodeMatchesZooKeeperForEveryStateAndRandomValues() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            ServerState state = ServerState.values()[random.nextInt(4)];
            long leader = random.nextLong();
            long zxid = random.nextLong();
            long round = random.nextLong();
            long epoch = random.nextLong();
            byte[] config = i % 3 == 0 ? new byte[0] : Arrays.copyOf(CONFIG, random.nextInt(CONFIG.length + 1));
            Notification n = Notification.of(state, leader, zxid, round, epoch, config);
            byte[] ours = NotificationCodec.encode(n);
            assertThat(ours).isEqualTo(zkBuildMsg(state.ordinal(), leader, zxid, round, epoch, config));
            assertThat(decoded(ours)).isEqualTo(n);
        }
    }

    @Test
    void fortyByteMessagesIgnoreTheirVersionWord() throws Exception {
        // ZooKeeper reads a 40-byte message as the pre-3.4.6 format: the trailing int is not read, version is 0
        Notification n = decoded(zkBuildMsg40(1, 2, 0x300000004L, 9, 3));
        assertThat(n).isEqualTo(new Notification(ServerState.FOLLOWING, 2, 0x300000004L, 9, 3, 0, new byte[0]));
    }

    @Test
    void twentyEightByteMessagesTakeThePeerEpochFromTheZxid() {
        ByteBuffer b = ByteBuffer.allocate(28).putInt(0).putLong(7).putLong(0x0000000900000001L).putLong(4);
        Notification n = decoded(b.array());
        assertThat(n).isEqualTo(new Notification(ServerState.LOOKING, 7, 0x900000001L, 4, 9, 0, new byte[0]));
        // an arithmetic shift, as ZxidUtils.getEpochFromZxid
        ByteBuffer neg = ByteBuffer.allocate(28).putInt(0).putLong(7).putLong(-1L).putLong(4);
        assertThat(decoded(neg.array()).peerEpoch()).isEqualTo(-1L);
    }

    @Test
    void versionOneWithMoreThanFortyBytesHasNoConfigAndIgnoresTrailingBytes() {
        ByteBuffer b = ByteBuffer.allocate(47).putInt(2).putLong(1).putLong(2).putLong(3).putLong(4).putInt(1);
        assertThat(decoded(b.array())).isEqualTo(new Notification(ServerState.LEADING, 1, 2, 3, 4, 1, new byte[0]));
    }

    @Test
    void trailingBytesAfterTheConfigAreIgnored() {
        byte[] encoded = NotificationCodec.encode(Notification.of(ServerState.LOOKING, 1, 2, 3, 4, CONFIG));
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 5);
        assertThat(decoded(longer).config()).isEqualTo(CONFIG);
    }

    @Test
    void whichLengthsAreAccepted() {
        // a LOOKING header with version 2 and an empty config, cut to every length: exactly ZooKeeper's rules
        byte[] full = NotificationCodec.encode(Notification.of(ServerState.LOOKING, 1, 2, 3, 4, new byte[0]));
        for (int length = 0; length <= full.length; length++) {
            DecodeResult r = NotificationCodec.decode(Arrays.copyOf(full, length));
            boolean accepted = length == 28 || length == 40 || length == 44;
            assertThat(r instanceof Decoded).as("length %d", length).isEqualTo(accepted);
        }
        assertThat(malformed(new byte[27])).contains("short");
        assertThat(malformed(null)).contains("no bytes");
    }

    @Test
    void badConfigLengthsAndStatesAreMalformedNotExceptions() {
        ByteBuffer negative = ByteBuffer.allocate(50).putInt(0).putLong(1).putLong(2).putLong(3).putLong(4)
            .putInt(2).putInt(-1);
        assertThat(malformed(negative.array())).contains("invalid config length -1");
        ByteBuffer huge = ByteBuffer.allocate(50).putInt(0).putLong(1).putLong(2).putLong(3).putLong(4)
            .putInt(2).putInt(Integer.MAX_VALUE);
        assertThat(malformed(huge.array())).contains("invalid config length");
        ByteBuffer past = ByteBuffer.allocate(50).putInt(0).putLong(1).putLong(2).putLong(3).putLong(4)
            .putInt(2).putInt(7);
        assertThat(malformed(past.array())).contains("only 6 bytes left");
        byte[] badState = NotificationCodec.encode(Notification.of(ServerState.LOOKING, 1, 2, 3, 4, CONFIG));
        badState[3] = 9;
        assertThat(malformed(badState)).contains("unknown state 9");
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(7);
        int decodedCount = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[random.nextInt(80)];
            random.nextBytes(junk);
            if (random.nextBoolean() && junk.length >= 4) {
                junk[0] = 0;
                junk[1] = 0;
                junk[2] = 0;
                junk[3] = (byte) random.nextInt(4);
            }
            if (NotificationCodec.decode(junk) instanceof Decoded) {
                decodedCount++;
            }
        }
        assertThat(decodedCount).isPositive();
    }
}
