package dev.paddock.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** The scenarios; each runs against one server and returns what it measured. */
public final class Scenarios {
    private Scenarios() {
    }

    /** Single client, synchronous: create a node, delete it, repeat for {@code durationMs}. */
    public static Results.Table2 table2(ServerProcess server, int payloadSize, long durationMs) throws Exception {
        ZooKeeper zk = Sessions.open(server.connectString(), 30_000);
        try {
            Sessions.ensure(zk, "/bench/t2", new byte[0]);
            byte[] payload = new byte[payloadSize];
            Histogram create = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            Histogram delete = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            // warm-up: a tenth of the time
            long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs / 10);
            while (System.nanoTime() < warmEnd) {
                zk.create("/bench/t2/x", payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                zk.delete("/bench/t2/x", -1);
            }
            long pairs = 0;
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.MILLISECONDS.toNanos(durationMs);
            long now = t0;
            while (now < end) {
                long a = System.nanoTime();
                zk.create("/bench/t2/x", payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                long b = System.nanoTime();
                zk.delete("/bench/t2/x", -1);
                now = System.nanoTime();
                create.recordValue((b - a) / 1000);
                delete.recordValue((now - b) / 1000);
                pairs++;
            }
            double secs = (now - t0) / 1e9;
            return new Results.Table2(payloadSize, pairs, secs, create.getValueAtPercentile(50),
                    create.getValueAtPercentile(99), delete.getValueAtPercentile(50), delete.getValueAtPercentile(99),
                    secs * 1e6 / Math.max(1, pairs), 2 * pairs / secs);
        } finally {
            Sessions.closeQuietly(zk);
        }
    }

    /** W sessions each watch /bench/fan (exists watch); one setData; time until every watcher has its event. */
    public static Results.FanOut fanOut(ServerProcess server, int watchers, int rounds) throws Exception {
        ZooKeeper writer = Sessions.open(server.connectString(), 30_000);
        List<ZooKeeper> watching = List.of();
        try {
            Sessions.ensure(writer, "/bench/fan", new byte[8]);
            watching = Sessions.openAll(server.connectString(), watchers, 120_000);
            double[] last = new double[rounds];
            double[] first = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                CountDownLatch events = new CountDownLatch(watchers);
                AtomicLong firstAt = new AtomicLong();
                CountDownLatch registered = new CountDownLatch(watchers);
                for (ZooKeeper zk : watching) {
                    Watcher w = e -> {
                        if (e.getType() == Watcher.Event.EventType.NodeDataChanged) {
                            firstAt.compareAndSet(0, System.nanoTime());
                            events.countDown();
                        }
                    };
                    zk.exists("/bench/fan", w, (rc, p, c, stat) -> registered.countDown(), null);
                }
                if (!registered.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("watches not registered in time");
                }
                long t0 = System.nanoTime();
                writer.setData("/bench/fan", new byte[8], -1);
                if (!events.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(events.getCount() + " of " + watchers + " watch events missing");
                }
                long t1 = System.nanoTime();
                last[r] = (t1 - t0) / 1e6;
                first[r] = (firstAt.get() - t0) / 1e6;
            }
            return new Results.FanOut(watchers, rounds, median(last), Arrays.stream(last).max().orElse(0),
                    median(first));
        } finally {
            Sessions.closeAll(watching);
            Sessions.closeQuietly(writer);
        }
    }

    /** Opens N sessions at once, then closes them from 32 threads. */
    public static Results.Storm sessionStorm(ServerProcess server, int n) throws Exception {
        double cpu0 = server.cpuSeconds();
        long t0 = System.nanoTime();
        List<ZooKeeper> all = Sessions.openAll(server.connectString(), n, 120_000);
        long t1 = System.nanoTime();
        Sessions.closeAll(all);
        long t2 = System.nanoTime();
        double open = (t1 - t0) / 1e9;
        double close = (t2 - t1) / 1e9;
        return new Results.Storm(n, open, close, n / open, n / close, server.cpuSeconds() - cpu0);
    }

    /** The path of znode i in the memory scenario: /mem/d&lt;i/1000&gt;/n&lt;i%1000&gt;. */
    static String memPath(int i) {
        return "/mem/d" + (i / 1000) + "/n" + (i % 1000);
    }

    /** Creates znodes [from, to) with 1000 asynchronous creates in flight. */
    public static void populate(ServerProcess server, int from, int to, int payloadSize) throws Exception {
        ZooKeeper zk = Sessions.open(server.connectString(), 30_000);
        try {
            Sessions.ensure(zk, "/mem", new byte[0]);
            byte[] payload = new byte[payloadSize];
            InFlight window = new InFlight(1000);
            for (int d = from / 1000; d * 1000 < to; d++) {
                if (zk.exists("/mem/d" + d, false) == null) {
                    zk.create("/mem/d" + d, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
            }
            for (int i = from; i < to; i++) {
                window.acquire("populating");
                zk.create(memPath(i), payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT,
                        (rc, p, c, name) -> window.done(rc, p, KeeperException.Code.NODEEXISTS.intValue()), null);
            }
            window.awaitAll("populating", 300);
        } finally {
            Sessions.closeQuietly(zk);
        }
    }

    /**
     * Kill -9, restart on the same dataDir; time until ruok answers imok, until srvr reports a serving server
     * (ZooKeeper answers ruok while it is still loading its data, srvr says "not currently serving" then), and
     * until a new client session has read the last znode.
     */
    public static Results.Restart restart(ServerProcess server, int znodes) throws Exception {
        String last = memPath(znodes - 1);
        long t0 = server.killAndRestart();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(300);
        double ruok = Double.NaN;
        double serving = Double.NaN;
        while (System.nanoTime() < deadline && Double.isNaN(serving)) {
            if (Double.isNaN(ruok) && "imok".equals(server.fourLetterWord("ruok", 200))) {
                ruok = (System.nanoTime() - t0) / 1e9;
            }
            if (!Double.isNaN(ruok)) {
                String srvr = server.fourLetterWord("srvr", 200);
                if (srvr != null && srvr.contains("Zxid") && !srvr.contains("not currently serving")) {
                    serving = (System.nanoTime() - t0) / 1e9;
                }
            }
            if (Double.isNaN(serving)) {
                ServerProcess.sleepMs(5);
            }
        }
        if (Double.isNaN(serving)) {
            throw new IllegalStateException(server.kind().label() + " did not serve within 300 s after restart");
        }
        double read = Double.NaN;
        long count = -1;
        while (System.nanoTime() < deadline && Double.isNaN(read)) {
            ZooKeeper zk;
            try {
                zk = Sessions.open(server.connectString(), 5_000);
            } catch (java.io.IOException e) {
                continue;
            }
            try {
                zk.exists(last, false);
                read = (System.nanoTime() - t0) / 1e9;
                try {
                    count = zk.getAllChildrenNumber("/mem");
                } catch (KeeperException.NoNodeException e) {
                    count = 0;
                }
            } catch (KeeperException e) {
                // not serving yet
            } finally {
                Sessions.closeQuietly(zk);
            }
        }
        if (Double.isNaN(read)) {
            throw new IllegalStateException(server.kind().label() + " did not serve reads after restart");
        }
        // /mem holds the d* directories plus the znodes
        long dirs = (znodes + 999) / 1000;
        long recovered = Math.max(0, count - dirs);
        return new Results.Restart(znodes, ruok, serving, read, recovered, recovered >= znodes);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        if (c.length == 0) {
            return Double.NaN;
        }
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

}
