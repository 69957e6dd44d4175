package dev.paddock.bench.overload;

import dev.paddock.bench.Sessions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * The well-behaved client whose experience an attack must not spoil: one session of the official ZooKeeper 3.9.3
 * client doing a synchronous setData of 100 bytes, then waiting 20 ms, then the next (as in issue #15: a write, a
 * pause, a write). Every latency (call to reply) goes into an HdrHistogram, every failure is counted; {@link #cut()}
 * closes one measuring phase and starts the next, so the same session measures idle and under attack.
 */
public final class GoodClient implements AutoCloseable {
    /** The znode the good client writes. */
    public static final String PATH = "/overload-good";
    static final long INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final ZooKeeper zk;
    private final Thread thread;
    private final byte[] payload = new byte[100];
    private volatile boolean running = true;
    private Histogram current = newHistogram();
    private long errors;
    private String firstError;

    private GoodClient(ZooKeeper zk) {
        this.zk = zk;
        this.thread = new Thread(this::loop, "overload-good-client");
        this.thread.setDaemon(true);
    }

    /** Connects, creates {@link #PATH} and starts writing. */
    public static GoodClient start(String connect) throws Exception {
        ZooKeeper zk = Sessions.openRetrying(connect, 30_000);
        try {
            Sessions.ensure(zk, PATH, new byte[100]);
        } catch (Exception e) {
            Sessions.closeQuietly(zk);
            throw e;
        }
        GoodClient c = new GoodClient(zk);
        c.thread.start();
        return c;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            long t0 = System.nanoTime();
            try {
                zk.setData(PATH, payload, -1);
                long t1 = System.nanoTime();
                record(TimeUnit.NANOSECONDS.toMicros(t1 - t0));
                next = t1 + INTERVAL_NANOS;
            } catch (KeeperException e) {
                failed(e);
                next = System.nanoTime() + INTERVAL_NANOS;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                failed(e);
                next = System.nanoTime() + INTERVAL_NANOS;
            }
        }
    }

    private synchronized void record(long micros) {
        current.recordValue(Math.min(micros, current.getHighestTrackableValue()));
    }

    private synchronized void failed(Exception e) {
        errors++;
        if (firstError == null) {
            firstError = e.toString();
        }
    }

    /** The figures since the previous cut (or the start); starts a new phase. */
    public synchronized LatencyStats cut() {
        LatencyStats s = LatencyStats.of(current, errors, firstError);
        current = newHistogram();
        errors = 0;
        firstError = null;
        return s;
    }

    private static Histogram newHistogram() {
        return new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
    }

    /** Stops writing and closes the session. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Sessions.closeQuietly(zk);
    }
}
