package dev.paddock.server;

import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.JuteRecord;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.ConnectRequest;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.DeleteRequest;
import dev.paddock.jute.proto.ExistsRequest;
import dev.paddock.jute.proto.GetChildren2Request;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.jute.proto.RequestHeader;
import dev.paddock.jute.proto.SetDataRequest;
import dev.paddock.server.net.NettyWarmup;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run from which {@code bin/paddock-server} makes its class data sharing archive (AppCDS): the launcher runs
 * this class once per build with {@code -XX:ArchiveClassesAtExit}, and every later start maps the classes it
 * loaded from the archive instead of loading, verifying and linking them from the jars again; a start takes about
 * half the time. It does what a server's life does, in a temporary data directory on ephemeral loopback ports:
 * starts on an empty directory, serves a session's creates, reads, writes, watches and deletes and the
 * four-letter words, stops, then starts again from the snapshot and log it left (recovery) and stops.
 *
 * <p>Exits 0 when the run completed, 1 otherwise (the launcher then starts servers without an archive).
 */
public final class ClassDataTraining {
    private static final List<ACL> OPEN = List.of(new ACL(Perms.ALL, new Id("world", "anyone")));
    private static final int NODES = 300;

    private ClassDataTraining() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run();
        } catch (IOException | RuntimeException e) {
            System.err.println("Class data training failed: " + e);
            status = 1;
        }
        System.exit(status); // the archive is written as the JVM exits
    }

    /** The whole run: two servers' lives, one after the other; fails if a request is not answered with success. */
    static void run() throws IOException {
        NettyWarmup.start(); // as the server's main does
        Path dir = Files.createTempDirectory("paddock-cds-training");
        try {
            Path cfg = dir.resolve("zoo.cfg");
            Files.writeString(cfg, String.join("\n",
                    "tickTime=2000",
                    "dataDir=" + dir.resolve("data"),
                    "clientPort=0",
                    "clientPortAddress=127.0.0.1",
                    "admin.serverPort=0",
                    "admin.serverAddress=127.0.0.1",
                    "4lw.commands.whitelist=*",
                    "snapCount=" + NODES / 2, // the second start reads a snapshot and replays a log
                    ""));
            ServerConfig config = ServerConfig.load(cfg);
            for (int round = 0; round < 2; round++) {
                PaddockServer server = PaddockServer.start(config);
                try {
                    serve(server.clientPort(), round == 0);
                } finally {
                    server.close();
                }
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** A session's common requests; on the first round it fills the tree, on the second it reads it. */
    private static void serve(int port, boolean fill) throws IOException {
        for (String word : List.of("ruok", "srvr", "stat", "mntr", "conf", "cons", "envi", "wchs")) {
            fourLetterWord(port, word);
        }
        try (Wire w = new Wire(port)) {
            String root = "/paddock-training";
            if (fill) {
                w.call(OpCode.CREATE, new CreateRequest(root, new byte[0], OPEN, 0));
                for (int i = 0; i < NODES; i++) {
                    w.call(OpCode.CREATE, new CreateRequest(root + "/n" + i, new byte[64], OPEN, 0));
                    w.call(OpCode.SET_DATA, new SetDataRequest(root + "/n" + i, new byte[128], -1));
                }
                w.call(OpCode.CREATE2, new CreateRequest(root + "/e-", new byte[8], OPEN, 3)); // ephemeral sequential
                w.call(OpCode.DELETE, new DeleteRequest(root + "/n0", -1));
            }
            for (int i = 1; i < NODES; i++) {
                w.call(OpCode.GET_DATA, new GetDataRequest(root + "/n" + i, i % 10 == 0));
                w.call(OpCode.EXISTS, new ExistsRequest(root + "/n" + i, false));
            }
            w.call(OpCode.GET_CHILDREN2, new GetChildren2Request(root, true));
            w.call(OpCode.SET_DATA, new SetDataRequest(root + "/n10", new byte[16], -1)); // fires a data watch
            w.call(OpCode.CLOSE_SESSION, null);
        }
    }

    /** One session over a blocking socket: requests answered one at a time, notifications skipped. */
    private static final class Wire implements AutoCloseable {
        private final Socket socket = new Socket();
        private final DataInputStream in;
        private final OutputStream out;
        private int xid;

        Wire(int port) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            JuteOutput o = frame();
            new ConnectRequest(0, 0, 30_000, 0, new byte[16]).write(o);
            o.writeBool(false);
            send(o);
            readFrame();
        }

        void call(OpCode op, JuteRecord body) throws IOException {
            JuteOutput o = frame();
            int id = ++xid;
            new RequestHeader(id, op.code).write(o);
            if (body != null) {
                body.write(o);
            }
            send(o);
            ReplyHeader h;
            do {
                h = ReplyHeader.read(new JuteInput(readFrame())); // a watch notification (xid -1) may come first
            } while (h.xid() != id);
            if (h.err() != 0) {
                throw new IOException(op + " answered with error " + h.err());
            }
        }

        private static JuteOutput frame() {
            JuteOutput o = new JuteOutput();
            o.writeInt(0);
            return o;
        }

        private void send(JuteOutput o) throws IOException {
            o.setInt(0, o.size() - 4);
            out.write(o.toByteArray());
            out.flush();
        }

        private byte[] readFrame() throws IOException {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            return b;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void fourLetterWord(int port, String word) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.getInputStream().transferTo(new ByteArrayOutputStream());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
