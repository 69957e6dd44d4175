package dev.paddock.it.ensemble;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A client thread creating sequential nodes under a parent as fast as it is answered, recording every acknowledged
 * create with the time its answer arrived. A connection loss leaves that create's fate unknown (it may exist or
 * not); an expired session is replaced by a new one.
 */
final class SequentialWriter implements AutoCloseable {
    /** One acknowledged create: when it was sent and when its answer arrived. */
    record Ack(String path, long sentNanos, long atNanos) {
    }

    private final String connectString;
    private final String parent;
    private final int sessionTimeoutMs;
    private final List<Ack> acks = new ArrayList<>();
    private final AtomicInteger connectionLosses = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stop;
    private volatile Throwable failure;
    private ZooKeeper zk;

    SequentialWriter(String connectString, String parent) throws Exception {
        this(connectString, parent, 15000);
    }

    SequentialWriter(String connectString, String parent, int sessionTimeoutMs) throws Exception {
        this.connectString = connectString;
        this.parent = parent;
        this.sessionTimeoutMs = sessionTimeoutMs;
        this.zk = Clients.connect(connectString, sessionTimeoutMs);
        try {
            zk.create(parent, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // a second writer on the same parent
        }
        this.thread = new Thread(this::run, "writer" + parent.replace('/', '-'));
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        byte[] data = new byte[64];
        try {
            while (!stop) {
                try {
                    long sent = System.nanoTime();
                    String p = zk.create(parent + "/n-", data, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                            CreateMode.PERSISTENT_SEQUENTIAL);
                    long at = System.nanoTime();
                    synchronized (acks) {
                        acks.add(new Ack(p, sent, at));
                    }
                } catch (KeeperException.ConnectionLossException e) {
                    connectionLosses.incrementAndGet();
                    // the client reconnects by itself; the next create waits for it
                } catch (KeeperException.SessionExpiredException e) {
                    zk.close();
                    zk = Clients.connect(connectString, sessionTimeoutMs);
                }
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    List<Ack> acks() {
        synchronized (acks) {
            return List.copyOf(acks);
        }
    }

    int ackCount() {
        synchronized (acks) {
            return acks.size();
        }
    }

    /**
     * The first acknowledged create sent after {@code nanos}: one in flight at that moment may have been committed
     * before it, so it proves nothing about what happened after.
     */
    Ack firstSentAfter(long nanos) {
        synchronized (acks) {
            return acks.stream().filter(a -> a.sentNanos() > nanos).findFirst().orElse(null);
        }
    }

    long acksAfter(long nanos) {
        synchronized (acks) {
            return acks.stream().filter(a -> a.sentNanos() > nanos).count();
        }
    }

    int connectionLosses() {
        return connectionLosses.get();
    }

    /** Fails if the writer thread died of something other than a lost connection. */
    void check() {
        if (failure != null) {
            throw new AssertionError("writer failed: " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join(30000);
        zk.close();
        check();
    }

    static List<String> paths(List<Ack> acks) {
        List<String> out = new ArrayList<>(acks.size());
        acks.forEach(a -> out.add(a.path()));
        return out;
    }
}
