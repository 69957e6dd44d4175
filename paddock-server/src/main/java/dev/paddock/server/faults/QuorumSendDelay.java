package dev.paddock.server.faults;

import java.util.function.BooleanSupplier;

/**
 * Holds packets a server sends on a quorum connection: each is stamped when it is queued with the instant it may
 * leave (now + {@code quorum.delayMs} + a uniform draw from [0, {@code quorum.jitterMs})), and the connection's
 * single writer waits for that instant before writing it. The writer takes packets in queue order, so a packet
 * whose draw came out smaller than its predecessor's leaves right after it: FIFO order is kept, as TCP keeps it.
 */
public final class QuorumSendDelay {
    /** Waits are cut into slices this long so a closed connection stops waiting soon. */
    static final long SLICE_MS = 50;

    private final FaultControl control;

    public QuorumSendDelay(FaultControl control) {
        this.control = control;
    }

    /** The instant (on the control's nanosecond clock) before which a packet queued now must not be written. */
    public long dueAt() {
        long now = control.nanoTime();
        FaultSettings s = control.settings();
        if (!s.holdsQuorumTraffic()) {
            return now;
        }
        long holdMs = s.quorumDelayMs() + control.draw(s.quorumJitterMs());
        return now + holdMs * 1_000_000L;
    }

    /** True if a packet due at {@code due} may not be written yet (the writer then flushes and {@link #await}s). */
    public boolean holds(long due) {
        return due - control.nanoTime() > 0;
    }

    /** Waits until {@code due}, or until {@code keepWaiting} turns false (checked between slices). */
    public void await(long due, BooleanSupplier keepWaiting) throws InterruptedException {
        while (keepWaiting.getAsBoolean()) {
            long leftNanos = due - control.nanoTime();
            if (leftNanos <= 0) {
                return;
            }
            control.sleep(Math.min(SLICE_MS, (leftNanos + 999_999) / 1_000_000));
        }
    }
}
