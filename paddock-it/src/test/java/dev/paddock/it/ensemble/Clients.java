package dev.paddock.it.ensemble;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** The official ZooKeeper client, connected before it is handed out. */
final class Clients {
    private Clients() {
    }

    static ZooKeeper connect(String connectString, int sessionTimeoutMs) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, sessionTimeoutMs, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(30, TimeUnit.SECONDS)) {
            zk.close();
            throw new AssertionError("no connection to " + connectString + " within 30 s");
        }
        return zk;
    }
}
