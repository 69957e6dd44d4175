package dev.paddock.bench;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * Heap bytes a server allocates per request: one server in this JVM (Paddock, or ZooKeeper 3.9.3 with its NIO
 * connection factory), the official client with 200 requests in flight, and the sum of what every thread but the
 * client's and this one allocated ({@code ThreadMXBean.getThreadAllocatedBytes}) divided by the requests. Garbage
 * per request is what the server's young collections pay for. Run one server per JVM:
 * {@code java -cp ... dev.paddock.bench.AllocPerOp paddock|zookeeper [requests per round]}.
 */
public final class AllocPerOp {
    private static final int IN_FLIGHT = 200;
    private static final int ROUNDS = 3;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocPerOp() {
    }

    /** One operation: issue request {@code i}, release {@code done} when its reply arrives. */
    private interface Op {
        void issue(ZooKeeper zk, int i, Semaphore done);
    }

    public static void main(String[] args) throws Exception {
        boolean zookeeper = args.length > 0 && args[0].equalsIgnoreCase("zookeeper");
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        Map<String, Long> perOp = measure(zookeeper, requests);
        perOp.forEach((op, bytes) -> System.out.printf("%s %s: %d bytes allocated by the server per request%n",
                zookeeper ? "ZooKeeper" : "Paddock", op, bytes));
        System.exit(0);
    }

    /**
     * Starts the server, runs getData, create, setData and a multi of two setData ({@code requests} per round, 3 rounds each) and returns
     * each operation's bytes per request in its last round (the first rounds warm the JIT).
     */
    public static Map<String, Long> measure(boolean zookeeper, int requests) throws Exception {
        Path dir = Files.createTempDirectory("alloc-per-op");
        AutoCloseable server = zookeeper ? startZooKeeper(dir) : startPaddock(dir);
        int port = zookeeper ? ((ZkServer) server).port() : ((PaddockServer) server).clientPort();
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            CountDownLatch connected = new CountDownLatch(1);
            ZooKeeper zk = new ZooKeeper("127.0.0.1:" + port, 30_000, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            try {
                if (!connected.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("no session with the server on port " + port);
                }
                byte[] payload = new byte[32];
                zk.create("/a", payload, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                zk.create("/c", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                out.put("getData", run(zk, requests, (c, i, done) ->
                        c.getData("/a", false, (rc, p, ctx, data, stat) -> done.release(), null)));
                out.put("create", run(zk, requests, (c, i, done) -> c.create("/c/n" + i, payload,
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, (rc, p, ctx, name) -> done.release(), null)));
                out.put("setData", run(zk, requests, (c, i, done) ->
                        c.setData("/a", payload, -1, (rc, p, ctx, stat) -> done.release(), null)));
                List<org.apache.zookeeper.Op> twoSets = List.of(org.apache.zookeeper.Op.setData("/a", payload, -1),
                        org.apache.zookeeper.Op.setData("/a", payload, -1));
                out.put("multi (2 x setData)", run(zk, requests, (c, i, done) ->
                        c.multi(twoSets, (rc, p, ctx, results) -> done.release(), null)));
            } finally {
                zk.close();
            }
        } finally {
            server.close();
        }
        return out;
    }

    private static long run(ZooKeeper zk, int requests, Op op) throws InterruptedException {
        Semaphore window = new Semaphore(IN_FLIGHT);
        long last = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long before = serverAllocated();
            for (int i = 0; i < requests; i++) {
                window.acquire();
                op.issue(zk, round * requests + i, window);
            }
            window.acquire(IN_FLIGHT); // every reply is in
            window.release(IN_FLIGHT);
            last = (serverAllocated() - before) / requests;
        }
        return last;
    }

    /** Bytes allocated so far by the live threads that are neither this one nor the client's. */
    private static long serverAllocated() {
        long sum = 0;
        long self = Thread.currentThread().getId();
        for (java.lang.management.ThreadInfo t : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (t == null || t.getThreadId() == self || t.getThreadName().startsWith("main-")) {
                continue; // the client's send and event threads are main-SendThread and main-EventThread
            }
            long b = THREADS.getThreadAllocatedBytes(t.getThreadId());
            if (b > 0) {
                sum += b;
            }
        }
        return sum;
    }

    private static PaddockServer startPaddock(Path dir) throws IOException {
        Path cfg = dir.resolve("zoo.cfg");
        Files.writeString(cfg, String.join("\n", List.of("tickTime=2000", "dataDir=" + dir.resolve("data"),
                "clientPort=0", "clientPortAddress=127.0.0.1", "admin.enableServer=false", "")));
        return PaddockServer.start(ServerConfig.load(cfg));
    }

    /** ZooKeeper 3.9.3's standalone server with the NIO connection factory, as zkServer.sh runs it by default. */
    private record ZkServer(ZooKeeperServer server, ServerCnxnFactory factory) implements AutoCloseable {
        int port() {
            return factory.getLocalPort();
        }

        @Override
        public void close() {
            factory.shutdown();
            server.shutdown();
        }
    }

    private static ZkServer startZooKeeper(Path dir) throws Exception {
        System.setProperty("zookeeper.admin.enableServer", "false");
        Path snap = Files.createDirectories(dir.resolve("snap"));
        Path log = Files.createDirectories(dir.resolve("log"));
        ZooKeeperServer zks = new ZooKeeperServer(snap.toFile(), log.toFile(), 2000);
        ServerCnxnFactory factory = ServerCnxnFactory.createFactory(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1000);
        factory.startup(zks);
        return new ZkServer(zks, factory);
    }
}
