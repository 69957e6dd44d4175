package dev.paddock.bench.overload;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads and sockets of one attack: daemon threads that run while {@link #running()}, and everything that must
 * be closed to unblock them (a thread stuck writing to a server that no longer reads only wakes when its socket is
 * closed). {@link #stop()} closes all and joins the threads.
 */
final class AttackThreads {
    private static final Logger LOG = LoggerFactory.getLogger(AttackThreads.class);
    private final String name;
    private final List<Thread> threads = new ArrayList<>();
    private final Set<AutoCloseable> closeables = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    AttackThreads(String name) {
        this.name = name;
    }

    boolean running() {
        return running;
    }

    /** Starts {@code body} on a new daemon thread. */
    /**
     * A thread that keeps {@code outstanding} asynchronous setData requests of {@code data} to {@code path} in
     * flight on {@code zk} until the attack stops, counting acknowledged and failed writes.
     */
    void spawnSetDataLoop(org.apache.zookeeper.ZooKeeper zk, String path, byte[] data, int outstanding,
            java.util.concurrent.atomic.LongAdder ok, java.util.concurrent.atomic.LongAdder failed) {
        spawn(() -> {
            java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(outstanding);
            try {
                while (running()) {
                    if (!window.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    zk.setData(path, data, -1, (rc, p, ctx, stat) -> {
                        if (rc == 0) {
                            ok.increment();
                        } else {
                            failed.increment();
                        }
                        window.release();
                    }, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    synchronized void spawn(Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warn("{}: attack thread failed: {}", name, e.toString());
                }
            }
        }, "overload-" + name.replace(' ', '-') + "-" + threads.size());
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Registers something {@link #stop()} must close; closes it at once if the attack has already stopped. */
    void track(AutoCloseable c) {
        closeables.add(c);
        if (!running) {
            closeQuietly(c);
        }
    }

    void untrack(AutoCloseable c) {
        closeables.remove(c);
    }

    /** Ends the attack: flags the threads, closes every tracked resource, waits for the threads (10 s at most). */
    void stop() {
        running = false;
        List<Thread> ts;
        synchronized (this) {
            ts = new ArrayList<>(threads);
        }
        for (AutoCloseable c : closeables) {
            closeQuietly(c);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Thread t : ts) {
            t.interrupt();
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // sockets opened after the first pass
        for (AutoCloseable c : closeables) {
            closeQuietly(c);
        }
        closeables.clear();
    }

    /** Sleeps between an attack's steps (not for synchronisation); returns early when stopped. */
    void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
