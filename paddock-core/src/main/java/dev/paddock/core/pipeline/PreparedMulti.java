package dev.paddock.core.pipeline;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.txn.MultiTxn;
import java.util.List;

/**
 * A multi as its leader prepared it: the transaction that is logged and sent ({@code logged}, each operation's
 * record encoded to bytes, as ZooKeeper's format has it) together with those records as they were before encoding
 * ({@code ops}, one per operation, an {@code ErrorTxn} where it failed), so that the leader applies them without
 * decoding what it has just encoded. Written exactly as {@code logged}; whoever reads it back gets a
 * {@link MultiTxn}.
 */
public record PreparedMulti(MultiTxn logged, List<JuteRecord> ops) implements JuteRecord {
    @Override
    public void write(JuteOutput out) {
        logged.write(out);
    }
}
