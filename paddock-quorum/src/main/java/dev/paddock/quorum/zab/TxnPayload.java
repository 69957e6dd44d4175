package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.zkformat.ZkTxnEntry;

/**
 * The data of PROPOSAL and INFORM packets (ZooKeeper's marshalled txn entry: TxnHeader, txn, optional TxnDigest).
 * We send no digest yet (a ZooKeeper follower then skips its check) and drop a received one unchecked.
 */
public final class TxnPayload {
    private TxnPayload() {
    }

    public static byte[] encode(LoggedTxn txn) {
        return new ZkTxnEntry(txn.header(), txn.txn(), null).encode();
    }

    /** Decodes header and body; a JuteException on garbage. */
    public static LoggedTxn decode(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("txn packet without data");
        }
        ZkTxnEntry e = ZkTxnEntry.decode(data);
        return new LoggedTxn(e.header(), e.txn());
    }
}
