package dev.paddock.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;

/** A watcher that queues every event it receives, for assertions. */
final class Events implements Watcher {
    private final LinkedBlockingQueue<WatchedEvent> queue = new LinkedBlockingQueue<>();
    private final boolean includeStateEvents;

    Events() {
        this(false);
    }

    Events(boolean includeStateEvents) {
        this.includeStateEvents = includeStateEvents;
    }

    @Override
    public void process(WatchedEvent event) {
        if (includeStateEvents || event.getType() != EventType.None) {
            queue.add(event);
        }
    }

    WatchedEvent next() throws InterruptedException {
        WatchedEvent e = queue.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("expected a watch event within 10s").isNotNull();
        return e;
    }

    WatchedEvent expect(EventType type, String path) throws InterruptedException {
        WatchedEvent e = next();
        assertThat(e.getType()).as("event type of %s", e).isEqualTo(type);
        assertThat(e.getPath()).as("event path of %s", e).isEqualTo(path);
        return e;
    }

    WatchedEvent expectState(KeeperState state) throws InterruptedException {
        while (true) {
            WatchedEvent e = next();
            if (e.getType() == EventType.None && e.getState() == state) {
                return e;
            }
        }
    }

    /** Events already delivered, without waiting. */
    List<WatchedEvent> drain() {
        List<WatchedEvent> out = new ArrayList<>();
        queue.drainTo(out);
        return out;
    }

    void expectNone() {
        assertThat(drain()).as("no further watch events").isEmpty();
    }
}
