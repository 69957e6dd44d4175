package dev.paddock.server.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.quorum.QuorumPacket;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.server.util.SerializeUtils;
import org.junit.jupiter.api.Test;

/** The quorum port's bytes against ZooKeeper 3.9.3's own jute classes and database serialization. */
class QuorumPortZooKeeperCompatTest {
    private static final long LEADER_SID = 1;

    static List<QuorumPacket> samples() {
        List<QuorumPacket> list = new ArrayList<>();
        list.add(new QuorumPacket(11, 0x300000000L, new byte[] {0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 0}, null));
        list.add(new QuorumPacket(17, 0x400000000L, new byte[] {0, 1, 0, 0}, null));
        list.add(new QuorumPacket(5, -1, null, null));
        list.add(new QuorumPacket(5, 0x400000007L, new byte[0], List.of()));
        list.add(new QuorumPacket(1, -1, "request".getBytes(StandardCharsets.UTF_8),
                List.of(new Id("digest", "alice:xyz"), new Id("ip", "127.0.0.1"), new Id("super", null))));
        byte[] big = new byte[70_000];
        Arrays.fill(big, (byte) 0x5a);
        list.add(new QuorumPacket(2, Long.MAX_VALUE, big, List.of(new Id("", ""))));
        list.add(new QuorumPacket(Integer.MIN_VALUE, Long.MIN_VALUE, new byte[] {-1}, null));
        return list;
    }

    static org.apache.zookeeper.server.quorum.QuorumPacket toZk(QuorumPacket p) {
        List<org.apache.zookeeper.data.Id> auth = p.authinfo() == null ? null : p.authinfo().stream()
                .map(i -> new org.apache.zookeeper.data.Id(i.scheme(), i.id())).toList();
        return new org.apache.zookeeper.server.quorum.QuorumPacket(p.type(), p.zxid(), p.data(),
                auth == null ? null : new ArrayList<>(auth));
    }

    static void assertSame(org.apache.zookeeper.server.quorum.QuorumPacket zk, QuorumPacket ours) {
        assertThat(zk.getType()).isEqualTo(ours.type());
        assertThat(zk.getZxid()).isEqualTo(ours.zxid());
        assertThat(zk.getData()).isEqualTo(ours.data());
        if (ours.authinfo() == null) {
            assertThat(zk.getAuthinfo()).isNull();
        } else {
            assertThat(zk.getAuthinfo()).extracting(org.apache.zookeeper.data.Id::getScheme, org.apache.zookeeper.data.Id::getId)
                    .containsExactlyElementsOf(ours.authinfo().stream()
                            .map(i -> org.assertj.core.groups.Tuple.tuple(i.scheme(), i.id())).toList());
        }
    }

    @Test
    void zooKeeperPacketStreamDecodesWithOursAndOursEncodesTheSameBytes() throws Exception {
        ByteArrayOutputStream zkBytes = new ByteArrayOutputStream();
        BinaryOutputArchive oa = BinaryOutputArchive.getArchive(zkBytes);
        ByteArrayOutputStream ourBytes = new ByteArrayOutputStream();
        for (QuorumPacket p : samples()) {
            oa.writeRecord(toZk(p), "packet");
            ourBytes.write(QuorumPortWire.encode(p));
        }
        assertThat(ourBytes.toByteArray()).isEqualTo(zkBytes.toByteArray());

        QuorumPacketDecoder decoder = new QuorumPacketDecoder(new ByteArrayInputStream(zkBytes.toByteArray()),
                QuorumLimits.defaults());
        for (QuorumPacket expected : samples()) {
            QuorumPacket got = decoder.read();
            assertSame(toZk(expected), got);
        }
        assertThat(decoder.read()).as("clean end of stream").isNull();
    }

    @Test
    void ourPacketStreamDecodesWithZooKeeper() throws Exception {
        ByteArrayOutputStream ourBytes = new ByteArrayOutputStream();
        for (QuorumPacket p : samples()) {
            ourBytes.write(QuorumPortWire.encode(p));
        }
        BinaryInputArchive ia = BinaryInputArchive.getArchive(new ByteArrayInputStream(ourBytes.toByteArray()));
        for (QuorumPacket p : samples()) {
            org.apache.zookeeper.server.quorum.QuorumPacket zk = new org.apache.zookeeper.server.quorum.QuorumPacket();
            ia.readRecord(zk, "packet");
            assertSame(zk, p);
        }
    }

