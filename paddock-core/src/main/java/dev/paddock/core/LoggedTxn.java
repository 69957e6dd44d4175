package dev.paddock.core;

import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.txn.TxnHeader;

/** A transaction as it is logged: its header (session, cxid, zxid, time, type) and its body record. */
public record LoggedTxn(TxnHeader header, JuteRecord txn) {
    public long zxid() {
        return header.zxid();
    }
}
