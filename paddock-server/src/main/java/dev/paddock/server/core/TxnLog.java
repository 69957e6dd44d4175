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

    /** The zxid of the last transaction appended, or 0 if none. */
    long lastZxid();

    @Override
    void close() throws IOException;
}
