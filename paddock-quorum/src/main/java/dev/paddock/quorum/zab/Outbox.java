package dev.paddock.quorum.zab;

import dev.paddock.jute.quorum.QuorumPacket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** The ordered outputs of one Zab role between two drains, with small builders for common packets. */
final class Outbox {
    private List<ZabOutput> items = new ArrayList<>();

    void add(ZabOutput o) {
        items.add(o);
    }

    void send(long sid, int type, long zxid, byte[] data) {
        items.add(new ZabOutput.Send(sid, new QuorumPacket(type, zxid, data, null)));
    }

    List<ZabOutput> drain() {
        List<ZabOutput> out = items;
        items = new ArrayList<>();
        return out;
    }

    static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }

    /** Reads the 4-byte int payload of LEADERINFO/ACKEPOCH; throws IllegalArgumentException if it is not there. */
    static int readInt(byte[] data, String what) {
        if (data == null || data.length < 4) {
            throw new IllegalArgumentException(what + " without its 4-byte payload");
        }
        return ByteBuffer.wrap(data).getInt();
    }
}
