package dev.paddock.jute;

import dev.paddock.jute.txn.CheckVersionTxn;
import dev.paddock.jute.txn.CloseSessionTxn;
import dev.paddock.jute.txn.CreateContainerTxn;
import dev.paddock.jute.txn.CreateSessionTxn;
import dev.paddock.jute.txn.CreateTTLTxn;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.DeleteTxn;
import dev.paddock.jute.txn.ErrorTxn;
import dev.paddock.jute.txn.MultiTxn;
import dev.paddock.jute.txn.SetACLTxn;
import dev.paddock.jute.txn.SetDataTxn;

/** Decodes a transaction body by the type in its header; used by the log, snapshots and replication. */
public final class TxnCodec {
    private TxnCodec() {
    }

    public static JuteRecord readTxn(OpCode type, JuteInput in) {
        if (type == null) {
            throw new JuteException("transaction of unknown type");
        }
        return switch (type) {
            case CREATE, CREATE2 -> CreateTxn.read(in);
            case CREATE_TTL -> CreateTTLTxn.read(in);
            case CREATE_CONTAINER -> CreateContainerTxn.read(in);
            case DELETE, DELETE_CONTAINER -> DeleteTxn.read(in);
            case SET_DATA, RECONFIG -> SetDataTxn.read(in); // a reconfig writes /zookeeper/config
            case SET_ACL -> SetACLTxn.read(in);
            case CHECK -> CheckVersionTxn.read(in);
            case MULTI -> MultiTxn.read(in);
            case CREATE_SESSION -> CreateSessionTxn.read(in);
            case CLOSE_SESSION -> CloseSessionTxn.read(in);
            case ERROR -> ErrorTxn.read(in);
            default -> throw new JuteException("op " + type + " is not a transaction");
        };
    }
}
