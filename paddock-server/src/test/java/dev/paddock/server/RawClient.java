package dev.paddock.server;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.ConnectResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** A minimal wire-level client for tests: frames, handshake, requests, four-letter words. */
final class RawClient implements AutoCloseable {
    final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    record Handshake(ConnectResponse response, int frameLength, boolean hadReadOnlyByte, boolean readOnlyServer) {
    }

    Handshake connect(boolean withReadOnlyByte) throws IOException {
        return connect(withReadOnlyByte, false);
    }

    /** As above; {@code canBeReadOnly} is the value of the readOnly byte (the client accepts a read-only server). */
    Handshake connect(boolean withReadOnlyByte, boolean canBeReadOnly) throws IOException {
        JuteOutput o = new JuteOutput();
        o.writeInt(0);
        new ConnectRequest(0, 0, 30000, 0, new byte[16]).write(o);
        if (withReadOnlyByte) {
            o.writeBool(canBeReadOnly);
        }
        o.setInt(0, o.size() - 4);
        writeRaw(o.toByteArray());
        byte[] frame = readFrame();
        JuteInput i = new JuteInput(frame);
        ConnectResponse r = ConnectResponse.read(i);
        boolean ro = false;
        boolean readOnlyServer = false;
        if (i.remaining() > 0) {
            ro = true;
            readOnlyServer = i.readBool();
        }
        return new Handshake(r, frame.length, ro, readOnlyServer);
    }

    void send(int xid, int type, JuteRecord body) throws IOException {
        JuteOutput o = new JuteOutput();
        o.writeInt(0);
        new RequestHeader(xid, type).write(o);
        if (body != null) {
            body.write(o);
        }
        o.setInt(0, o.size() - 4);
        writeRaw(o.toByteArray());
    }

    void writeRaw(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    byte[] readFrame() throws IOException {
        int len = in.readInt();
        byte[] b = new byte[len];
        in.readFully(b);
        return b;
    }

    /** The next reply that is not a watch notification; the input is positioned after its header. */
    JuteInput readReply(ReplyHeader[] header) throws IOException {
        while (true) {
            JuteInput i = new JuteInput(readFrame());
            ReplyHeader h = ReplyHeader.read(i);
            if (h.xid() != -1) {
                header[0] = h;
                return i;
            }
        }
    }

    /** True when the server has closed the connection (EOF or reset) within the socket timeout. */
    boolean closedByServer() throws IOException {
        try {
            InputStream s = socket.getInputStream();
            while (true) {
                int b = s.read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends a four-letter word and returns the whole answer (the server closes afterwards). */
    static String fourLetterWord(int port, String word) throws IOException {
        return fourLetterWord(port, word, false);
    }

    /**
     * As above; with {@code halfClose} the client shuts its output down after the word, as ZooKeeper's client does
     * when it asks servers "isro".
     */
    static String fourLetterWord(int port, String word, boolean halfClose) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            if (halfClose) {
                s.shutdownOutput();
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            s.getInputStream().transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
