package dev.paddock.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The same small workload for ZooKeeper and Paddock before their admin commands and metrics are compared: two
 * sessions (kept open until {@link #close()}, so connections, watches and ephemerals show), creates, sets, gets,
 * three kinds of watch, an ephemeral and a node with a digest ACL.
 */
final class OpsWorkload implements AutoCloseable {
    static final String ROOT = "/ops";
    static final String EPHEMERAL = ROOT + "/eph";
    static final String SECURE = ROOT + "/secure";
    static final String ALICE = "alice";
    static final String ALICE_PASSWORD = "alice-secret";
    /** Paths with a data watch after the workload, and the one with a child watch. */
    static final List<String> DATA_WATCHED = List.of(ROOT + "/a", ROOT + "/c", ROOT + "/missing");
    static final String CHILD_WATCHED = ROOT;
    /** Znodes the workload creates (the ephemeral included). */
    static final int CREATED = 6;

    private final List<ZooKeeper> clients = new ArrayList<>();
    final ZooKeeper first;
    final ZooKeeper second;

    private OpsWorkload(String connectString) throws IOException, InterruptedException {
        first = connect(connectString);
        second = connect(connectString);
    }

    /** Runs the workload against {@code connectString}; the sessions stay open until close. */
    static OpsWorkload apply(String connectString) throws Exception {
        OpsWorkload w = new OpsWorkload(connectString);
        try {
            w.run();
        } catch (Exception | Error e) {
            w.close();
            throw e;
        }
        return w;
    }

    private void run() throws Exception {
        ZooKeeper a = first;
        a.create(ROOT, bytes("root"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        for (String child : List.of("a", "b", "c")) {
            a.create(ROOT + "/" + child, bytes("data-" + child), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        }
        a.setData(ROOT + "/a", bytes("a1"), -1);
        a.setData(ROOT + "/a", bytes("a2"), 1);
        a.getData(ROOT + "/b", false, null);
        a.create(EPHEMERAL, bytes("eph"), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        // a mutable list: the client's ACL check asks contains(null), which List.of refuses
        List<ACL> aliceOnly = new ArrayList<>(List.of(new ACL(ZooDefs.Perms.ALL,
            new Id("digest", Digests.digest(ALICE, ALICE_PASSWORD)))));
        a.create(SECURE, bytes("secret"), aliceOnly, CreateMode.PERSISTENT);
        a.addAuthInfo("digest", (ALICE + ":" + ALICE_PASSWORD).getBytes(StandardCharsets.UTF_8));
        a.getData(SECURE, false, null);
        // watches: a data watch and a child watch from the first session, a data watch and an exists watch
        // (on a missing node) from the second
        a.getData(ROOT + "/a", event -> { }, null);
        a.getChildren(CHILD_WATCHED, event -> { });
        second.getData(ROOT + "/c", event -> { }, null);
        second.exists(ROOT + "/missing", event -> { });
        second.getChildren(ROOT, false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private ZooKeeper connect(String connectString) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30_000, e -> {
            if (e.getType() == Watcher.Event.EventType.None && e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        clients.add(zk);
        if (!connected.await(20, TimeUnit.SECONDS)) {
            close();
            throw new IllegalStateException("workload client did not connect to " + connectString);
        }
        return zk;
    }

    @Override
    public void close() {
        for (ZooKeeper zk : clients) {
            try {
                zk.close(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        clients.clear();
    }
}
