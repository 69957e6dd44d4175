package dev.paddock.quorum.election;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Constructor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.server.quorum.FastLeaderElection;
import org.apache.zookeeper.server.quorum.QuorumCnxManager;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.flexible.QuorumMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Paddock's ElectionCore and Apache ZooKeeper 3.9.3's own FastLeaderElection (its threads, its parsing, its loop) in
 * one ensemble, with the bytes relayed in memory in place of the election sockets. Runs in real time because
 * ZooKeeper's election does; every wait is bounded and the assertions do not depend on timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MixedElectionTest {

    private static final String CONFIG_TEXT = "server.1=127.0.0.1:2001:3001:participant\n"
        + "server.2=127.0.0.1:2002:3002:participant\nserver.3=127.0.0.1:2003:3003:participant\nversion=0";

    private static long zxid(long epoch, long counter) {
        return epoch << 32 | counter;
    }

    /** A QuorumPeer with a made-up history instead of a data directory. */
    static final class StubPeer extends QuorumPeer {
        private final long lastZxid;
        private final long epoch;

        StubPeer(long sid, long lastZxid, long epoch) throws Exception {
            this.lastZxid = lastZxid;
            this.epoch = epoch;
            setMyid(sid);
            Map<Long, QuorumServer> servers = new HashMap<>();
            for (long s = 1; s <= 3; s++) {
                servers.put(s, new QuorumServer(s, "127.0.0.1:" + (2000 + s) + ":" + (3000 + s)));
            }
            setQuorumVerifier(new QuorumMaj(servers), false);
        }

        @Override
        public long getLastLoggedZxid() {
            return lastZxid;
        }

        @Override
        public long getCurrentEpoch() {
            return epoch;
        }
    }

    /** ZooKeeper's connection manager without sockets: sends go to a queue the test relays from. */
    static final class RelayCnxManager extends QuorumCnxManager {
        final ConcurrentLinkedQueue<Object[]> outbox = new ConcurrentLinkedQueue<>();
        private final long mySid;

        RelayCnxManager(QuorumPeer peer, long mySid) {
            super(peer, mySid, peer.getQuorumVerifier().getAllMembers(), null, null, 1000, false, 3, false);
            this.mySid = mySid;
        }

        @Override
        public void toSend(Long sid, ByteBuffer b) {
            byte[] bytes = new byte[b.capacity()];
            b.position(0);
            b.get(bytes);
            if (sid == mySid) {
                deliver(mySid, bytes);
            } else {
                outbox.add(new Object[] {sid, bytes});
            }
        }

        void deliver(long fromSid, byte[] bytes) {
            try {
                Constructor<Message> c = Message.class.getDeclaredConstructor(ByteBuffer.class, long.class);
                c.setAccessible(true);
                addToRecvQueue(c.newInstance(ByteBuffer.wrap(bytes), fromSid));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void connectAll() {
        }

        @Override
        public void halt() {
        }
    }

    /** Servers 1 and 2 are ElectionCores, server 3 is ZooKeeper; returns ZooKeeper's decided vote. */
    private static final class Mixed {
        final long t0 = System.nanoTime();
        final Map<Long, ElectionCore> cores = new HashMap<>();
        final Map<Long, Outbound.Decided> decided = new HashMap<>();
        final StubPeer zkPeer;
        final RelayCnxManager zkCnx;
        final FastLeaderElection zk;
        final List<Object[]> toCores = new ArrayList<>();

        Mixed(long zkZxid, long zkEpoch) throws Exception {
            zkPeer = new StubPeer(3, zkZxid, zkEpoch);
            zkCnx = new RelayCnxManager(zkPeer, 3);
            zk = new FastLeaderElection(zkPeer, zkCnx);
            VotingView view = VotingView.majority(List.of(1L, 2L, 3L), List.of(), CONFIG_TEXT.getBytes(UTF_8));
            for (long sid = 1; sid <= 2; sid++) {
                cores.put(sid, new ElectionCore(ElectionConfig.of(sid, LearnerType.PARTICIPANT, view)));
            }
        }

        long now() {
            return (System.nanoTime() - t0) / 1_000_000;
        }

        void handle(long from, List<Outbound> outs) {
            for (Outbound o : outs) {
                if (o instanceof Outbound.Send s) {
                    if (s.toSid() == 3) {
                        zkCnx.deliver(from, s.bytes());
                    } else {
                        toCores.add(new Object[] {from, s.toSid(), s.bytes()});
                    }
                } else if (o instanceof Outbound.Decided d) {
                    decided.put(from, d);
                }
            }
        }

        /** Relays until both cores and ZooKeeper have decided (or 20 s pass). */
        org.apache.zookeeper.server.quorum.Vote run(CompletableFuture<org.apache.zookeeper.server.quorum.Vote> zkVote)
            throws Exception {
            long deadline = now() + 20_000;
            while (now() < deadline && !(decided.size() == 2 && zkVote.isDone())) {
                Object[] fromZk;
                while ((fromZk = zkCnx.outbox.poll()) != null) {
                    long to = (Long) fromZk[0];
                    handle(to, cores.get(to).onMessage(3, (byte[]) fromZk[1], now()));
                }
                while (!toCores.isEmpty()) {
                    Object[] m = toCores.remove(0);
                    long to = (Long) m[1];
                    handle(to, cores.get(to).onMessage((Long) m[0], (byte[]) m[2], now()));
                }
                for (Map.Entry<Long, ElectionCore> e : cores.entrySet()) {
                    handle(e.getKey(), e.getValue().tick(now()));
                }
                TimeUnit.MILLISECONDS.sleep(2); // ZooKeeper's threads run on their own; this only paces the relay
            }
            return zkVote.get(1, TimeUnit.SECONDS);
        }

        CompletableFuture<org.apache.zookeeper.server.quorum.Vote> startZk() {
            zk.start();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return zk.lookForLeader();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void stop() {
            zk.shutdown();
        }
    }

    @Test
    void zooKeeperWithTheBestHistoryIsElectedByPaddockServers() throws Exception {
        Mixed m = new Mixed(zxid(2, 5), 2);
        try {
            var zkVote = m.startZk();
            // its vote must be out before the Paddock pair could settle on each other within a finalize wait
            await().atMost(10, TimeUnit.SECONDS).until(() -> m.zkCnx.outbox.size() >= 2);
            m.handle(1, m.cores.get(1L).start(zxid(2, 3), 2, m.now()));
            m.handle(2, m.cores.get(2L).start(zxid(1, 90), 1, m.now()));
            org.apache.zookeeper.server.quorum.Vote vote = m.run(zkVote);
            assertThat(vote.getId()).isEqualTo(3);
            assertThat(m.zkPeer.getPeerState()).isEqualTo(QuorumPeer.ServerState.LEADING);
            assertThat(m.decided.values()).allSatisfy(d -> {
                assertThat(d.role()).isEqualTo(ServerState.FOLLOWING);
                assertThat(d.vote()).isEqualTo(new Vote(3, zxid(2, 5), vote.getElectionEpoch(), 2));
            });
        } finally {
            m.stop();
        }
    }

    @Test
    void zooKeeperFollowsAPaddockLeader() throws Exception {
        Mixed n = new Mixed(zxid(1, 7), 1);
        try {
            var zkVote = n.startZk();
            n.handle(1, n.cores.get(1L).start(zxid(1, 7), 1, n.now()));
            n.handle(2, n.cores.get(2L).start(zxid(1, 8), 1, n.now()));
            org.apache.zookeeper.server.quorum.Vote vote = n.run(zkVote);
            assertThat(vote.getId()).isEqualTo(2);
            assertThat(vote.getZxid()).isEqualTo(zxid(1, 8));
            assertThat(n.zkPeer.getPeerState()).isEqualTo(QuorumPeer.ServerState.FOLLOWING);
            assertThat(n.decided.get(2L).role()).isEqualTo(ServerState.LEADING);
            assertThat(n.decided.get(1L).role()).isEqualTo(ServerState.FOLLOWING);
        } finally {
            n.stop();
        }
    }

    @Test
    void zooKeeperJoinsARunningPaddockEnsemble() throws Exception {
        Mixed m = new Mixed(zxid(1, 99), 1); // the best history, but the others already run without it
        try {
            m.handle(1, m.cores.get(1L).start(zxid(1, 7), 1, m.now()));
            m.handle(2, m.cores.get(2L).start(zxid(1, 8), 1, m.now()));
            long deadline = m.now() + 10_000;
            while (m.decided.size() < 2 && m.now() < deadline) {
                m.run(CompletableFuture.completedFuture(null));
            }
            assertThat(m.decided.get(2L).role()).isEqualTo(ServerState.LEADING);
            m.zkCnx.outbox.clear(); // what ZooKeeper's idle threads queued meanwhile goes nowhere
            var zkVote = m.startZk();
            org.apache.zookeeper.server.quorum.Vote vote = m.run(zkVote);
            assertThat(vote.getId()).isEqualTo(2);
            assertThat(m.zkPeer.getPeerState()).isEqualTo(QuorumPeer.ServerState.FOLLOWING);
            assertThat(m.cores.get(2L).state()).isEqualTo(ServerState.LEADING); // nobody else moved
        } finally {
            m.stop();
        }
    }
}
