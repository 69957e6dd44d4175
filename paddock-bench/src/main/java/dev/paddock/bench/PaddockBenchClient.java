package dev.paddock.bench;

import dev.paddock.client.Acls;
import dev.paddock.client.KeeperException;
import dev.paddock.client.PaddockClient;
import dev.paddock.jute.CreateMode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;

/** The lean mode: the same operations on Paddock's own client (dev.paddock.client). */
final class PaddockBenchClient implements BenchClient {
    private final PaddockClient client;

    private PaddockBenchClient(PaddockClient client) {
        this.client = client;
    }

    static PaddockBenchClient open(String connect, long timeoutMs) throws IOException, InterruptedException {
        PaddockClient c = new PaddockClient(connect, Sessions.SESSION_TIMEOUT_MS, e -> { });
        if (!c.awaitConnected(Duration.ofMillis(timeoutMs))) {
            c.close();
            throw new IOException("Paddock client session to " + connect + " not connected within " + timeoutMs + " ms");
        }
        return new PaddockBenchClient(c);
    }

    private static int code(Throwable t) {
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (c instanceof KeeperException k) {
            int v = k.code().code;
            return v == 0 ? -1 : v;
        }
        return -1; // ZooKeeper's SYSTEMERROR
    }

    private static void on(CompletableFuture<?> f, IntConsumer done) {
        f.whenComplete((v, t) -> done.accept(t == null ? 0 : code(t)));
    }

    @Override
    public void getData(String path, IntConsumer done) {
        on(client.getDataAsync(path, false), done);
    }

    @Override
    public void exists(String path, IntConsumer done) {
        on(client.existsAsync(path, false), done);
    }

    @Override
    public void getChildren(String path, IntConsumer done) {
        on(client.getChildrenAsync(path, false), done);
    }

    @Override
    public void setData(String path, byte[] data, IntConsumer done) {
        on(client.setDataAsync(path, data, -1), done);
    }

    @Override
    public void createSequential(String prefix, byte[] data, BiConsumer<Integer, String> done) {
        client.createAsync(prefix, data, Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL)
                .whenComplete((created, t) -> done.accept(t == null ? 0 : code(t),
                        t == null ? created.path() : null));
    }

    @Override
    public void delete(String path, IntConsumer done) {
        on(client.deleteAsync(path, -1), done);
    }

    @Override
    public void multiSetData(String a, String b, byte[] data, IntConsumer done) {
        on(client.multiAsync(List.of(dev.paddock.client.Op.setData(a, data, -1),
                dev.paddock.client.Op.setData(b, data, -1))), done);
    }

    @Override
    public void multiCreate(List<String> paths, byte[] data, IntConsumer done) {
        on(client.multiAsync(paths.stream().map(p -> dev.paddock.client.Op.create(p, data, Acls.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT)).toList()), done);
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
