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
