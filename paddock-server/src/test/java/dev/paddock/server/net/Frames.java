package dev.paddock.server.net;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;

/** Client-side frames for tests. */
final class Frames {
    private Frames() {
    }

    static byte[] connect(boolean withReadOnlyByte) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        new ConnectRequest(0, 0, 30000, 0, new byte[16]).write(out);
        if (withReadOnlyByte) {
            out.writeBool(false);
        }
        out.setInt(0, out.size() - 4);
        return out.toByteArray();
    }

    static byte[] request(int xid, int type, JuteRecord body) {
        JuteOutput out = new JuteOutput();
        out.writeInt(0);
        new RequestHeader(xid, type).write(out);
        if (body != null) {
            body.write(out);
        }
        out.setInt(0, out.size() - 4);
        return out.toByteArray();
    }

    static byte[] raw(int length, byte... body) {
        JuteOutput out = new JuteOutput();
        out.writeInt(length);
        out.writeRaw(body, false);
        return out.toByteArray();
    }
}
