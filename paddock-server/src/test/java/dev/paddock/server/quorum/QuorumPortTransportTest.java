package dev.paddock.server.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.quorum.LearnerInfo;
import dev.paddock.jute.quorum.QuorumPacket;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The quorum-port transport over real loopback sockets. */
class QuorumPortTransportTest {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    static final int PROPOSAL = 2;
    static final int ACK = 3;
    static final int NEWLEADER = 10;
    static final int UPTODATE = 12;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    static QuorumTransportSettings settings() {
        return QuorumTransportSettings.zooKeeper(500, 10, 0);
    }

    static QuorumPacket followerInfo(long sid) {
        JuteOutput out = new JuteOutput();
        new LearnerInfo(sid, 0x10000, 0).write(out);
        return new QuorumPacket(QuorumPortWire.FOLLOWERINFO, 0x300000000L, out.toByteArray(), null);
    }

    static QuorumPacket packet(int type, long zxid, int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (zxid + i);
        }
        return new QuorumPacket(type, zxid, data, List.of(new Id("digest", "u" + zxid)));
    }

    static void assertSamePacket(QuorumPacket actual, QuorumPacket expected) {
        assertThat(actual.type()).isEqualTo(expected.type());
        assertThat(actual.zxid()).isEqualTo(expected.zxid());
        assertThat(actual.data()).isEqualTo(expected.data());
        assertThat(actual.authinfo()).isEqualTo(expected.authinfo());
    }

    <T extends AutoCloseable> T closeLater(T c) {
        toClose.add(c);
        return c;
    }

    LearnerAcceptor leader(QuorumEventRecorder events) throws IOException {
        return closeLater(LearnerAcceptor.start(List.of(ANY_LOOPBACK), settings(), events));
    }

    LeaderConnector learner(LearnerAcceptor leader, Consumer<QuorumEvent> events) {
        return closeLater(LeaderConnector.dial(1, leader.boundAddresses(), settings(), LeaderConnector.RAW_SNAPSHOT,
                events));
    }

    /**
     * The learner whose events are {@code learnerEvents} introduces itself as {@code sid}: returns the leader's side
     * of the connection, its FOLLOWERINFO taken from {@code leaderEvents}.
     */
    static QuorumConnection introduce(QuorumEventRecorder learnerEvents, QuorumEventRecorder leaderEvents, long sid)
            throws InterruptedException {
        assertThat(learnerEvents.next(QuorumEvent.Connected.class).connection().send(followerInfo(sid))).isTrue();
        QuorumConnection atLeader = leaderEvents.next(QuorumEvent.Connected.class).connection();
        assertSamePacket(leaderEvents.nextPacket(), followerInfo(sid));
        return atLeader;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("paddock-quorum-")));
    }

    @Test
    void leaderAndTwoLearnersExchangePacketsBothWaysInOrder() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        List<QuorumEventRecorder> learnerEvents = List.of(new QuorumEventRecorder(), new QuorumEventRecorder());
        List<QuorumConnection> toLeader = new ArrayList<>();
        List<QuorumConnection> toLearner = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            learner(leader, learnerEvents.get(i));
            QuorumConnection c = learnerEvents.get(i).next(QuorumEvent.Connected.class).connection();
            assertThat(c.side()).isEqualTo(QuorumConnection.Side.LEARNER);
            assertThat(c.sid()).isEqualTo(1);
            assertThat(c.send(followerInfo(2 + i))).isTrue();
            toLeader.add(c);
            QuorumConnection accepted = leaderEvents.next(QuorumEvent.Connected.class).connection();
            assertSamePacket(leaderEvents.nextPacket(), followerInfo(2 + i));
            assertThat(accepted.sid()).isEqualTo(2 + i);
            toLearner.add(accepted);
        }
        int n = 500;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 2; i++) {
                assertThat(toLearner.get(i).send(packet(PROPOSAL, k * 10L + i, k % 37))).isTrue();
                assertThat(toLeader.get(i).send(packet(ACK, k * 10L + i, k % 5))).isTrue();
            }
        }
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < n; k++) {
                assertSamePacket(learnerEvents.get(i).nextPacket(), packet(PROPOSAL, k * 10L + i, k % 37));
            }
        }
        List<List<QuorumPacket>> atLeader = List.of(new ArrayList<>(), new ArrayList<>());
        for (int m = 0; m < 2 * n; m++) {
            QuorumEvent.PacketReceived e = leaderEvents.next(QuorumEvent.PacketReceived.class);
            atLeader.get(toLearner.indexOf(e.connection())).add(e.packet());
        }
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < n; k++) {
                assertSamePacket(atLeader.get(i).get(k), packet(ACK, k * 10L + i, k % 5));
            }
        }
        assertThat(leader.connections()).containsExactlyInAnyOrderElementsOf(toLearner);
    }

    /** Records what a leader-side connection reports about its send queue. */
    static final class RecordingMeter implements SendQueueMeter {
        final List<long[]> taken = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<long[]> waited = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void taken(long sid, int stillQueued) {
            taken.add(new long[] {sid, stillQueued});
        }

        @Override
        public void waited(long sid, long waitedMs) {
            waited.add(new long[] {sid, waitedMs});
        }
    }

    @Test
    void closeAfterQueuedDeliversWhatWasQueuedThenEndsTheConnection() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        learner(leader, learnerEvents);
        QuorumConnection toLearner = introduce(learnerEvents, leaderEvents, 7);
        int n = 2_000; // more than the writer takes at once: most are still queued when the close comes
        for (int k = 0; k < n; k++) {
            assertThat(toLearner.send(packet(PROPOSAL, k, 100))).isTrue();
        }
        toLearner.closeAfterQueued("leaving after a reconfiguration", 10_000);
        assertThat(toLearner.isOpen()).isFalse();
        assertThat(toLearner.send(packet(PROPOSAL, n, 100))).as("nothing is queued after the close").isFalse();
        for (int k = 0; k < n; k++) {
            assertSamePacket(learnerEvents.nextPacket(), packet(PROPOSAL, k, 100));
        }
        assertThat(learnerEvents.next(QuorumEvent.Lost.class).connection().isOpen()).isFalse();
        assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).isEqualTo("leaving after a reconfiguration");
    }

    @Test
    void leaderSideReportsItsSendQueueUnderTheLearnersSidAndTimesOneItemInAThousand() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        learner(leader, learnerEvents);
        QuorumConnection toLearner = introduce(learnerEvents, leaderEvents, 7);
        RecordingMeter meter = new RecordingMeter();
        toLearner.measureSendQueue(meter);
        int n = 1001; // items 1 and 1001 are timed
        for (int k = 0; k < n; k++) {
            assertThat(toLearner.send(packet(PROPOSAL, k, 10))).isTrue();
        }
        for (int k = 0; k < n; k++) {
            learnerEvents.nextPacket();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(meter.taken).hasSize(n));
        assertThat(meter.taken).allSatisfy(t -> assertThat(t[0]).isEqualTo(7))
                .allSatisfy(t -> assertThat(t[1]).isBetween(0L, (long) n - 1));
        assertThat(meter.taken.get(n - 1)[1]).isZero(); // the last one leaves nothing behind it
        assertThat(meter.waited).hasSize(2).allSatisfy(w -> {
            assertThat(w[0]).isEqualTo(7);
            assertThat(w[1]).isBetween(0L, 10_000L);
        });
    }

    @Test
    void snapshotStreamWithSignatureIsReadBetweenPackets() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        // a reader that decodes the fake database and must end exactly where the stream does
        LeaderConnector connector = closeLater(LeaderConnector.dial(1, leader.boundAddresses(), settings(),
                FakeSnapshot::read, learnerEvents));
        QuorumConnection toLeader = learnerEvents.next(QuorumEvent.Connected.class).connection();
        toLeader.send(followerInfo(7));
        QuorumConnection toLearner = leaderEvents.next(QuorumEvent.Connected.class).connection();
        leaderEvents.nextPacket();

        FakeSnapshot db = FakeSnapshot.sample(300);
        toLearner.send(packet(17, 0x500000000L, 4));
        toLearner.sendSnapshot(0x4000000aaL, db::write);
        toLearner.send(packet(PROPOSAL, 0x4000000abL, 100));
        toLearner.send(new QuorumPacket(NEWLEADER, 0x500000000L, null, null));
        // the Zab layer's way: SNAP with the snapshot bytes as data
        JuteOutput raw = new JuteOutput();
        db.write(raw);
        toLearner.send(new QuorumPacket(QuorumPortWire.SNAP, 0x4000000acL, raw.toByteArray(), null));
        toLearner.send(new QuorumPacket(UPTODATE, -1, null, null));

        assertThat(learnerEvents.nextPacket().type()).isEqualTo(17);
        QuorumEvent.SnapshotReceived<?> snap = learnerEvents.next(QuorumEvent.SnapshotReceived.class);
        assertThat(snap.zxid()).isEqualTo(0x4000000aaL);
        assertThat(snap.snapshot()).isEqualTo(db);
        assertThat(snap.streamBytes()).isEqualTo(raw.size());
        assertSamePacket(learnerEvents.nextPacket(), packet(PROPOSAL, 0x4000000abL, 100));
        assertThat(learnerEvents.nextPacket().type()).isEqualTo(NEWLEADER);
        QuorumEvent.SnapshotReceived<?> again = learnerEvents.next(QuorumEvent.SnapshotReceived.class);
        assertThat(again.zxid()).isEqualTo(0x4000000acL);
        assertThat(again.snapshot()).isEqualTo(db);
        assertThat(learnerEvents.nextPacket().type()).isEqualTo(UPTODATE);
        assertThat(connector.connection()).contains(toLeader);
    }

    @Test
    void rawSnapshotReaderDeliversTheBytesAsTheyCame() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        learner(leader, learnerEvents);
        QuorumConnection toLearner = introduce(learnerEvents, leaderEvents, 3);
        JuteOutput raw = new JuteOutput();
        FakeSnapshot.sample(5000).write(raw);
        toLearner.sendSnapshot(0x100000001L, raw.toByteArray());
        toLearner.send(packet(PROPOSAL, 9, 3));
        QuorumEvent.SnapshotReceived<?> snap = learnerEvents.next(QuorumEvent.SnapshotReceived.class);
        assertThat((byte[]) snap.snapshot()).isEqualTo(raw.toByteArray());
        assertSamePacket(snap.toSnapPacket(),
                new QuorumPacket(QuorumPortWire.SNAP, 0x100000001L, raw.toByteArray(), null));
        assertSamePacket(learnerEvents.nextPacket(), packet(PROPOSAL, 9, 3));
    }

    @Test
    void garbageOrAnOversizeLengthClosesOnlyThatConnection() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder goodEvents = new QuorumEventRecorder();
        learner(leader, goodEvents);
        QuorumConnection good = goodEvents.next(QuorumEvent.Connected.class).connection();
        good.send(followerInfo(2));
        QuorumConnection goodAtLeader = leaderEvents.next(QuorumEvent.Connected.class).connection();
        leaderEvents.nextPacket();

        try (Socket bad = new Socket()) {
            bad.connect(leader.boundAddresses().get(0));
            DataOutputStream out = new DataOutputStream(bad.getOutputStream());
            out.writeInt(QuorumPortWire.FOLLOWERINFO);
            out.writeLong(1);
            out.writeInt(0x7fff0000); // claims a 2 GiB buffer
            out.flush();
            QuorumConnection badAtLeader = leaderEvents.next(QuorumEvent.Connected.class).connection();
            QuorumEvent.Lost lost = leaderEvents.next(QuorumEvent.Lost.class);
            assertThat(lost.connection()).isSameAs(badAtLeader);
            assertThat(lost.reason()).contains("unreasonable data length 2147418112");
            assertThat(bad.getInputStream().read()).as("the leader closed the bad socket").isEqualTo(-1);
        }
        try (Socket bad = new Socket()) {
            bad.connect(leader.boundAddresses().get(0));
            DataOutputStream out = new DataOutputStream(bad.getOutputStream());
            out.writeInt(QuorumPortWire.FOLLOWERINFO);
            out.writeLong(1);
            out.writeInt(-1);
            out.writeInt(-7); // a negative vector count other than null
            out.flush();
            leaderEvents.next(QuorumEvent.Connected.class);
            assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).contains("authinfo count -7");
        }
        try (Socket truncated = new Socket()) {
            truncated.connect(leader.boundAddresses().get(0));
            truncated.getOutputStream().write(new byte[] {0, 0, 0, 11, 0, 0});
            truncated.shutdownOutput();
            leaderEvents.next(QuorumEvent.Connected.class);
            assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).contains("ended inside a packet");
        }
        assertThat(goodAtLeader.isOpen()).isTrue();
        goodAtLeader.send(packet(PROPOSAL, 42, 10));
        good.send(packet(ACK, 42, 0));
        assertSamePacket(goodEvents.nextPacket(), packet(PROPOSAL, 42, 10));
        QuorumEvent.PacketReceived ack = leaderEvents.next(QuorumEvent.PacketReceived.class);
        assertThat(ack.connection()).isSameAs(goodAtLeader);
        assertSamePacket(ack.packet(), packet(ACK, 42, 0));
    }

    @Test
    void learnerDropsALeaderWhoseSnapshotLacksTheSignature() throws Exception {
        try (ServerSocket fakeLeader = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            QuorumEventRecorder events = new QuorumEventRecorder();
            closeLater(LeaderConnector.dial(1, List.of((InetSocketAddress) fakeLeader.getLocalSocketAddress()),
                    settings(), LeaderConnector.RAW_SNAPSHOT, events));
            try (Socket s = fakeLeader.accept()) {
                events.next(QuorumEvent.Connected.class);
                OutputStream out = s.getOutputStream();
                out.write(QuorumPortWire.encode(new QuorumPacket(QuorumPortWire.SNAP, 5, null, null)));
                JuteOutput body = new JuteOutput();
                FakeSnapshot.sample(3).write(body);
                body.writeString("BenWasThere");
                out.write(body.toByteArray());
                out.flush();
                QuorumEvent.Lost lost = events.next(QuorumEvent.Lost.class);
                assertThat(lost.reason()).contains("no signature after the snapshot at 0x5")
                        .contains("BenWasThere");
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void learnerThatDialsBeforeTheLeaderListensRetriesAndGetsThrough() throws Exception {
        InetSocketAddress addr;
        try (ServerSocket reserve = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            addr = (InetSocketAddress) reserve.getLocalSocketAddress();
        }
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        LeaderConnector connector = closeLater(LeaderConnector.dial(1, List.of(addr),
                settings().withRetries(200, 20, 20_000), LeaderConnector.RAW_SNAPSHOT, learnerEvents));
        await().atMost(Duration.ofSeconds(10)).until(() -> connector.failedAttempts() >= 2);
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = closeLater(LearnerAcceptor.start(List.of(addr), settings(), leaderEvents));
        QuorumConnection c = learnerEvents.next(QuorumEvent.Connected.class).connection();
        c.send(followerInfo(4));
        leaderEvents.next(QuorumEvent.Connected.class);
        assertSamePacket(leaderEvents.nextPacket(), followerInfo(4));
        assertThat(leader.connections()).extracting(QuorumConnection::sid).containsExactly(4L);
    }

    @Test
    void dialGivesUpAfterItsAttemptsWithOneEvent() throws Exception {
        InetSocketAddress addr;
        try (ServerSocket reserve = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            addr = (InetSocketAddress) reserve.getLocalSocketAddress();
        }
        QuorumEventRecorder events = new QuorumEventRecorder();
        LeaderConnector connector = closeLater(LeaderConnector.dial(9, List.of(addr, addr),
                settings().withRetries(3, 10, 20_000), LeaderConnector.RAW_SNAPSHOT, events));
        QuorumEvent.DialFailed failed = events.next(QuorumEvent.DialFailed.class);
        assertThat(failed.leaderSid()).isEqualTo(9);
        assertThat(connector.failedAttempts()).isEqualTo(6);
        assertThat(connector.connection()).isEmpty();
        connector.close();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void closingTheLeaderSideDeliversLostOnTheLearner() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        learner(leader, learnerEvents);
        QuorumConnection toLeader = learnerEvents.next(QuorumEvent.Connected.class).connection();
        toLeader.send(followerInfo(2));
        QuorumConnection toLearner = leaderEvents.next(QuorumEvent.Connected.class).connection();
        leaderEvents.nextPacket();

        toLearner.close("learner fell silent");
        assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).isEqualTo("learner fell silent");
        QuorumEvent.Lost lost = learnerEvents.next(QuorumEvent.Lost.class);
        assertThat(lost.connection()).isSameAs(toLeader);
        assertThat(lost.reason()).isEqualTo("closed by the peer");
        assertThat(toLeader.send(packet(ACK, 1, 0))).isFalse();

        // and a whole leader going away
        QuorumEventRecorder second = new QuorumEventRecorder();
        learner(leader, second);
        second.next(QuorumEvent.Connected.class);
        leaderEvents.next(QuorumEvent.Connected.class);
        leader.close();
        assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).isEqualTo("leader shutting down");
        assertThat(second.next(QuorumEvent.Lost.class).reason()).isEqualTo("closed by the peer");
    }

    @Test
    void silencePastTheReadTimeoutDropsTheConnection() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        LearnerAcceptor leader = leader(leaderEvents);
        QuorumEventRecorder learnerEvents = new QuorumEventRecorder();
        learner(leader, learnerEvents);
        learnerEvents.next(QuorumEvent.Connected.class).connection().setReadTimeoutMs(200);
        leaderEvents.next(QuorumEvent.Connected.class);
        assertThat(learnerEvents.next(QuorumEvent.Lost.class).reason()).isEqualTo("nothing received for 200 ms");
        assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).isEqualTo("closed by the peer");
    }

    @Test
    void aPeerThatStopsReadingIsDroppedWhenItsQueueOverflows() throws Exception {
        QuorumEventRecorder leaderEvents = new QuorumEventRecorder();
        QuorumLimits small = new QuorumLimits(4096, 16, 1 << 20, 64 * 1024);
        LearnerAcceptor leader = closeLater(LearnerAcceptor.start(List.of(ANY_LOOPBACK),
                settings().withLimits(small), leaderEvents));
        try (Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(leader.boundAddresses().get(0));
            QuorumConnection c = leaderEvents.next(QuorumEvent.Connected.class).connection();
            QuorumPacket p = packet(PROPOSAL, 1, 4000);
            int sent = 0;
            while (c.send(p)) {
                sent++;
                assertThat(sent).as("the queue bound was never hit").isLessThan(100_000);
            }
            assertThat(c.isOpen()).isFalse();
            assertThat(leaderEvents.next(QuorumEvent.Lost.class).reason()).contains("the peer is too slow");
        }
    }
}
