package dev.paddock.bench.overload;

import dev.paddock.bench.ServerProcess;

/**
 * One way of misbehaving towards a server. {@link #prepare} sets up what the attack needs (znodes, idle sessions)
 * before the good client's idle phase; {@link #start} launches the attack on the attack's own threads and returns at
 * once; {@link #stop} ends it, closes every connection it opened and says in one line what it did.
 */
public interface Attack extends AutoCloseable {
    /** Short name, e.g. "slow reader". */
    String name();

    /** One sentence on what the attack does, with its sizes. */
    String description();

    default void prepare(ServerProcess server) throws Exception {
    }

    void start(ServerProcess server) throws Exception;

    /** Stops the attack (idempotent) and returns what it did, e.g. "200000 requests sent". */
    String stop();

    @Override
    default void close() {
        stop();
    }
}
