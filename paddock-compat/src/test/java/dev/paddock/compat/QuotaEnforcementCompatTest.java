package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.StatsTrack;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.cli.SetQuotaCommand;
import org.junit.jupiter.api.Test;

/**
 * zookeeper.enforceQuota=true on ZooKeeper 3.9.3 (child JVM) and Paddock: the same writes under quotas set as zkCli
 * sets them (count and byte hard limits, a soft limit) succeed or fail with the same codes, multis included, and
 * leave the same quota stats.
 */
class QuotaEnforcementCompatTest {

    @Test
    void hardLimitsRefuseTheSameWritesOnBothServers() throws Exception {
        ZooKeeperProcess.Options options = new ZooKeeperProcess.Options(false, false,
            Map.of("enforceQuota", "true"), List.of("-Dzookeeper.enforceQuota=true"));
        try (ZooKeeperProcess zk = ZooKeeperProcess.start(options)) {
            Path dir = Files.createTempDirectory("paddock-quota-");
            try (PaddockServer paddock = PaddockServer.start(ServerConfig.fromProperties(
                    OpsServers.paddockConfig(options, Files.createDirectories(dir.resolve("data")))))) {
                List<String> onZooKeeper = scenario(zk.connectString());
                List<String> onPaddock = scenario("127.0.0.1:" + paddock.clientPort());
                assertThat(onPaddock).containsExactlyElementsOf(onZooKeeper);
                assertThat(onZooKeeper).filteredOn(s -> s.contains("QUOTAEXCEEDED")).hasSizeGreaterThanOrEqualTo(5);
            } finally {
                Files2.deleteTree(dir);
            }
        }
    }

    /** Each write and its outcome, and the quotas' stats at the end. */
    private static List<String> scenario(String connectString) throws Exception {
        List<String> out = new ArrayList<>();
        try (ZooKeeper zk = connect(connectString)) {
            for (String p : List.of("/qc", "/qb", "/qs", "/qm")) {
                zk.create(p, new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            }
            quota(zk, "/qc", q -> q.setCountHardLimit(3));
            quota(zk, "/qb", q -> q.setByteHardLimit(10));
            quota(zk, "/qs", q -> q.setCount(1));
            quota(zk, "/qm", q -> q.setCountHardLimit(2));
            Write create = (path, n) -> zk.create(path, new byte[n], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            Write createSequential = (path, n) -> zk.create(path, new byte[n], Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT_SEQUENTIAL);
            out.add(run("create /qc/a", () -> create.apply("/qc/a", 0)));
            out.add(run("create /qc/b", () -> create.apply("/qc/b", 0)));
            out.add(run("create /qc/c", () -> create.apply("/qc/c", 0)));
            out.add(run("create /qc/s-", () -> createSequential.apply("/qc/s-", 0)));
            out.add(run("create /qc/a again", () -> create.apply("/qc/a", 0)));
            out.add(run("setData /qc/a 100", () -> zk.setData("/qc/a", new byte[100], -1)));
            out.add(run("delete /qc/a", () -> zk.delete("/qc/a", -1)));
            out.add(run("create /qc/c", () -> create.apply("/qc/c", 0)));
            out.add(run("create /qb/x 6", () -> create.apply("/qb/x", 6)));
            out.add(run("setData /qb/x 12", () -> zk.setData("/qb/x", new byte[12], -1)));
            out.add(run("setData /qb/x 12 v7", () -> zk.setData("/qb/x", new byte[12], 7)));
            out.add(run("setData /qb/x 10 v7", () -> zk.setData("/qb/x", new byte[10], 7)));
            out.add(run("setData /qb/x 10", () -> zk.setData("/qb/x", new byte[10], 0)));
            out.add(run("create /qb/y 1", () -> create.apply("/qb/y", 1)));
            out.add(run("create /qb/z 0", () -> create.apply("/qb/z", 0)));
            out.add(run("setData /qb/x 2", () -> zk.setData("/qb/x", new byte[2], -1)));
            out.add(run("create /qb/y 8", () -> create.apply("/qb/y", 8)));
            out.add(run("create /qs/a 5", () -> create.apply("/qs/a", 5)));
            out.add(run("create /qs/b", () -> create.apply("/qs/b", 0)));
            out.add(multi(zk, "multi create /qm/a /qm/b", List.of(
                Op.create("/qm/a", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT),
                Op.create("/qm/b", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
            out.add(multi(zk, "multi setData /qm/a, create /qm/c", List.of(
                Op.setData("/qm/a", new byte[3], -1),
                Op.create("/qm/c", new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))));
            for (String p : List.of("/qc", "/qb", "/qs", "/qm")) {
                out.add("stats " + p + " " + new String(zk.getData("/zookeeper/quota" + p + "/zookeeper_stats",
                    false, null), StandardCharsets.UTF_8));
            }
            out.add("children /qm " + zk.getChildren("/qm", false).stream().sorted().toList());
        }
        return out;
    }

    private interface Write {
        Object apply(String path, int dataBytes) throws Exception;
    }

    private interface Call {
        void call() throws Exception;
    }

    private interface Limits {
        void set(StatsTrack quota);
    }

    /** As zkCli's setquota: every limit unset (-1), then the one given. */
    private static void quota(ZooKeeper zk, String path, Limits limits) throws Exception {
        StatsTrack q = new StatsTrack();
        q.setCount(-1);
        q.setBytes(-1);
        q.setCountHardLimit(-1);
        q.setByteHardLimit(-1);
        limits.set(q);
        assertThat(SetQuotaCommand.createQuota(zk, path, q)).isTrue();
    }

    private static String run(String what, Call call) throws Exception {
        try {
            call.call();
            return what + ": OK";
        } catch (KeeperException e) {
            return what + ": " + e.code();
        }
    }

    private static String multi(ZooKeeper zk, String what, List<Op> ops) throws Exception {
        try {
            zk.multi(ops);
            return what + ": OK";
        } catch (KeeperException e) {
            List<String> codes = new ArrayList<>();
            for (OpResult r : e.getResults()) {
                codes.add(r instanceof OpResult.ErrorResult err ? KeeperException.Code.get(err.getErr()).name()
                    : r.getClass().getSimpleName());
            }
            return what + ": " + e.code() + " " + codes;
        }
    }

    private static ZooKeeper connect(String connectString) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connectString, 30_000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        if (!connected.await(20, TimeUnit.SECONDS)) {
            zk.close();
            throw new IllegalStateException("no session with " + connectString);
        }
        return zk;
    }
}