    @Test
    void ourDecoderRefusesWhatZooKeepersReaderRefuses() throws Exception {
        // jute.maxbuffer + extrasize = 0xfffff * 2 is ZooKeeper's bound on one buffer: it takes that and not one more
        int limit = QuorumLimits.defaults().maxFieldBytes();
        assertThat(limit).isEqualTo(0xfffff * 2);
        for (int len : new int[] {limit, limit + 1}) {
            JuteOutput out = new JuteOutput();
            out.writeInt(2);
            out.writeLong(1);
            out.writeInt(len);
            byte[] head = out.toByteArray();
            byte[] stream = Arrays.copyOf(head, head.length + len + 4);
            boolean zkTakes;
            try {
                BinaryInputArchive.getArchive(new ByteArrayInputStream(stream))
                        .readRecord(new org.apache.zookeeper.server.quorum.QuorumPacket(), "packet");
                zkTakes = true;
            } catch (java.io.IOException e) {
                zkTakes = false;
            }
            boolean weTake;
            try {
                new QuorumPacketDecoder(new ByteArrayInputStream(stream), QuorumLimits.defaults()).read();
                weTake = true;
            } catch (QuorumWireException e) {
                weTake = false;
            }
            assertThat(weTake).as("length %d", len).isEqualTo(zkTakes).isEqualTo(len == limit);
        }
    }

    private static org.apache.zookeeper.server.DataTree zkTree() throws Exception {
        org.apache.zookeeper.server.DataTree t = new org.apache.zookeeper.server.DataTree();
        t.createNode("/app", "config-v1".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, 0, 1,
                0x100000001L, 1000);
        t.createNode("/app/lock", new byte[0], List.of(new org.apache.zookeeper.data.ACL(ZooDefs.Perms.ALL,
                new org.apache.zookeeper.data.Id("digest", "alice:xyz"))), 0x55L, 1, 0x100000002L, 1001);
        return t;
    }

    @Test
    void zooKeeperLeadersSnapStreamReachesOurLearnerIntact() throws Exception {
        org.apache.zookeeper.server.DataTree tree = zkTree();
        Map<Long, Integer> sessions = new HashMap<>(Map.of(0x55L, 30_000));
        try (ServerSocket fakeLeader = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            QuorumEventRecorder events = new QuorumEventRecorder();
            try (LeaderConnector connector = LeaderConnector.dial(LEADER_SID,
                    List.of((InetSocketAddress) fakeLeader.getLocalSocketAddress()),
                    QuorumPortTransportTest.settings(), ZkSnapshotFormat::read, events);
                    Socket s = fakeLeader.accept()) {
                QuorumConnection toLeader = events.next(QuorumEvent.Connected.class).connection();
                QuorumPacket info = QuorumPortTransportTest.followerInfo(2);
                toLeader.send(info);
                // ZooKeeper's LearnerHandler: buffered streams, the first record read is the learner's info
                BinaryInputArchive ia = BinaryInputArchive.getArchive(new BufferedInputStream(s.getInputStream()));
                org.apache.zookeeper.server.quorum.QuorumPacket first = new org.apache.zookeeper.server.quorum.QuorumPacket();
                ia.readRecord(first, "packet");
                assertSame(first, info);

                BufferedOutputStream buffered = new BufferedOutputStream(s.getOutputStream());
                BinaryOutputArchive oa = BinaryOutputArchive.getArchive(buffered);
                oa.writeRecord(new org.apache.zookeeper.server.quorum.QuorumPacket(17, 0x200000000L,
                        new byte[] {0, 1, 0, 0}, null), "packet");
                oa.writeRecord(new org.apache.zookeeper.server.quorum.QuorumPacket(15, 0x100000002L, null, null),
                        "packet");
                SerializeUtils.serializeSnapshot(tree, oa, sessions);
                oa.writeString("BenWasHere", "signature");
                oa.writeRecord(new org.apache.zookeeper.server.quorum.QuorumPacket(10, 0x200000000L, null, null),
                        "packet");
                buffered.flush();

                assertThat(events.nextPacket().type()).isEqualTo(17);
                QuorumEvent.SnapshotReceived<?> snap = events.next(QuorumEvent.SnapshotReceived.class);
                assertThat(snap.zxid()).isEqualTo(0x100000002L);
                ZkSnapshotFormat.Snapshot db = (ZkSnapshotFormat.Snapshot) snap.snapshot();
                assertThat(db.sessionTimeoutsMs()).containsExactly(Map.entry(0x55L, 30_000));
                DataTree mine = db.tree();
                assertThat(new String(mine.get("/app").data(), StandardCharsets.UTF_8)).isEqualTo("config-v1");
                assertThat(mine.get("/app/lock").ephemeralOwner()).isEqualTo(0x55L);
                assertThat(mine.get("/app/lock").acl()).extracting(a -> a.id().id()).containsExactly("alice:xyz");
                assertThat(events.nextPacket().type()).isEqualTo(10);
                assertThat(connector.connection()).contains(toLeader);
            }
        }
    }

