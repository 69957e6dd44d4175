package dev.paddock.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.HostProvider;
import org.apache.zookeeper.client.StaticHostProvider;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Scenarios that need an ensemble: failover after a kill -9 of the leader. */
public final class EnsembleScenarios {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleScenarios.class);
    static final String FAILOVER_NODE = "/bench/failover";
    /** Sessions per surviving member writing during a failover: the first of them to succeed counts. */
    static final int WRITERS_PER_MEMBER = 4;

    private EnsembleScenarios() {
    }

    /**
     * {@code rounds} times: writers on every follower (connected to that follower only) write in a loop; the leader
     * is killed with SIGKILL; the time until a survivor serves as leader (its mntr says so), and until the first
     * write succeeds whose zxid carries a newer epoch (so the new leader committed it). The killed member is restarted and the
     * ensemble re-forms before the next round.
     */
    public static Results.Failover failover(Ensemble e, int rounds) throws Exception {
        double[] firstWrite = new double[rounds];
        double[] newLeader = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            int leader = e.awaitQuorum(120_000);
            double[] t = failoverOnce(e, leader);
            newLeader[r] = t[0];
            firstWrite[r] = t[1];
            LOG.info("  {} failover {}: new leader after {} ms, first write after {} ms", e.kind().label(), r + 1,
                    Math.round(t[0]), Math.round(t[1]));
            e.restart(leader);
        }
        e.awaitQuorum(120_000);
        return new Results.Failover(e.size(), rounds, WRITERS_PER_MEMBER * (e.size() - 1),
                Scenarios.median(firstWrite), Arrays.stream(firstWrite).max().orElse(Double.NaN),
                Scenarios.median(newLeader), Arrays.stream(newLeader).max().orElse(Double.NaN),
                firstWrite, newLeader);
    }

    /** Returns {ms until a new leader, ms until the first write of the new epoch}. */
    private static double[] failoverOnce(Ensemble e, int leader) throws Exception {
        List<Integer> survivors = new ArrayList<>();
        for (int i = 0; i < e.size(); i++) {
            if (i != leader) {
                survivors.add(i);
            }
        }
        int n = survivors.size() * WRITERS_PER_MEMBER;
        List<ZooKeeper> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(openWithoutSpin(e.member(survivors.get(i % survivors.size())).connectString()));
        }
        AtomicLong oldEpoch = new AtomicLong(-1);
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong firstNewEpochWrite = new AtomicLong(Long.MAX_VALUE);
        List<Thread> writers = new ArrayList<>();
        Flag running = new Flag();
        try {
            Sessions.ensure(sessions.get(0), FAILOVER_NODE, new byte[8]);
            oldEpoch.set(sessions.get(0).exists(FAILOVER_NODE, false).getMzxid() >>> 32);
            for (ZooKeeper zk : sessions) {
                Thread w = new Thread(() -> write(zk, running, oldEpoch.get(), killedAt, firstNewEpochWrite),
                        "bench-failover-writer");
                w.setDaemon(true);
                writers.add(w);
                w.start();
            }
            ServerProcess.sleepMs(300); // writers running at full speed before the kill
            long t0 = System.nanoTime();
            killedAt.set(t0);
            e.kill(leader);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            long leaderAt = Long.MAX_VALUE;
            while (System.nanoTime() < deadline
                    && (leaderAt == Long.MAX_VALUE || firstNewEpochWrite.get() == Long.MAX_VALUE)) {
                if (leaderAt == Long.MAX_VALUE) {
                    for (int i : survivors) {
                        if ("leader".equals(e.mode(i))) {
                            leaderAt = System.nanoTime();
                            break;
                        }
                    }
                }
                ServerProcess.sleepMs(10);
            }
            if (firstNewEpochWrite.get() == Long.MAX_VALUE) {
                throw new IllegalStateException(e.kind().label() + ": no write succeeded within 120 s of the kill");
            }
            return new double[] {(leaderAt == Long.MAX_VALUE ? Double.NaN : (leaderAt - t0) / 1e6),
                    (firstNewEpochWrite.get() - t0) / 1e6};
        } finally {
            running.value = false;
            Sessions.closeAll(sessions);
            for (Thread w : writers) {
                w.join(10_000);
            }
        }
    }

    /**
     * A session of the stock client on one server whose host list never sleeps: the client's StaticHostProvider
     * sleeps 1 s whenever it comes back round to the server it was last connected to, which with one server is
     * every reconnect, and would add a fixed second to every failover. The client's own random 0-1 s pause before
     * each reconnect attempt stays.
     */
    static ZooKeeper openWithoutSpin(String hostPort) throws Exception {
        String[] hp = hostPort.split(":");
        HostProvider stock = new StaticHostProvider(List.of(new InetSocketAddress(hp[0], Integer.parseInt(hp[1]))));
        HostProvider hosts = new HostProvider() {
            @Override
            public int size() {
                return stock.size();
            }

            @Override
            public InetSocketAddress next(long spinDelayMs) {
                return stock.next(0);
            }

            @Override
            public void onConnected() {
                stock.onConnected();
            }

            @Override
            public boolean updateServerList(java.util.Collection<InetSocketAddress> all, InetSocketAddress current) {
                return stock.updateServerList(all, current);
            }
        };
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(hostPort, Sessions.SESSION_TIMEOUT_MS, ev -> {
            if (ev.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, false, hosts);
        if (!connected.await(60, TimeUnit.SECONDS)) {
            Sessions.closeQuietly(zk);
            throw new IllegalStateException("session to " + hostPort + " not connected within 60 s");
        }
        return zk;
    }

    private static final class Flag {
        volatile boolean value = true;
    }

    private static void write(ZooKeeper zk, Flag running, long oldEpoch, AtomicLong killedAt,
                              AtomicLong firstNewEpochWrite) {
        byte[] data = new byte[8];
        while (running.value) {
            try {
                Stat stat = zk.setData(FAILOVER_NODE, data, -1);
                long now = System.nanoTime();
                if (now > killedAt.get() && (stat.getMzxid() >>> 32) > oldEpoch) {
                    firstNewEpochWrite.accumulateAndGet(now, Math::min);
                    return;
                }
            } catch (KeeperException e) {
                // connection loss while the ensemble elects: the client reconnects, write again
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                return; // session closed under us
            }
        }
    }
}
