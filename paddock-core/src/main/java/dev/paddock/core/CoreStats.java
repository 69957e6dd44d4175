package dev.paddock.core;

import dev.paddock.jute.EventType;

/**
 * What the core tells the server's metrics, on the core thread: reads and changes by path (ZooKeeper's
 * read_per_namespace and write_per_namespace) and how many watches each change fired (node_*_watch_count).
 * Implementations must be cheap and must not block.
 */
public interface CoreStats {
    /** A read of {@code path} was answered; {@code bytes}: its data, its children's name lengths, or 0 (exists). */
    void read(String path, long bytes);

    /** A committed change to {@code path}; {@code bytes}: its new data length (0 for a delete). */
    void written(String path, long bytes);

    /** One change fired {@code count} watches of {@code type} (called only when it fired some). */
    void watchesFired(EventType type, int count);

    /** The leader expired {@code count} sessions whose timeout passed (stale_sessions_expired). */
    default void sessionsExpired(int count) {
    }

    /** A client reconnects with its session id and password (connection_revalidate_count). */
    default void sessionReconnecting() {
    }

    /** A committed transaction stamped {@code txnWallMs} (its header's time) was applied (propagation_latency). */
    default void applied(long txnWallMs) {
    }

    /** Counts nothing. */
    CoreStats NONE = new CoreStats() {
        @Override
        public void read(String path, long bytes) {
        }

        @Override
        public void written(String path, long bytes) {
        }

        @Override
        public void watchesFired(EventType type, int count) {
        }
    };
}
