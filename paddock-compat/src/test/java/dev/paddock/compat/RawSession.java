package dev.paddock.compat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.apache.jute.BinaryInputArchive;
import org.apache.jute.BinaryOutputArchive;
import org.apache.jute.Record;
import org.apache.zookeeper.proto.ConnectRequest;
import org.apache.zookeeper.proto.ConnectResponse;
import org.apache.zookeeper.proto.ReplyHeader;
import org.apache.zookeeper.proto.RequestHeader;

/**
 * A hand-driven client connection (length-prefixed jute frames), for requests the official client refuses to
 * send (invalid paths, bad TTLs) and for connection-level tests. Uses ZooKeeper's jute records (test scope).
 */
final class RawSession implements AutoCloseable {
    final Socket socket;
    final DataInputStream in;
    final DataOutputStream out;
    ConnectResponse connectResponse;
    private int xid = 1;

    RawSession(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        in = new DataInputStream(socket.getInputStream());
        out = new DataOutputStream(socket.getOutputStream());
    }

    static RawSession connect(int port, int timeoutMs) throws IOException {
        RawSession s = new RawSession(port);
        s.handshake(0, new byte[16], timeoutMs);
        return s;
    }

    /** Sends a ConnectRequest and reads the ConnectResponse (throws EOFException when the server hangs up). */
    ConnectResponse handshake(long sessionId, byte[] passwd, int timeoutMs) throws IOException {
        send(null, new ConnectRequest(0, 0, timeoutMs, sessionId, passwd, false));
        DataInputStream frame = readFrame();
        ConnectResponse r = new ConnectResponse();
        r.deserialize(BinaryInputArchive.getArchive(frame), "connect");
        connectResponse = r;
        return r;
    }

    void send(RequestHeader header, Record body) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        BinaryOutputArchive oa = BinaryOutputArchive.getArchive(buf);
        if (header != null) {
            header.serialize(oa, "header");
        }
        if (body != null) {
            body.serialize(oa, "request");
        }
        byte[] bytes = buf.toByteArray();
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }

    DataInputStream readFrame() throws IOException {
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    /** Sends one request and returns the reply's error code, filling {@code response} when it succeeded. */
    int call(int opCode, Record request, Record response) throws IOException {
        int myXid = xid++;
        send(new RequestHeader(myXid, opCode), request);
        while (true) {
            DataInputStream frame = readFrame();
            BinaryInputArchive ia = BinaryInputArchive.getArchive(frame);
            ReplyHeader h = new ReplyHeader();
            h.deserialize(ia, "header");
            if (h.getXid() == -1) {
                continue; // a watch notification
            }
            if (h.getXid() != myXid) {
                throw new IOException("reply xid " + h.getXid() + " for request xid " + myXid);
            }
            if (h.getErr() == 0 && response != null) {
                response.deserialize(ia, "response");
            }
            return h.getErr();
        }
    }

    /** True if the server closed the connection (read returns EOF or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    /** Sends a four-letter word on a fresh connection and returns the whole answer. */
    static String fourLetterWord(int port, String cmd) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(cmd.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
