package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.TxnCodec;
import dev.paddock.jute.txn.TxnHeader;

/**
 * The data of PROPOSAL and INFORM packets, as ZooKeeper marshals a txn entry: the TxnHeader, then the txn body.
 * ZooKeeper 3.6+ appends a TxnDigest; we do not write one yet and ignore one when reading (its format is being
 * pinned separately), so the bytes we send equal ZooKeeper's with digests disabled.
 */
public final class TxnPayload {
    private TxnPayload() {
    }

    public static byte[] encode(LoggedTxn txn) {
        JuteOutput out = new JuteOutput(128);
        txn.header().write(out);
        if (txn.txn() != null) {
            txn.txn().write(out);
        }
        return out.toByteArray();
    }

    /** Decodes header and body; trailing bytes (a digest) are left unread. Throws JuteException on garbage. */
    public static LoggedTxn decode(byte[] data) {
        if (data == null || data.length == 0) {
            throw new JuteException("empty txn payload");
        }
        JuteInput in = new JuteInput(data);
        TxnHeader hdr = TxnHeader.read(in);
        OpCode type = OpCode.of(hdr.type());
        return new LoggedTxn(hdr, TxnCodec.readTxn(type, in));
    }
}
