package dev.paddock.bench;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.IntConsumer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The asynchronous operations the load generator issues, on one session. Every callback gets the ZooKeeper error
 * code (0 = OK). Two implementations: the official ZooKeeper client (the default for both servers) and Paddock's
 * own client (the optional lean mode, Paddock only).
 */
interface BenchClient extends AutoCloseable {
    void getData(String path, IntConsumer done);

    void exists(String path, IntConsumer done);

    void getChildren(String path, IntConsumer done);

    void setData(String path, byte[] data, IntConsumer done);

    /** A persistent sequential create; {@code done} gets the code and the created name (null on error). */
    void createSequential(String prefix, byte[] data, BiConsumer<Integer, String> done);

    void delete(String path, IntConsumer done);

    /** A multi of two setData. */
    void multiSetData(String a, String b, byte[] data, IntConsumer done);

    /** A multi creating persistent nodes {@code paths} (all or none). */
    void multiCreate(List<String> paths, byte[] data, IntConsumer done);

    @Override
    void close();

    /** The official ZooKeeper 3.9.3 client. */
    static BenchClient of(ZooKeeper zk) {
        return new BenchClient() {
            @Override
            public void getData(String path, IntConsumer done) {
                zk.getData(path, false, (rc, p, c, data, stat) -> done.accept(rc), null);
            }

            @Override
            public void exists(String path, IntConsumer done) {
                zk.exists(path, false, (rc, p, c, stat) -> done.accept(rc), null);
            }

            @Override
            public void getChildren(String path, IntConsumer done) {
                zk.getChildren(path, false, (rc, p, c, children) -> done.accept(rc), null);
            }

            @Override
            public void setData(String path, byte[] data, IntConsumer done) {
                zk.setData(path, data, -1, (rc, p, c, stat) -> done.accept(rc), null);
            }

            @Override
            public void createSequential(String prefix, byte[] data, BiConsumer<Integer, String> done) {
                zk.create(prefix, data, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT_SEQUENTIAL,
                        (rc, p, c, name) -> done.accept(rc, rc == 0 ? name : null), null);
            }

            @Override
            public void delete(String path, IntConsumer done) {
                zk.delete(path, -1, (rc, p, c) -> done.accept(rc), null);
            }

            @Override
            public void multiSetData(String a, String b, byte[] data, IntConsumer done) {
                zk.multi(List.of(Op.setData(a, data, -1), Op.setData(b, data, -1)),
                        (rc, p, c, results) -> done.accept(rc), null);
            }

            @Override
            public void multiCreate(List<String> paths, byte[] data, IntConsumer done) {
                zk.multi(paths.stream().map(p -> Op.create(p, data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT)).toList(), (rc, p, c, results) -> done.accept(rc), null);
            }

            @Override
            public void close() {
                Sessions.closeQuietly(zk);
            }
        };
    }
}
