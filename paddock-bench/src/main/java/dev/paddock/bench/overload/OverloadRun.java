package dev.paddock.bench.overload;

import dev.paddock.bench.ServerKind;
import dev.paddock.bench.ServerProcess;
import dev.paddock.bench.Sessions;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attack against a fresh server of one kind, in this order: start the server (child JVM), connect the good
 * client, let the attack prepare, measure the good client alone for {@code idleMs}, note RSS, start the attack and
 * sample RSS while it runs for {@code attackMs}, stop it, wait {@code settleMs}, note RSS again, check that the
 * server answers ruok and a read from a new session (within 15 s), count OutOfMemoryError lines in its log. The
 * server, the good client and every attack connection are closed whatever happens.
 */
public final class OverloadRun {
    private static final Logger LOG = LoggerFactory.getLogger(OverloadRun.class);
    /** How long a server may take after an attack to answer ruok and a read again. */
    static final long HEALTH_WAIT_MS = 15_000;

    private OverloadRun() {
    }

    public static OverloadResult run(ServerKind kind, String classpath, List<String> jvmFlags, OverloadPlan plan,
                                     String attackName) throws Exception {
        Attack attack = plan.attack(attackName);
        try (ServerProcess server = ServerProcess.start(kind, classpath, jvmFlags);
             GoodClient good = GoodClient.start(server.connectString());
             attack) {
            attack.prepare(server);
            good.cut();
            sleepMs(plan.idleMs());
            LatencyStats idle = good.cut();
            long rssBefore = server.rssBytes();
            LOG.info("overload: {} against {} ({})", attack.name(), kind.label(), attack.description());
            long t0 = System.nanoTime();
            LatencyStats under;
            long peak;
            String did;
            double secs;
            try (RssSampler rss = new RssSampler(server)) {
                attack.start(server);
                sleepMs(plan.attackMs());
                under = good.cut();
                secs = (System.nanoTime() - t0) / 1e9;
                did = attack.stop();
                sleepMs(plan.settleMs());
                peak = rss.stop();
            }
            long rssAfter = server.rssBytes();
            String health = health(server);
            OverloadResult r = new OverloadResult(attack.name(), kind.label(), attack.description(), did, secs, idle,
                    under, rssBefore, peak, rssAfter, outOfMemoryLines(server.logFile()), health.startsWith("ok"),
                    health);
            LOG.info("overload: {}", r.summary());
            return r;
        }
    }

    /**
     * "ok" (or "ok after N s") once the server answers ruok with imok and a new session reads the good client's
     * znode, trying for up to {@link #HEALTH_WAIT_MS}; otherwise what failed, with the tail of the server's log.
     */
    static String health(ServerProcess server) {
        long t0 = System.nanoTime();
        long deadline = t0 + HEALTH_WAIT_MS * 1_000_000L;
        String last = "not tried";
        while (System.nanoTime() < deadline && server.isAlive()) {
            String ruok = server.fourLetterWord("ruok", 2_000);
            if ("imok".equals(ruok)) {
                last = read(server);
                if (last == null) {
                    double secs = (System.nanoTime() - t0) / 1e9;
                    return secs < 1 ? "ok" : String.format(java.util.Locale.ROOT, "ok after %.1f s", secs);
                }
            } else {
                last = "ruok answered " + ruok;
            }
        }
        return last + (server.isAlive() ? "" : " (process gone)") + "; log tail: "
                + ServerProcess.tail(server.logFile(), 5).replace('\n', ' ');
    }

    /** Null if a new session reads the good client's znode within 5 s, else what went wrong. */
    private static String read(ServerProcess server) {
        ZooKeeper zk = null;
        try {
            zk = Sessions.open(server.connectString(), 5_000);
            zk.getData(GoodClient.PATH, false, null);
            return null;
        } catch (Exception e) {
            return "read failed: " + e;
        } finally {
            if (zk != null) {
                Sessions.closeQuietly(zk);
            }
        }
    }

    /** Lines of the server's log (stdout and stderr) that mention OutOfMemoryError. */
    static int outOfMemoryLines(Path log) {
        int n = 0;
        try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("OutOfMemoryError")) {
                    n++;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return n;
    }

    private static void sleepMs(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }
}
