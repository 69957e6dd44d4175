package dev.paddock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 under load: several sessions write (sequential creates, versioned setData, deletes, multi) while the
 * server is killed at a random moment; after each restart every acknowledged change must be there, nothing
 * refused may appear, and versions and sequence numbers must carry on. The seed is printed; set
 * -Dpaddock.crash.seed and -Dpaddock.crash.cycles to replay or extend.
 */
class CrashRecoveryTest {
    private static final int WRITERS = 4;

    @TempDir
    Path dir;

    /** What one writer knows for certain, and the one operation whose fate is unknown (in flight at the kill). */
    static final class Model {
        final int id;
        final String root;
        int counterVersion = 0;
        String counterValue = "";
        String pendingCounterValue;
        final TreeMap<String, String> seqNodes = new TreeMap<>();
        String pendingDelete;
        String pendingMulti;
        int iteration;

        Model(int id) {
            this.id = id;
            this.root = "/w" + id;
        }
    }

    private static ZooKeeper connect(String cs) throws Exception {
        CountDownLatch up = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(cs, 10000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                up.countDown();
            }
        });
        if (!up.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no connection to " + cs);
        }
        return zk;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Runs one writer until its connection breaks. */
    private static void write(ZooKeeper zk, Model m, Random r) {
        try {
            while (true) {
                int i = ++m.iteration;
                switch (r.nextInt(5)) {
                    case 0, 1 -> {
                        String v = "c" + i;
                        m.pendingCounterValue = v;
                        Stat s = zk.setData(m.root + "/counter", b(v), m.counterVersion);
                        m.counterVersion = s.getVersion();
                        m.counterValue = v;
                        m.pendingCounterValue = null;
                        // a refused write must leave no trace
                        try {
                            zk.setData(m.root + "/counter", b("refused" + i), m.counterVersion + 7);
                            throw new AssertionError("a setData with a wrong version succeeded");
                        } catch (KeeperException.BadVersionException expected) {
                            // as it should be
                        }
                    }
                    case 2 -> {
                        String path = zk.create(m.root + "/seq-", b("s" + i), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                                CreateMode.PERSISTENT_SEQUENTIAL);
                        m.seqNodes.put(path, "s" + i);
                    }
                    case 3 -> {
                        if (!m.seqNodes.isEmpty()) {
                            String victim = m.seqNodes.firstKey();
                            m.pendingDelete = victim;
                            zk.delete(victim, -1);
                            m.seqNodes.remove(victim);
                            m.pendingDelete = null;
                        }
                    }
                    default -> {
                        String path = m.root + "/multi-" + i;
                        m.pendingMulti = path;
                        zk.multi(List.of(Op.create(path, b("m" + i), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                                Op.check(m.root, -1)));
                        m.seqNodes.put(path, "m" + i);
                        m.pendingMulti = null;
                    }
                }
            }
        } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException e) {
            // the server died under us: the pending operation's fate is unknown
        } catch (KeeperException e) {
            throw new AssertionError("writer " + m.id + ": unexpected " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Checks the server against the model, resolving the unknown operation by what is there. */
    private static void verify(ZooKeeper zk, Model m, String context) throws Exception {
        Stat stat = new Stat();
        String value = new String(zk.getData(m.root + "/counter", false, stat), StandardCharsets.UTF_8);
        if (stat.getVersion() == m.counterVersion + 1 && m.pendingCounterValue != null
                && value.equals(m.pendingCounterValue)) {
            m.counterVersion++;
            m.counterValue = value;
        }
        assertThat(stat.getVersion()).as(context + " counter version of " + m.root).isEqualTo(m.counterVersion);
        assertThat(value).as(context + " counter value of " + m.root).isEqualTo(m.counterValue);
        m.pendingCounterValue = null;

        List<String> children = zk.getChildren(m.root, false);
        Map<String, String> found = new HashMap<>();
        for (String c : children) {
            if (!c.equals("counter")) {
                found.put(m.root + "/" + c, new String(zk.getData(m.root + "/" + c, false, null), StandardCharsets.UTF_8));
            }
        }
        if (m.pendingDelete != null && !found.containsKey(m.pendingDelete)) {
            m.seqNodes.remove(m.pendingDelete);
        }
        m.pendingDelete = null;
        if (m.pendingMulti != null && found.containsKey(m.pendingMulti)) {
            m.seqNodes.put(m.pendingMulti, found.get(m.pendingMulti));
        }
        m.pendingMulti = null;
        for (Map.Entry<String, String> e : m.seqNodes.entrySet()) {
            assertThat(found).as(context + " acknowledged node").containsEntry(e.getKey(), e.getValue());
        }
        // At most one sequential create per writer was in flight; adopt it, and nothing else.
        List<String> extra = new ArrayList<>();
        for (String p : found.keySet()) {
            if (!m.seqNodes.containsKey(p)) {
                extra.add(p);
            }
        }
        assertThat(extra).as(context + " unacknowledged nodes under " + m.root).hasSizeLessThanOrEqualTo(1);
        extra.forEach(p -> m.seqNodes.put(p, found.get(p)));
    }

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        long seed = Long.getLong("paddock.crash.seed", System.nanoTime());
        int cycles = Integer.getInteger("paddock.crash.cycles", 7);
        System.out.println("CrashRecoveryTest seed " + seed + " (replay: -Dpaddock.crash.seed=" + seed + ")");
        Random random = new Random(seed);
        Model[] models = new Model[WRITERS];
        try (ServerProcess server = new ServerProcess(dir, Map.of("snapCount", "400", "preAllocSize", "256"))) {
            server.start();
            try (ZooKeeper zk = connect(server.connectString())) {
                for (int w = 0; w < WRITERS; w++) {
                    models[w] = new Model(w);
                    zk.create(models[w].root, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    zk.create(models[w].root + "/counter", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
            }
            for (int cycle = 0; cycle < cycles; cycle++) {
                String context = "seed " + seed + " cycle " + cycle + ":";
                List<Thread> threads = new ArrayList<>();
                List<ZooKeeper> clients = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    ZooKeeper zk = connect(server.connectString());
                    clients.add(zk);
                    Model m = models[w];
                    Random r = new Random(random.nextLong());
                    Thread t = new Thread(() -> write(zk, m, r), "writer-" + w);
                    threads.add(t);
                    t.start();
                }
                Thread.sleep(150 + random.nextInt(600)); // the kill lands at a random point of the load
                server.kill();
                for (Thread t : threads) {
                    t.join(30_000);
                    assertThat(t.isAlive()).as(context + " writer stopped").isFalse();
                }
                for (ZooKeeper zk : clients) {
                    zk.close(100);
                }
                int issued = 0;
                for (Model m : models) {
                    issued += m.iteration;
                }
                server.start();
                System.out.println(context + " " + issued + " operations issued so far; restarted: "
                        + server.fourLetterWord("srvr").lines().filter(l -> l.startsWith("Zxid")).findFirst().orElse("?"));
                try (ZooKeeper zk = connect(server.connectString())) {
                    for (Model m : models) {
                        verify(zk, m, context);
                    }
                    // sequence numbers carry on past everything that exists
                    String next = zk.create(models[0].root + "/seq-", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT_SEQUENTIAL);
                    for (String p : models[0].seqNodes.keySet()) {
                        if (p.contains("/seq-")) {
                            assertThat(next).as(context + " sequence number").isGreaterThan(p);
                        }
                    }
                    models[0].seqNodes.put(next, "");
                }
            }
            int total = 0;
            for (Model m : models) {
                total += m.iteration;
            }
            assertThat(total).as("operations issued across all cycles").isGreaterThan(cycles * 20);
            assertThat(server.log()).contains("Recovered to zxid").contains("Snapshot");
        }
    }
}
