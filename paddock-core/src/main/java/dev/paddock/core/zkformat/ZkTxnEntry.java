package dev.paddock.core.zkformat;

import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.TxnCodec;
import dev.paddock.jute.txn.SetDataTxn;
import dev.paddock.jute.txn.TxnDigest;
import dev.paddock.jute.txn.TxnHeader;

/**
 * A transaction as ZooKeeper marshals it into a PROPOSAL's data (and into DIFF's proposals): TxnHeader, the txn
 * record, then, from 3.6 on, a TxnDigest (int version, long treeDigest) of the tree after the txn. The digest is
 * optional: a payload that ends after the txn has none, and a ZooKeeper follower then skips the check.
 *
 * @param txn    the body; null only for a close-session from a leader that wrote none
 * @param digest null when absent
 */
public record ZkTxnEntry(TxnHeader header, JuteRecord txn, TxnDigest digest) {
    /** TxnDigest's encoded size. */
    private static final int DIGEST_BYTES = 12;

    public byte[] encode() {
        JuteOutput out = new JuteOutput(128);
        header.write(out);
        if (txn != null) {
            txn.write(out);
        }
        if (digest != null) {
            digest.write(out);
        }
        return out.toByteArray();
    }

    /**
     * Decodes a PROPOSAL's data. Bytes after a complete digest are ignored, as ZooKeeper ignores them; a digest
     * cut short, an unknown type or a truncated body is a {@link JuteException}.
     */
    public static ZkTxnEntry decode(byte[] data) {
        JuteInput in = new JuteInput(data);
        try {
            TxnHeader header = TxnHeader.read(in);
            OpCode type = OpCode.of(header.type());
            JuteRecord txn;
            if (type == OpCode.CLOSE_SESSION && in.remaining() == 0) {
                txn = null; // written by a leader with zookeeper.closeSessionTxn.enabled=false
            } else {
                txn = TxnCodec.readTxn(type, in);
            }
            TxnDigest digest = null;
            if (in.remaining() >= DIGEST_BYTES) {
                digest = TxnDigest.read(in);
            } else if (in.remaining() > 0) {
                throw new JuteException(in.remaining() + " bytes after the txn, too few for a digest");
            }
            return new ZkTxnEntry(header, txn, digest);
        } catch (JuteException e) {
            throw new JuteException("bad txn payload (" + data.length + " bytes): " + e.getMessage());
        }
    }
}
