package dev.paddock.client.testing;

import dev.paddock.client.WatchedEvent;
import dev.paddock.client.Watcher;
import dev.paddock.jute.EventType;
import dev.paddock.jute.KeeperState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A watcher that records what it sees, for tests to await. */
public final class EventRecorder implements Watcher {
    private final LinkedBlockingQueue<WatchedEvent> queue = new LinkedBlockingQueue<>();
    private final List<WatchedEvent> all = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    @Override
    public void process(WatchedEvent event) {
        synchronized (this) {
            all.add(event);
            threads.add(Thread.currentThread());
        }
        queue.add(event);
    }

    /** The next event, failing after {@code timeout}. */
    public WatchedEvent next(Duration timeout) throws InterruptedException {
        WatchedEvent e = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + timeout + "; seen so far " + all());
        }
        return e;
    }

    public WatchedEvent next() throws InterruptedException {
        return next(Duration.ofSeconds(20));
    }

    /** Skips events until one with this state (type NONE) arrives. */
    public WatchedEvent awaitState(KeeperState state) throws InterruptedException {
        while (true) {
            WatchedEvent e = next();
            if (e.type() == EventType.NONE && e.state() == state) {
                return e;
            }
        }
    }

    /** Skips connection-state events until a node event arrives. */
    public WatchedEvent nextNodeEvent() throws InterruptedException {
        while (true) {
            WatchedEvent e = next();
            if (e.type() != EventType.NONE) {
                return e;
            }
        }
    }

    /** The next event if one is already queued (no waiting). */
    public WatchedEvent poll() {
        return queue.poll();
    }

    public synchronized List<WatchedEvent> all() {
        return new ArrayList<>(all);
    }

    public synchronized List<Thread> threads() {
        return new ArrayList<>(threads);
    }
}
