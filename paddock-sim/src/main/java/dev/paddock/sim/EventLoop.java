package dev.paddock.sim;

import java.util.PriorityQueue;

/** Simulated time: events run one at a time in (time, insertion) order; nothing else moves the clock. */
final class EventLoop {
    private record Event(long atMs, long seq, Runnable action) {
    }

    private final PriorityQueue<Event> queue = new PriorityQueue<>((a, b) -> a.atMs != b.atMs
            ? Long.compare(a.atMs, b.atMs) : Long.compare(a.seq, b.seq));
    private long nowMs;
    private long seq;
    private long executed;
    /** A run that needs more events than this has a runaway loop (a bug): it stops with an exception. */
    static final long MAX_EVENTS = 3_000_000;

    long nowMs() {
        return nowMs;
    }

    long executed() {
        return executed;
    }

    void at(long atMs, Runnable action) {
        queue.add(new Event(Math.max(atMs, nowMs), seq++, action));
    }

    void after(long delayMs, Runnable action) {
        at(nowMs + delayMs, action);
    }

    /** Runs events up to and including {@code untilMs}; the clock ends at {@code untilMs}. */
    void runUntil(long untilMs) {
        while (!queue.isEmpty() && queue.peek().atMs <= untilMs) {
            if (executed >= MAX_EVENTS) {
                throw new IllegalStateException("runaway simulation: " + executed + " events by t=" + nowMs + "ms, "
                        + queue.size() + " queued");
            }
            Event e = queue.poll();
            nowMs = e.atMs;
            executed++;
            e.action.run();
        }
        nowMs = Math.max(nowMs, untilMs);
    }
}
