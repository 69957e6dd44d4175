package dev.paddock.core;

/**
 * Reads the wall clock for the core, which may not read it itself. The core runs every timer (session expiry,
 * reaping intervals, quorum limits) on the monotonic elapsed time its caller passes as {@code nowMs}; the wall
 * clock is only for what ZooKeeper stamps with wall time: a transaction header's time (hence a znode's ctime and
 * mtime), the age of a TTL node (its mtime against the wall clock), and the seed of session ids. Keeping the two
 * apart means a wall-clock jump changes stamps but never expires a session early or freezes a timeout.
 */
@FunctionalInterface
public interface WallClock {

    /** The wall clock when used without one: the elapsed time itself (unit tests, which drive time by hand). */
    WallClock SAME_AS_ELAPSED = elapsedMs -> elapsedMs;

    /**
     * The wall-clock time, in milliseconds since the epoch, at the moment the caller's elapsed clock reads
     * {@code elapsedMs}. A server ignores the argument and reads the system clock; a simulator derives it.
     */
    long wallMs(long elapsedMs);
}
