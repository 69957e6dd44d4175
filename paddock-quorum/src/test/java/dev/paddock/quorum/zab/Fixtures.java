package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.quorum.LearnerInfo;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.jute.txn.CreateTxn;
import dev.paddock.jute.txn.TxnHeader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

final class Fixtures {
    private Fixtures() {
    }

    static ZabConfig three(long mySid) {
        return ZabConfig.of(mySid, Set.of(1L, 2L, 3L), Set.of(9L), 5, 3);
    }

    static LoggedTxn create(long zxid) {
        return new LoggedTxn(new TxnHeader(0x77L, (int) zxid, zxid, 1000L, OpCode.CREATE.code),
                new CreateTxn("/n" + Long.toHexString(zxid), new byte[] {1}, DataTree.OPEN_ACL, false, 0));
    }

    static QuorumPacket packet(int type, long zxid, byte[] data) {
        return new QuorumPacket(type, zxid, data, null);
    }

    static QuorumPacket followerInfo(long sid, long acceptedEpoch) {
        return packet(PacketType.FOLLOWERINFO, Zxid.make(acceptedEpoch, 0),
                new LearnerInfo(sid, PacketType.PROTOCOL_VERSION, 0).toBytes());
    }

    static QuorumPacket observerInfo(long sid, long acceptedEpoch) {
        return packet(PacketType.OBSERVERINFO, Zxid.make(acceptedEpoch, 0),
                new LearnerInfo(sid, PacketType.PROTOCOL_VERSION, 0).toBytes());
    }

    static QuorumPacket ackEpoch(long lastZxid, int currentEpoch) {
        return packet(PacketType.ACKEPOCH, lastZxid, ByteBuffer.allocate(4).putInt(currentEpoch).array());
    }

    static int intOf(byte[] data) {
        return ByteBuffer.wrap(data).getInt();
    }

    /** One line per output, e.g. "send 2 PROPOSAL 0x100000001", "append 0x100000001", "currentEpoch 1". */
    static List<String> describe(List<ZabOutput> outs) {
        List<String> lines = new ArrayList<>();
        for (ZabOutput o : outs) {
            lines.add(line(o));
        }
        return lines;
    }

    static String line(ZabOutput o) {
        if (o instanceof ZabOutput.Send s) {
            return "send " + s.toSid() + " " + PacketType.name(s.packet().type()) + " " + Zxid.hex(s.packet().zxid());
        } else if (o instanceof ZabOutput.Append a) {
            return "append " + Zxid.hex(a.txn().zxid());
        } else if (o instanceof ZabOutput.Apply a) {
            return "apply " + Zxid.hex(a.txn().zxid());
        } else if (o instanceof ZabOutput.Truncate t) {
            return "truncate " + Zxid.hex(t.zxid());
        } else if (o instanceof ZabOutput.InstallSnapshot s) {
            return "snapshot " + Zxid.hex(s.zxid());
        } else if (o instanceof ZabOutput.WriteAcceptedEpoch w) {
            return "acceptedEpoch " + w.epoch();
        } else if (o instanceof ZabOutput.WriteCurrentEpoch w) {
            return "currentEpoch " + w.epoch();
        } else if (o instanceof ZabOutput.Established e) {
            return "established " + e.epoch() + " " + Zxid.hex(e.lastZxid());
        } else if (o instanceof ZabOutput.Synced s) {
            return "synced " + s.epoch() + " " + s.mode();
        } else if (o instanceof ZabOutput.Disconnect d) {
            return "disconnect " + d.sid();
        } else if (o instanceof ZabOutput.Deliver d) {
            return "deliver " + d.fromSid() + " " + PacketType.name(d.packet().type());
        } else if (o instanceof ZabOutput.ElectionNeeded e) {
            return "election";
        } else if (o instanceof ZabOutput.Activate a) {
            return "activate " + Zxid.hex(a.zxid()) + " leader " + a.designatedLeader();
        }
        throw new AssertionError(o);
    }

    static List<Id> noAuth() {
        return null;
    }
}
