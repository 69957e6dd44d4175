package dev.paddock.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.zookeeper.KeeperException;

/**
 * A window of at most {@code max} asynchronous requests in flight, for the scenarios that issue many of them in a
 * loop (populating, setting watches, writing until a snapshot, filling a delete pool); keeps the first failure.
 */
final class InFlight {
    private final int max;
    private final Semaphore window;
    private final AtomicReference<String> failure = new AtomicReference<>();

    InFlight(int max) {
        this.max = max;
        this.window = new Semaphore(max);
    }

    /** Waits for a free slot; throws once a request has failed. */
    void acquire(String what) throws InterruptedException {
        window.acquire();
        check(what);
    }

    /** A request's answer: frees its slot; a code other than OK (or {@code allowed}) is kept as the failure. */
    void done(int rc, String path, int allowed) {
        if (rc != KeeperException.Code.OK.intValue() && rc != allowed) {
            failure.compareAndSet(null, KeeperException.Code.get(rc) + (path == null ? "" : " on " + path));
        }
        window.release();
    }

    void done(int rc, String path) {
        done(rc, path, KeeperException.Code.OK.intValue());
    }

    /** Waits until every request has been answered (at most {@code seconds}); throws on a failure. */
    void awaitAll(String what, long seconds) throws InterruptedException {
        if (!window.tryAcquire(max, seconds, TimeUnit.SECONDS)) {
            throw new IllegalStateException(what + " did not complete in " + seconds + " s");
        }
        window.release(max);
        check(what);
    }

    private void check(String what) {
        if (failure.get() != null) {
            throw new IllegalStateException(what + " failed: " + failure.get());
        }
    }
}
