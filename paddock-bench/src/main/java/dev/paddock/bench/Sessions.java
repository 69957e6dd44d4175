package dev.paddock.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/** Opening and closing sessions of the official ZooKeeper 3.9.3 client, which drives both servers. */
public final class Sessions {
    public static final int SESSION_TIMEOUT_MS = 30_000;

    private Sessions() {
    }

    /** Opens one session and waits until it is connected. */
    public static ZooKeeper open(String connect, long timeoutMs) throws IOException, InterruptedException {
        return open(connect, timeoutMs, null);
    }

    /** Opens one session with the client settings {@code config} (null: defaults) and waits until it is connected. */
    public static ZooKeeper open(String connect, long timeoutMs, ZKClientConfig config)
            throws IOException, InterruptedException {
        return open(connect, timeoutMs, config, SESSION_TIMEOUT_MS);
    }

    /**
     * Opens one session whose session timeout is {@link #RETRYING_SESSION_TIMEOUT_MS}: the official client gives a
     * TCP connect that long divided by the hosts, so one that hangs is retried within the wait. On loopback, right
     * after a run closed many connections, a first connect to a fresh server has been seen to hang for the whole
     * 30 s (twice in one CI run, both times against ZooKeeper); the second went through at once.
     */
    public static ZooKeeper openRetrying(String connect, long timeoutMs) throws IOException, InterruptedException {
        return open(connect, timeoutMs, null, RETRYING_SESSION_TIMEOUT_MS);
    }

    /** The session timeout of {@link #openRetrying}: about three connect attempts fit a 30 s wait. */
    public static final int RETRYING_SESSION_TIMEOUT_MS = 9_000;

    private static ZooKeeper open(String connect, long timeoutMs, ZKClientConfig config, int sessionTimeoutMs)
            throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher = e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        ZooKeeper zk = config == null ? new ZooKeeper(connect, sessionTimeoutMs, watcher)
                : new ZooKeeper(connect, sessionTimeoutMs, watcher, config);
        if (!connected.await(timeoutMs, TimeUnit.MILLISECONDS)) {
            zk.close();
            throw new IOException("session to " + connect + " not connected within " + timeoutMs + " ms");
        }
        return zk;
    }

    /** Opens {@code n} sessions at once (all handshakes in flight together) and waits for all of them. */
    public static List<ZooKeeper> openAll(String connect, int n, long timeoutMs) throws IOException, InterruptedException {
        return openAll(i -> connect, n, timeoutMs);
    }

    /** Opens {@code n} sessions at once, session i to {@code connect.apply(i)}, and waits for all of them. */
    public static List<ZooKeeper> openAll(java.util.function.IntFunction<String> connect, int n, long timeoutMs)
            throws IOException, InterruptedException {
        return openAll(connect, n, timeoutMs, null);
    }

    /** As {@link #openAll(java.util.function.IntFunction, int, long)}, with client settings (null: defaults). */
    public static List<ZooKeeper> openAll(java.util.function.IntFunction<String> connect, int n, long timeoutMs,
                                          ZKClientConfig config) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(n);
        List<ZooKeeper> out = new ArrayList<>(n);
        try {
            for (int i = 0; i < n; i++) {
                boolean[] seen = {false};
                Watcher watcher = e -> {
                    if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                        synchronized (seen) {
                            if (!seen[0]) {
                                seen[0] = true;
                                connected.countDown();
                            }
                        }
                    }
                };
                out.add(config == null ? new ZooKeeper(connect.apply(i), SESSION_TIMEOUT_MS, watcher)
                        : new ZooKeeper(connect.apply(i), SESSION_TIMEOUT_MS, watcher, config));
            }
            if (!connected.await(timeoutMs, TimeUnit.MILLISECONDS)) {
                throw new IOException(connected.getCount() + " of " + n + " sessions to " + connect.apply(0)
                        + " not connected within " + timeoutMs + " ms");
            }
            return out;
        } catch (IOException | InterruptedException | RuntimeException e) {
            closeAll(out);
            throw e;
        }
    }

    /** Closes sessions from up to 32 threads (a close waits for the server's reply to closeSession). */
    public static void closeAll(List<ZooKeeper> sessions) {
        if (sessions.size() <= 1) {
            sessions.forEach(Sessions::closeQuietly);
            return;
        }
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(Math.min(32, sessions.size()));
        try {
            for (ZooKeeper zk : sessions) {
                pool.execute(() -> closeQuietly(zk));
            }
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static void closeQuietly(ZooKeeper zk) {
        try {
            zk.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // best effort
        }
    }

    /** Creates a persistent node (and its parents) unless it exists. */
    public static void ensure(ZooKeeper zk, String path, byte[] data) throws KeeperException, InterruptedException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            String parent = path.substring(0, slash);
            if (zk.exists(parent, false) == null) {
                ensure(zk, parent, new byte[0]);
            }
        }
        try {
            zk.create(path, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            zk.setData(path, data, -1);
        }
    }
}
