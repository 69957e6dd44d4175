package dev.paddock.compat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the official-client compat tests: one server per target per class, a private root znode per test,
 * and helpers that open (and always close) real ZooKeeper client sessions.
 */
abstract class CompatBase {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    protected ServerUnderTest server;
    /** A fresh persistent znode owned by the current test. */
    protected String root;
    /** A connected client used by the test (and to create {@link #root}). */
    protected ZooKeeper zk;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUpCompat(ServerUnderTest server, TestInfo info) throws Exception {
        this.server = server;
        this.zk = connect();
        String name = info.getTestMethod().map(m -> m.getName()).orElse("t");
        this.root = zk.create("/" + name + "-" + server.target() + "-" + COUNTER.incrementAndGet(), new byte[0],
            ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void tearDownCompat() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // the session may already be gone
            }
        }
        closeables.clear();
    }

    protected <T extends AutoCloseable> T closeLater(T c) {
        closeables.add(c);
        return c;
    }

    protected ZooKeeper connect() throws IOException, InterruptedException {
        return connect(server.connectString(), 30_000, null);
    }

    protected ZooKeeper connect(Watcher watcher) throws IOException, InterruptedException {
        return connect(server.connectString(), 30_000, watcher);
    }

    /** Opens a session and waits until it is connected. */
    protected ZooKeeper connect(String connectString, int sessionTimeout, Watcher watcher)
        throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher w = event -> {
            if (event.getType() == Watcher.Event.EventType.None
                && event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
            if (watcher != null) {
                watcher.process(event);
            }
        };
        ZooKeeper client = closeLater(new ZooKeeper(connectString, sessionTimeout, w));
        if (!connected.await(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException("client did not connect to " + connectString);
        }
        return client;
    }

    protected String path(String child) {
        return root + "/" + child;
    }

    protected String create(String path, String data) throws Exception {
        return zk.create(path, data.getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    protected Stat stat(String path) throws Exception {
        return zk.exists(path, false);
    }

    static void noop(WatchedEvent e) {
    }
}
