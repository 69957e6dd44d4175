package dev.paddock.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** The metrics tests' workload, through ZooKeeper's own client: /app, then n children written, read and watched. */
final class Workload {
    private Workload() {
    }

    /** Creates /app and /app/n0.. (n creates, n setData that each fire one data watch, n getData, n exists). */
    static void run(int clientPort, int n) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + clientPort, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        try {
            assertThat(connected.await(30, TimeUnit.SECONDS)).isTrue();
            zk.create("/app", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            for (int i = 0; i < n; i++) {
                zk.create("/app/n" + i, "x".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                zk.getData("/app/n" + i, true, null);
                zk.setData("/app/n" + i, "y".getBytes(), -1); // fires the data watch
                zk.exists("/app/n" + i, false);
            }
        } finally {
            zk.close();
        }
    }
}
