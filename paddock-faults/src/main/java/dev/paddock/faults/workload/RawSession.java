package dev.paddock.faults.workload;

import dev.paddock.client.Acls;
import dev.paddock.jute.CreateMode;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Xids;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * A bare client session over the wire protocol, one request at a time, for the sessions whose end the ephemerals
 * workload must know exactly: {@link #closeSession()} tells whether the server acknowledged the close (Paddock's
 * client swallows that), and {@link #abandon()} drops the TCP connection without a closeSession, as a crashed
 * client would, leaving the session to expire on the servers. After a broken connection {@link #connect()}
 * re-attaches to the same session on any server (or learns that it expired).
 */
final class RawSession {
    /** A definite error reply (a KeeperException code). */
    static final class ErrorReply extends Exception {
        final int code;

        ErrorReply(int code) {
            super("error " + code);
            this.code = code;
        }
    }

    private final List<InetSocketAddress> servers;
    private final int timeoutMs;
    private final int opTimeoutMs;
    private Socket socket;
    private DataInputStream in;
    private DataOutputStream out;
    private long sessionId;
    private byte[] passwd = new byte[16];
    private long lastZxid;
    private int negotiated;
    private int xid = 1;
    private boolean expired;
    private int next;

    RawSession(List<InetSocketAddress> servers, int timeoutMs, int opTimeoutMs) {
        this.servers = servers;
        this.timeoutMs = timeoutMs;
        this.opTimeoutMs = opTimeoutMs;
    }

    long sessionId() {
        return sessionId;
    }

    int negotiatedTimeout() {
        return negotiated;
    }

    boolean expired() {
        return expired;
    }

    boolean connected() {
        return socket != null;
    }

    /**
     * Connects to the next server that answers: a new session the first time, the same session afterwards.
     *
     * @return true when connected; false when no server answered or the session turned out to have expired
     */
    boolean connect() {
        drop();
        for (int i = 0; i < servers.size() && !expired; i++) {
            InetSocketAddress a = servers.get(next++ % servers.size());
            try {
                handshake(new InetSocketAddress(a.getHostString(), a.getPort()));
                return true;
            } catch (IOException e) {
                drop();
            }
        }
        return false;
    }

    private void handshake(InetSocketAddress addr) throws IOException {
        Socket s = new Socket();
        socket = s;
        s.setTcpNoDelay(true);
        s.connect(addr, opTimeoutMs);
        s.setSoTimeout(opTimeoutMs);
        in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
        out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
        JuteOutput o = new JuteOutput(64);
        o.writeInt(0);
        new ConnectRequest(0, lastZxid, timeoutMs, sessionId, passwd).write(o);
        o.writeBool(false);
        o.setInt(0, o.size() - 4);
        out.write(o.array(), 0, o.size());
        out.flush();
        ConnectResponse r = ConnectResponse.read(new JuteInput(readFrame()));
        if (r.timeOut() <= 0) {
            expired = sessionId != 0;
            throw new IOException("session 0x" + Long.toHexString(sessionId) + " refused");
        }
        sessionId = r.sessionId();
        passwd = r.passwd() == null ? new byte[16] : r.passwd();
        negotiated = r.timeOut();
    }

    /** Creates an ephemeral node; an IOException (timeout, broken connection) leaves its outcome unknown. */
    String createEphemeral(String path, byte[] data) throws IOException, ErrorReply {
        JuteInput r = call(OpCode.CREATE, new CreateRequest(path, data, Acls.OPEN_ACL_UNSAFE,
                CreateMode.EPHEMERAL.flag));
        return CreateResponse.read(r).path();
    }

    /** Keeps the session alive; throws when the connection is broken. */
    void ping() throws IOException {
        write(Xids.PING, OpCode.PING, null);
        readReply(Xids.PING);
    }

    /** Sends closeSession; true only when the server acknowledged it. The connection is dropped in any case. */
    boolean closeSession() {
        try {
            call(OpCode.CLOSE_SESSION, null);
            return true;
        } catch (IOException | ErrorReply e) {
            return false;
        } finally {
            drop();
        }
    }

    /** Drops the connection without closing the session. */
    void abandon() {
        drop();
    }

    private JuteInput call(OpCode op, JuteRecord body) throws IOException, ErrorReply {
        if (socket == null) {
            throw new IOException("not connected");
        }
        int x = xid++;
        write(x, op, body);
        JuteInput r = new JuteInput(readReply(x));
        int err = ReplyHeader.read(r).err();
        if (err != 0) {
            throw new ErrorReply(err);
        }
        return r;
    }

    private void write(int x, OpCode op, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput(128);
        o.writeInt(0);
        new RequestHeader(x, op.code).write(o);
        if (body != null) {
            body.write(o);
        }
        o.setInt(0, o.size() - 4);
        out.write(o.array(), 0, o.size());
        out.flush();
    }

    /** The frame of the reply to {@code x} (header included), skipping anything else the server sends. */
    private byte[] readReply(int x) throws IOException {
        while (true) {
            byte[] frame = readFrame();
            ReplyHeader h = ReplyHeader.read(new JuteInput(frame));
            if (h.zxid() > 0) {
                lastZxid = Math.max(lastZxid, h.zxid());
            }
            if (h.xid() == x) {
                return frame;
            }
        }
    }

    private byte[] readFrame() throws IOException {
        int len = in.readInt();
        if (len < 0 || len > 16 * 1024 * 1024) {
            throw new IOException("bad frame length " + len);
        }
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    private void drop() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
