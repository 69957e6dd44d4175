package dev.paddock.server.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.quorum.QuorumPacket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Collects transport events for a test; the transport's threads only offer, never wait. */
final class QuorumEventRecorder implements Consumer<QuorumEvent> {
    static final long WAIT_MS = 10_000;
    private final LinkedBlockingQueue<QuorumEvent> events = new LinkedBlockingQueue<>();

    @Override
    public void accept(QuorumEvent e) {
        events.add(e);
    }

    /** The next event, which must be of {@code type}, within {@link #WAIT_MS}. */
    <T extends QuorumEvent> T next(Class<T> type) throws InterruptedException {
        QuorumEvent e = events.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertThat(e).as("an event of type %s within %d ms", type.getSimpleName(), WAIT_MS).isNotNull();
        assertThat(e).isInstanceOf(type);
        return type.cast(e);
    }

    QuorumPacket nextPacket() throws InterruptedException {
        return next(QuorumEvent.PacketReceived.class).packet();
    }

    /** The events so far, taken out. */
    java.util.List<QuorumEvent> drain() {
        java.util.List<QuorumEvent> out = new java.util.ArrayList<>();
        events.drainTo(out);
        return out;
    }

    boolean isEmpty() {
        return events.isEmpty();
    }
}
