package dev.paddock.compat.mixed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/** Small blocking helpers over the official client for the mixed-ensemble tests. */
final class ZkOps {
    private ZkOps() {
    }

    static void create(ZooKeeper zk, String path, String data) throws KeeperException, InterruptedException {
        zk.create(path, data.getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    static String read(ZooKeeper zk, String path) throws KeeperException, InterruptedException {
        return new String(zk.getData(path, false, null), StandardCharsets.UTF_8);
    }

    /** sync(path), waited for: the session's next read sees everything the leader committed before it. */
    static void sync(ZooKeeper zk, String path) throws InterruptedException {
        CompletableFuture<Integer> rc = new CompletableFuture<>();
        zk.sync(path, (code, p, ctx) -> rc.complete(code), null);
        try {
            int code = rc.get(30, TimeUnit.SECONDS);
            if (code != KeeperException.Code.OK.intValue()) {
                throw new IllegalStateException("sync failed: " + KeeperException.Code.get(code));
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("sync did not complete", e);
        }
    }

    /**
     * {@code count} setData calls of {@code size} bytes on one node, pipelined: a log that grows far beyond the
     * snapshot of a tiny tree, which is what makes a leader prefer SNAP for a learner behind its commit window.
     */
    static void setDataMany(ZooKeeper zk, String path, int count, int size) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(count);
        AtomicInteger failures = new AtomicInteger();
        byte[] data = new byte[size];
        for (int i = 0; i < count; i++) {
            data[0] = (byte) i;
            zk.setData(path, data.clone(), -1, (rc, p, ctx, stat) -> {
                if (rc != 0) {
                    failures.incrementAndGet();
                }
                done.countDown();
            }, null);
        }
        if (!done.await(60, TimeUnit.SECONDS) || failures.get() != 0) {
            throw new IllegalStateException(failures.get() + " of " + count + " setData calls failed or timed out");
        }
    }

    /**
     * Keeps session A alive through {@code viaSid} while session B, opened after it on the same server, goes silent;
     * once the ensemble expired B (its ephemeral gone, seen on {@code checkSid}), A, whose own last request came
     * earlier, must still be alive: the server relayed A's pings to the leader.
     */
    static void assertPingsReachTheLeader(MixedEnsemble ensemble, long viaSid, long checkSid) throws Exception {
        // short sessions (the client pings every third of it) keep the wait for B's expiry short
        ZooKeeper a = ensemble.client(viaSid, 1200);
        a.create("/alive-" + viaSid, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        ZooKeeper b = ensemble.client(viaSid, 1200);
        b.create("/silent-" + viaSid, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long bSession = b.getSessionId();
        b.getTestable().injectSessionExpiration(); // drops the connection without closing the session
        ZooKeeper check = ensemble.client(checkSid);
        org.awaitility.Awaitility.await("session 0x" + Long.toHexString(bSession) + " to expire")
                .atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> check.exists("/silent-" + viaSid, false) == null);
        sync(check, "/");
        org.assertj.core.api.Assertions.assertThat(check.exists("/alive-" + viaSid, false))
                .as("ephemeral of the pinging session 0x%s", Long.toHexString(a.getSessionId())).isNotNull();
        org.assertj.core.api.Assertions.assertThat(a.getState().isConnected()).isTrue();
        org.assertj.core.api.Assertions.assertThat(a.getSessionTimeout()).isEqualTo(1200);
        a.close();
        org.awaitility.Awaitility.await("closed session's ephemeral to go").atMost(java.time.Duration.ofSeconds(10))
                .until(() -> check.exists("/alive-" + viaSid, false) == null);
    }

    /** Whether any file under {@code dir} contains {@code text}'s bytes (a txn that reached a log file). */
    static boolean anyFileContains(Path dir, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> contains(f, needle));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] hay = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
