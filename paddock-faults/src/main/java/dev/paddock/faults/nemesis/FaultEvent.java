package dev.paddock.faults.nemesis;

/**
 * One fault in a run's timeline: injected at {@code startNanos}, healed at {@code endNanos} (nanoseconds since the
 * run's start; a kill's end is its restart).
 *
 * @param kind        partition, loss, kill, pause, clock, disk-full, slow-disk, delay
 * @param description what exactly, e.g. "isolate leader 2", "{1,2} | {3,4,5}", "kill -9 3"
 */
public record FaultEvent(long startNanos, long endNanos, String kind, String description) {
}
