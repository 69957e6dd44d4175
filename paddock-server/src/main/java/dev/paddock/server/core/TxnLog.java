package dev.paddock.server.core;

import dev.paddock.core.LoggedTxn;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where committed-to-be transactions go before the core may apply them. The core driver appends each batch of
 * proposals, syncs, and only then tells the core they are committed. Called on the core thread only.
 */
public interface TxnLog extends Closeable {
    /** Adds transactions, in zxid order, after everything appended before. */
    void append(List<LoggedTxn> txns) throws IOException;

    /** When sync returns, everything appended is durable. */
    void sync() throws IOException;

    /**
     * Whether durability is reported later, through the listener given to {@link #onDurable}, rather than when
     * {@link #sync()} returns. The group-commit log returns from append and sync at once and syncs on its own
     * thread, so the core thread never waits for the disk.
     */
    default boolean asynchronous() {
        return false;
    }

    /** For an asynchronous log: who to tell, from any thread, that everything up to a zxid is durable. */
    default void onDurable(java.util.function.LongConsumer listener) {
    }

    /** For an asynchronous log: who to tell, once, that the log failed and nothing more will become durable. */
    default void onFailure(java.util.function.Consumer<Throwable> listener) {
    }

    /** The zxid of the last transaction appended, or 0 if none. */
    long lastZxid();

    @Override
    void close() throws IOException;
}
