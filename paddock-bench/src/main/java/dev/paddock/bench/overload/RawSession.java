package dev.paddock.bench.overload;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.RequestHeader;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One client connection spoken by hand: length-prefixed jute frames written with paddock-jute's records, so an
 * attack can do what no well-behaved client library would (pipeline without limit, never read, lie about a frame's
 * length). Writes are buffered; call {@link #flush()}.
 */
final class RawSession implements AutoCloseable {
    private final Socket socket;
    private final DataOutputStream out;
    private final DataInputStream in;

    private RawSession(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
    }

    /**
     * Opens a TCP connection to 127.0.0.1:{@code port}; {@code receiveBuffer} &gt; 0 shrinks the socket's receive
     * buffer before connecting (a slow reader wants the server's replies to back up quickly).
     */
    static RawSession open(int port, int receiveBuffer, int timeoutMs) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            s.setSoTimeout(timeoutMs);
            return new RawSession(s);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends a ConnectRequest for a new session (as the official client does, with its readOnly flag). */
    void sendConnect(int sessionTimeoutMs) throws IOException {
        JuteOutput o = new JuteOutput(64);
        o.writeInt(0);
        new ConnectRequest(0, 0L, sessionTimeoutMs, 0L, new byte[16]).write(o);
        o.writeBool(false);
        o.setInt(0, o.size() - 4);
        out.write(o.array(), 0, o.size());
        out.flush();
    }

    /** Sends a ConnectRequest and reads the ConnectResponse frame (its contents are not needed). */
    void handshake(int sessionTimeoutMs) throws IOException {
        sendConnect(sessionTimeoutMs);
        if (skipFrame() < 0) {
            throw new IOException("server closed the connection during the handshake");
        }
    }

    /** The bytes of one request frame: length, RequestHeader, then the body (if any). */
    static byte[] frame(int xid, OpCode op, JuteRecord body) {
        JuteOutput o = new JuteOutput(64);
        o.writeInt(0);
        new RequestHeader(xid, op.code).write(o);
        if (body != null) {
            body.write(o);
        }
        o.setInt(0, o.size() - 4);
        return o.toByteArray();
    }

    /** Buffers one request (blocks once the server stops reading and the socket buffers are full). */
    void send(int xid, OpCode op, JuteRecord body) throws IOException {
        out.write(frame(xid, op, body));
    }

    /** Buffers raw bytes. */
    void sendRaw(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
    }

    void sendInt(int v) throws IOException {
        out.writeInt(v);
    }

    void flush() throws IOException {
        out.flush();
    }

    /** Reads one reply frame and drops it; returns its xid, or {@link Integer#MIN_VALUE} at end of stream. */
    int readReplyXid() throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (java.io.EOFException e) {
            return Integer.MIN_VALUE;
        }
        int xid = in.readInt();
        in.skipNBytes(len - 4);
        return xid;
    }

    /** Reads one frame and drops it; returns its length, or -1 at end of stream. */
    int skipFrame() throws IOException {
        int len;
        try {
            len = in.readInt();
        } catch (java.io.EOFException e) {
            return -1;
        }
        in.skipNBytes(len);
        return len;
    }

    /** Reads one byte: -1 when the server has closed the connection. */
    int readByte() throws IOException {
        return in.read();
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