    @Test
    void ourLeadersSnapStreamIsReadByZooKeepersLearnerCode() throws Exception {
        DataTree mine = new DataTree();
        mine.createNode("/svc", "v2".getBytes(StandardCharsets.UTF_8), DataTree.OPEN_ACL, 0, 1, 0x300000001L, 5);
        mine.createNode("/svc/e", new byte[] {7}, DataTree.OPEN_ACL, 0x77L, 1, 0x300000002L, 6);
        QuorumEventRecorder events = new QuorumEventRecorder();
        try (LearnerAcceptor leader = LearnerAcceptor.start(List.of(QuorumPortTransportTest.ANY_LOOPBACK),
                QuorumPortTransportTest.settings(), events);
                Socket learner = new Socket()) {
            learner.connect(leader.boundAddresses().get(0));
            // ZooKeeper's Learner: no bytes before its first packet, buffered jute streams
            BufferedOutputStream buffered = new BufferedOutputStream(learner.getOutputStream());
            BinaryOutputArchive oa = BinaryOutputArchive.getArchive(buffered);
            oa.writeRecord(toZk(QuorumPortTransportTest.followerInfo(3)), "packet");
            buffered.flush();
            QuorumConnection c = events.next(QuorumEvent.Connected.class).connection();
            assertThat(events.nextPacket().type()).isEqualTo(QuorumPortWire.FOLLOWERINFO);
            assertThat(c.sid()).isEqualTo(3);

            c.sendSnapshot(0x300000002L, out -> ZkSnapshotFormat.write(mine, Map.of(0x77L, 4000), out));
            c.send(new QuorumPacket(12, -1, null, null));

            BinaryInputArchive ia = BinaryInputArchive.getArchive(new BufferedInputStream(learner.getInputStream()));
            org.apache.zookeeper.server.quorum.QuorumPacket qp = new org.apache.zookeeper.server.quorum.QuorumPacket();
            ia.readRecord(qp, "packet");
            assertThat(qp.getType()).isEqualTo(15);
            assertThat(qp.getZxid()).isEqualTo(0x300000002L);
            org.apache.zookeeper.server.DataTree zk = new org.apache.zookeeper.server.DataTree();
            Map<Long, Integer> sessions = new HashMap<>();
            SerializeUtils.deserializeSnapshot(zk, ia, sessions);
            assertThat(ia.readString("signature")).isEqualTo("BenWasHere");
            assertThat(sessions).containsExactly(Map.entry(0x77L, 4000));
            assertThat(zk.getData("/svc", new org.apache.zookeeper.data.Stat(), null)).isEqualTo("v2".getBytes(StandardCharsets.UTF_8));
            assertThat(zk.getEphemerals(0x77L)).containsExactly("/svc/e");
            ia.readRecord(qp, "packet");
            assertThat(qp.getType()).isEqualTo(12);
        }
    }
}
