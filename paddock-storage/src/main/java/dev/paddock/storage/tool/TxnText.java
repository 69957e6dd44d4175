package dev.paddock.storage.tool;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.TxnCodec;
import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.ACL;
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
import dev.paddock.jute.txn.Txn;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.StringJoiner;

/** One line of text per logged transaction, in the spirit of ZooKeeper's LogFormatter. */
final class TxnText {
    private TxnText() {
    }

    static String line(LoggedTxn t) {
        String time = new SimpleDateFormat("M/d/yy h:mm:ss a z").format(new Date(t.header().time()));
        return time + " session 0x" + Long.toHexString(t.header().clientId()) + " cxid 0x"
                + Integer.toHexString(t.header().cxid()) + " zxid 0x" + Long.toHexString(t.zxid()) + " "
                + body(OpCode.of(t.header().type()), t.txn());
    }

    private static String acl(List<ACL> acl) {
        StringJoiner j = new StringJoiner(",", "v{", "}");
        for (ACL a : acl) {
            j.add("s{" + a.perms() + ",{'" + a.id().scheme() + ",'" + a.id().id() + "}}");
        }
        return j.toString();
    }

    private static String data(byte[] d) {
        return "#" + (d == null ? "null" : d.length + "b");
    }

    static String body(OpCode type, JuteRecord txn) {
        String name = type == null ? "unknown" : type.name().toLowerCase();
        if (txn instanceof CreateTxn c) {
            return name + " '" + c.path() + "," + data(c.data()) + "," + acl(c.acl()) + ","
                    + (c.ephemeral() ? "T" : "F") + "," + c.parentCVersion();
        }
        if (txn instanceof CreateTTLTxn c) {
            return name + " '" + c.path() + "," + data(c.data()) + "," + acl(c.acl()) + ","
                    + c.parentCVersion() + ",ttl=" + c.ttl();
        }
        if (txn instanceof CreateContainerTxn c) {
            return name + " '" + c.path() + "," + data(c.data()) + "," + acl(c.acl()) + ","
                    + c.parentCVersion();
        }
        if (txn instanceof DeleteTxn d) {
            return name + " '" + d.path();
        }
        if (txn instanceof SetDataTxn s) {
            return name + " '" + s.path() + "," + data(s.data()) + "," + s.version();
        }
        if (txn instanceof SetACLTxn s) {
            return name + " '" + s.path() + "," + acl(s.acl()) + "," + s.version();
        }
        if (txn instanceof CheckVersionTxn c) {
            return name + " '" + c.path() + "," + c.version();
        }
        if (txn instanceof CreateSessionTxn c) {
            return name + " " + c.timeOut();
        }
        if (txn instanceof CloseSessionTxn c) {
            return name + " " + c.paths2Delete();
        }
        if (txn instanceof ErrorTxn e) {
            return name + " " + e.err() + " (" + describe(e.err()) + ")";
        }
        if (txn instanceof MultiTxn m) {
            StringJoiner j = new StringJoiner("; ", name + " [", "]");
            for (Txn sub : m.txns()) {
                OpCode st = OpCode.of(sub.type());
                j.add(body(st, TxnCodec.readTxn(st, new JuteInput(sub.data()))));
            }
            return j.toString();
        }
        return name + " " + txn;
    }

    private static String describe(int err) {
        ErrorCode c = ErrorCode.of(err);
        return c == null ? "unknown" : c.name();
    }
}
