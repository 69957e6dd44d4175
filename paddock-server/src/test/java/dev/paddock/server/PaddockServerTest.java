package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.jute.ErrorCode;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.Perms;
import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import dev.paddock.jute.proto.CreateRequest;
import dev.paddock.jute.proto.CreateResponse;
import dev.paddock.jute.proto.GetDataRequest;
import dev.paddock.jute.proto.GetDataResponse;
import dev.paddock.jute.proto.ReplyHeader;
import dev.paddock.server.net.NettyConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The whole server over real sockets, with the real core. */
class PaddockServerTest {
    private static final List<ACL> OPEN = List.of(new ACL(Perms.ALL, new Id("world", "anyone")));

    @TempDir
    Path tmp;

    PaddockServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private Properties props() {
        return TestConfigs.standalone(tmp);
    }

    private PaddockServer start(Properties p) throws IOException {
        server = PaddockServer.start(ServerConfig.fromProperties(p));
        return server;
    }

    @Test
    void startsOnAnEphemeralPortAndStopsCleanly() throws IOException {
        start(props());
        int port = server.clientPort();
        assertThat(port).isPositive();
        assertThat(RawClient.fourLetterWord(port, "ruok")).isEqualTo("imok");
        assertThat(tmp.resolve("data")).isDirectory();
        server.close();
        server.close(); // idempotent
        assertThatThrownBy(() -> new RawClient(port)).isInstanceOf(ConnectException.class);
        try (ServerSocket again = new ServerSocket(port)) { // the port is free again
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void srvrReportsVersionAndMode() throws IOException {
        start(props());
        String srvr = RawClient.fourLetterWord(server.clientPort(), "srvr");
        assertThat(srvr).startsWith("Zookeeper version: " + Version.VERSION + ", built on ")
                .contains("\nLatency min/avg/max: ", "\nReceived: ", "\nSent: ", "\nConnections: 1\n",
                        "\nOutstanding: 0\n", "\nZxid: 0x", "\nMode: standalone\n", "\nNode count: ");
    }

    @Test
    void sessionCreateAndRead() throws IOException {
        start(props());
        try (RawClient c = new RawClient(server.clientPort())) {
            RawClient.Handshake h = c.connect(true);
            assertThat(h.hadReadOnlyByte()).isTrue();
            assertThat(h.response().sessionId()).isNotZero();
            assertThat(h.response().timeOut()).isEqualTo(4000); // 30000 capped by maxSessionTimeout = 20 * 200

            c.send(1, OpCode.CREATE.code, new CreateRequest("/paddock", "hello".getBytes(StandardCharsets.UTF_8), OPEN, 0));
            ReplyHeader[] hdr = new ReplyHeader[1];
            JuteInput in = c.readReply(hdr);
            assertThat(hdr[0].xid()).isEqualTo(1);
            assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
            assertThat(hdr[0].zxid()).isPositive();
            assertThat(CreateResponse.read(in).path()).isEqualTo("/paddock");

            c.send(2, OpCode.GET_DATA.code, new GetDataRequest("/paddock", false));
            in = c.readReply(hdr);
            assertThat(hdr[0].xid()).isEqualTo(2);
            assertThat(new String(GetDataResponse.read(in).data(), StandardCharsets.UTF_8)).isEqualTo("hello");

            String cons = RawClient.fourLetterWord(server.clientPort(), "cons");
            assertThat(cons).contains("sid=0x" + Long.toHexString(h.response().sessionId()), "lop=GETD",
                    "lcxid=0x2", "queued=0,recved=3,sent=3");
            String stat = RawClient.fourLetterWord(server.clientPort(), "stat");
            assertThat(stat).contains("Clients:\n /127.0.0.1:").contains("Mode: standalone");
        }
    }

    /** 0: the core thread reads, handles and answers (no I/O threads); 2: two I/O threads of the client port's own. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void servesWithTheClientIoOnTheCoreThreadOrOnItsOwnThreads(int ioThreads) throws IOException {
        Properties p = props();
        p.setProperty("paddock.clientPort.ioThreads", Integer.toString(ioThreads));
        start(p);
        try (RawClient a = new RawClient(server.clientPort()); RawClient b = new RawClient(server.clientPort())) {
            a.connect(true);
            b.connect(true);
            ReplyHeader[] hdr = new ReplyHeader[1];
            for (int i = 1; i <= 20; i++) {
                a.send(i, OpCode.CREATE.code, new CreateRequest("/n" + i, new byte[] {(byte) i}, OPEN, 0));
                b.send(i, OpCode.GET_DATA.code, new GetDataRequest("/n" + i, false));
                a.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(i);
                assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
                JuteInput in = b.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(i);
                // b's read may reach the core before a's create: either NONODE or the data
                if (hdr[0].err() == ErrorCode.OK.code) {
                    assertThat(GetDataResponse.read(in).data()).containsExactly((byte) i);
                } else {
                    assertThat(hdr[0].err()).isEqualTo(ErrorCode.NONODE.code);
                }
            }
            long ioThreadsAlive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("paddock-io")).count();
            if (ioThreads == 0) {
                assertThat(ioThreadsAlive).isZero();
            } else {
                assertThat(ioThreadsAlive).isEqualTo(2);
            }
        }
    }

    /** Two I/O threads of the client port's own; sessions in use move to the core thread or stay, as told. */
    private void startWithOwnIoThreads(boolean sessionsOnCore) throws IOException {
        Properties p = props();
        p.setProperty("paddock.clientPort.ioThreads", "2");
        p.setProperty("paddock.clientPort.sessionsOnCoreThread", Boolean.toString(sessionsOnCore));
        start(p);
    }

    private NettyConnection connectionOf(long session) {
        return server.view().connections().connections().stream()
                .filter(x -> x.sessionId() == session).findFirst().orElseThrow();
    }

    /** The name of the thread that serves the connection's I/O. */
    private static String ioThreadOf(NettyConnection conn) throws Exception {
        return conn.channel().eventLoop().submit(() -> Thread.currentThread().getName()).get();
    }

    /**
     * With I/O threads of their own, a session that sends requests moves to the core thread (or stays, when told
     * to); requests pipelined right after the handshake straddle the move and are all answered, in order.
     */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aSessionInUseMovesToTheCoreThreadWithItsRepliesInOrder(boolean onCore) throws Exception {
        startWithOwnIoThreads(onCore);
        try (RawClient c = new RawClient(server.clientPort())) {
            long session = c.connect(true).response().sessionId();
            int n = 300;
            for (int i = 1; i <= n; i++) { // no reads in between: replies queue up while the connection moves
                c.send(2 * i - 1, OpCode.CREATE.code, new CreateRequest("/m" + i, new byte[] {(byte) i}, OPEN, 0));
                c.send(2 * i, OpCode.GET_DATA.code, new GetDataRequest("/m" + i, false));
            }
            ReplyHeader[] hdr = new ReplyHeader[1];
            for (int i = 1; i <= n; i++) {
                JuteInput in = c.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(2 * i - 1);
                assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
                assertThat(CreateResponse.read(in).path()).isEqualTo("/m" + i);
                in = c.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(2 * i);
                assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
                assertThat(GetDataResponse.read(in).data()).containsExactly((byte) i);
            }
            String ioThread = ioThreadOf(connectionOf(session));
            if (onCore) {
                assertThat(ioThread).isEqualTo("paddock-core");
            } else {
                assertThat(ioThread).startsWith("paddock-io");
            }
            c.send(2 * n + 1, OpCode.GET_DATA.code, new GetDataRequest("/m1", false)); // still served after it
            c.readReply(hdr);
            assertThat(hdr[0].xid()).isEqualTo(2 * n + 1);
            assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
        }
        // the client's close reaches the core from wherever the connection lives: the session's connection goes
        await().atMost(Duration.ofSeconds(10)).until(() -> server.view().connections().connections().isEmpty());
    }

    /**
     * A burst of megabytes right behind the first request: the I/O thread is still reading it, in passes Netty cuts
     * short and continues later, when the connection moves. Every request is still read once, by one thread at a
     * time, and answered in order.
     */
    @Test
    void aSessionMovesToTheCoreThreadInTheMiddleOfALargeBurst() throws Exception {
        startWithOwnIoThreads(true);
        for (int round = 0; round < 3; round++) {
            try (RawClient c = new RawClient(server.clientPort())) {
                c.connect(true);
                String path = "/burst" + round;
                c.send(1, OpCode.CREATE.code, new CreateRequest(path, new byte[0], OPEN, 0));
                int n = 200;
                byte[] data = new byte[60 * 1024];
                java.util.concurrent.CompletableFuture<Void> writer = java.util.concurrent.CompletableFuture.runAsync(
                        () -> {
                            try {
                                for (int i = 0; i < n; i++) {
                                    data[0] = (byte) i;
                                    c.send(2 + i, OpCode.SET_DATA.code,
                                            new dev.paddock.jute.proto.SetDataRequest(path, data, i));
                                }
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                ReplyHeader[] hdr = new ReplyHeader[1];
                for (int xid = 1; xid <= n + 1; xid++) { // each setData names the version the one before made
                    c.readReply(hdr);
                    assertThat(hdr[0].xid()).isEqualTo(xid);
                    assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
                }
                writer.get();
                c.send(n + 2, OpCode.GET_DATA.code, new GetDataRequest(path, false));
                JuteInput in = c.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(n + 2);
                GetDataResponse r = GetDataResponse.read(in);
                assertThat(r.data()[0]).isEqualTo((byte) (n - 1));
                assertThat(r.stat().version()).isEqualTo(n);
            }
        }
    }

    /**
     * A session whose first requests bring megabytes of replies: they all arrive, in order, and the connection ends
     * up on the core thread (a move is not made while replies are still being written; a later request asks again).
     */
    @Test
    void aSessionMovesOnlyOnceItsRepliesAreOut() throws Exception {
        startWithOwnIoThreads(true);
        ReplyHeader[] hdr = new ReplyHeader[1];
        byte[] big = new byte[900 * 1024];
        try (RawClient w = new RawClient(server.clientPort())) {
            w.connect(true);
            w.send(1, OpCode.CREATE.code, new CreateRequest("/big", big, OPEN, 0));
            w.readReply(hdr);
            assertThat(hdr[0].err()).isEqualTo(ErrorCode.OK.code);
        }
        try (RawClient c = new RawClient(server.clientPort())) {
            long session = c.connect(true).response().sessionId();
            int n = 30;
            for (int i = 1; i <= n; i++) {
                c.send(i, OpCode.GET_DATA.code, new GetDataRequest(i % 2 == 1 ? "/big" : "/", false));
            }
            for (int i = 1; i <= n; i++) {
                JuteInput in = c.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(i);
                assertThat(GetDataResponse.read(in).data()).hasSize(i % 2 == 1 ? big.length : 0);
            }
            NettyConnection conn = connectionOf(session);
            int[] xid = {n};
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                c.send(++xid[0], OpCode.EXISTS.code, new dev.paddock.jute.proto.ExistsRequest("/big", false));
                c.readReply(hdr);
                assertThat(hdr[0].xid()).isEqualTo(xid[0]);
                return "paddock-core".equals(ioThreadOf(conn));
            });
        }
    }

    @Test
    void handshakeWithoutTheReadOnlyByteGetsNoneBack() throws IOException {
        start(props());
        try (RawClient c = new RawClient(server.clientPort())) {
            RawClient.Handshake h = c.connect(false);
            assertThat(h.hadReadOnlyByte()).isFalse();
            assertThat(h.frameLength()).isEqualTo(4 + 4 + 8 + 4 + 16);
        }
    }

    @Test
    void anOversizedFrameClosesOnlyThatConnection() throws IOException {
        Properties p = props();
        p.setProperty("jute.maxbuffer", "4096");
        start(p);
        try (RawClient good = new RawClient(server.clientPort()); RawClient bad = new RawClient(server.clientPort())) {
            good.connect(true);
            bad.connect(true);
            bad.writeRaw(new byte[] {0, 0, 0x10, 1}); // 4097
            assertThat(bad.closedByServer()).isTrue();

            good.send(1, OpCode.CREATE.code, new CreateRequest("/still-here", new byte[0], OPEN, 0));
            ReplyHeader[] hdr = new ReplyHeader[1];
            good.readReply(hdr);
            assertThat(hdr[0].err()).isZero();
        }
        assertThat(RawClient.fourLetterWord(server.clientPort(), "ruok")).isEqualTo("imok");
    }

    @Test
    void aNegativeLengthAndGarbageBodyCloseTheConnectionOnly() throws IOException {
        start(props());
        try (RawClient c = new RawClient(server.clientPort())) {
            c.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0});
            assertThat(c.closedByServer()).isTrue();
        }
        try (RawClient c = new RawClient(server.clientPort())) {
            c.connect(true);
            // a create whose path length says 1000 bytes, in a 12-byte frame
            c.writeRaw(new byte[] {0, 0, 0, 12, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 3, (byte) 0xe8});
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(RawClient.fourLetterWord(server.clientPort(), "ruok")).isEqualTo("imok");
    }

    @Test
    void anUnknownOpDoesNotHurtTheServer() throws IOException {
        start(props());
        try (RawClient c = new RawClient(server.clientPort())) {
            c.connect(true);
            c.send(1, 999, null);
            ReplyHeader[] hdr = new ReplyHeader[1];
            try {
                c.readReply(hdr);
                assertThat(hdr[0].err()).isEqualTo(ErrorCode.UNIMPLEMENTED.code);
            } catch (IOException closed) {
                // the core may also just close the connection
            }
        }
        assertThat(RawClient.fourLetterWord(server.clientPort(), "ruok")).isEqualTo("imok");
    }

    @Test
    void maxClientCnxnsRefusesTheExtraConnection() throws IOException {
        Properties p = props();
        p.setProperty("maxClientCnxns", "2");
        start(p);
        try (RawClient a = new RawClient(server.clientPort()); RawClient b = new RawClient(server.clientPort())) {
            a.connect(true);
            b.connect(true);
            try (RawClient c = new RawClient(server.clientPort())) {
                assertThat(c.closedByServer()).isTrue();
            }
            // a four-letter word is a connection too, so it is refused as well
            String answer;
            try {
                answer = RawClient.fourLetterWord(server.clientPort(), "ruok");
            } catch (java.net.SocketException reset) {
                answer = ""; // closed before or while the word was written
            }
            assertThat(answer).isEmpty();
        }
        // once they are gone there is room again
        await().atMost(Duration.ofSeconds(5)).ignoreExceptions()
                .until(() -> RawClient.fourLetterWord(server.clientPort(), "ruok").equals("imok"));
    }

    @Test
    void aFourLetterWordIsAnsweredWhenTheClientHalfClosesAndAClientConnectionIsClosed() throws IOException {
        start(props());
        for (int i = 0; i < 20; i++) { // the answer comes from the core thread, after the client's FIN arrived
            assertThat(RawClient.fourLetterWord(server.clientPort(), "isro", true)).isEqualTo("rw");
        }
        try (RawClient c = new RawClient(server.clientPort())) {
            c.connect(true);
            c.socket.shutdownOutput();
            assertThat(c.closedByServer()).isTrue();
        }
    }

    @Test
    void nonWhitelistedWordsAnswerExactlyLikeZooKeeper() throws IOException {
        Properties p = props();
        p.remove("4lw.commands.whitelist");
        start(p);
        for (String w : List.of("ruok", "stat", "conf", "cons", "crst", "dump", "envi", "mntr", "wchs", "wchc", "wchp",
                "dirs", "isro", "srst", "gtmk", "hash")) {
            assertThat(RawClient.fourLetterWord(server.clientPort(), w))
                    .isEqualTo(w + " is not executed because it is not in the whitelist.\n");
        }
        assertThat(RawClient.fourLetterWord(server.clientPort(), "srvr")).contains("Mode: standalone");
    }

    @Test
    void everyFourLetterWordAnswers() throws IOException {
        start(props());
        int port = server.clientPort();
        try (RawClient c = new RawClient(port)) {
            long sid = c.connect(true).response().sessionId();
            String hex = "0x" + Long.toHexString(sid);
            c.send(1, OpCode.CREATE.code, new CreateRequest("/eph", new byte[0], OPEN, 1)); // ephemeral
            c.readReply(new ReplyHeader[1]);
            c.send(2, OpCode.GET_DATA.code, new GetDataRequest("/eph", true));
            c.readReply(new ReplyHeader[1]);

            assertThat(RawClient.fourLetterWord(port, "ruok")).isEqualTo("imok");
            assertThat(RawClient.fourLetterWord(port, "isro")).isEqualTo("rw");
            assertThat(RawClient.fourLetterWord(port, "gtmk")).isEqualTo("306");
            assertThat(RawClient.fourLetterWord(port, "conf")).startsWith("clientPort=" + port + "\nsecureClientPort=-1\n")
                    .contains("\ntickTime=200\n", "\nmaxClientCnxns=60\n", "\nminSessionTimeout=400\n",
                            "\nmaxSessionTimeout=4000\n", "\nserverId=0\n");
            assertThat(RawClient.fourLetterWord(port, "envi")).startsWith("Environment:\nzookeeper.version="
                    + Version.fullVersion() + "\n").contains("\njava.version=");
            assertThat(RawClient.fourLetterWord(port, "dirs")).matches("datadir_size: \\d+\nlogdir_size: \\d+\n");
            // Connections of earlier four-letter words close asynchronously: wait until only ours remain.
            org.awaitility.Awaitility.await().untilAsserted(() -> assertThat(RawClient.fourLetterWord(port, "mntr"))
                    .contains("\nzk_num_alive_connections\t2\n"));
            String mntr = RawClient.fourLetterWord(port, "mntr");
            assertThat(mntr).startsWith("zk_version\t" + Version.fullVersion() + "\nzk_server_state\tstandalone\n"
                    + "zk_ephemerals_count\t1\nzk_num_alive_connections\t2\nzk_avg_latency\t")
                    .contains("\nzk_global_sessions\t1\n", "\nzk_watch_count\t1\n", "\nzk_znode_count\t");
            // 26 gauges, then ZooKeeper's 468 counter and summary lines (more once namespaces have summaries)
            assertThat(mntr.split("\n")).hasSizeGreaterThanOrEqualTo(494)
                    .allMatch(l -> l.matches("zk_[a-z0-9_]+\t\\S+.*"));
            assertThat(RawClient.fourLetterWord(port, "dump")).startsWith("SessionTracker dump:\nSession Sets (")
                    .contains("\t" + hex + "\n", "ephemeral nodes dump:\nSessions with Ephemerals (1):\n" + hex
                            + ":\n\t/eph\n", "Connections dump:\n");
            assertThat(RawClient.fourLetterWord(port, "wchs")).isEqualTo(
                    "1 connections watching 1 paths\nTotal watches:1\n");
            assertThat(RawClient.fourLetterWord(port, "wchc")).isEqualTo(hex + "\n\t/eph\n\n");
            assertThat(RawClient.fourLetterWord(port, "wchp")).isEqualTo("/eph\n\t" + hex + "\n\n");
            assertThat(RawClient.fourLetterWord(port, "crst")).isEqualTo("Connection stats reset.\n");
            assertThat(RawClient.fourLetterWord(port, "cons")).contains("recved=0,sent=0,sid=" + hex + ",lop=NA");
            assertThat(RawClient.fourLetterWord(port, "srst")).isEqualTo("Server stats reset.\n");
            assertThat(RawClient.fourLetterWord(port, "hash")).isEmpty();
        }
    }

    @Test
    void pipelinedRequestsFromManyClientsAreAnsweredInOrder() throws Exception {
        // Long session timeouts: on a loaded machine a short one could expire a session and add a close txn.
        Properties p = props();
        p.setProperty("tickTime", "2000");
        start(p);
        int clients = 6;
        int perClient = 150;
        List<RawClient> cs = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                RawClient c = new RawClient(server.clientPort());
                c.connect(true);
                cs.add(c);
            }
            // every client writes all its requests before reading any reply
            for (int i = 0; i < clients; i++) {
                for (int x = 1; x <= perClient; x++) {
                    cs.get(i).send(x, OpCode.CREATE.code, new CreateRequest("/c" + i + "-" + x, new byte[0], OPEN, 0));
                }
            }
            long lastZxid = 0;
            for (int i = 0; i < clients; i++) {
                long prev = 0;
                for (int x = 1; x <= perClient; x++) {
                    ReplyHeader[] hdr = new ReplyHeader[1];
                    JuteInput in = cs.get(i).readReply(hdr);
                    assertThat(hdr[0].xid()).isEqualTo(x);
                    assertThat(hdr[0].err()).isZero();
                    assertThat(hdr[0].zxid()).isGreaterThan(prev);
                    prev = hdr[0].zxid();
                    assertThat(CreateResponse.read(in).path()).isEqualTo("/c" + i + "-" + x);
                }
                lastZxid = Math.max(lastZxid, prev);
            }
            String srvr = RawClient.fourLetterWord(server.clientPort(), "srvr");
            assertThat(srvr).contains("Zxid: 0x" + Long.toHexString(lastZxid) + "\n", "Outstanding: 0\n");
        } finally {
            for (RawClient c : cs) {
                c.close();
            }
        }
    }

    @Test
    void anEnsembleMemberWithoutAQuorumStartsButServesNoClient() throws IOException {
        int[] ports = new int[4];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket free = new ServerSocket(0)) {
                ports[i] = free.getLocalPort();
            }
        }
        Properties p = props();
        p.setProperty("server.1", "127.0.0.1:" + ports[0] + ":" + ports[1]);
        p.setProperty("server.2", "127.0.0.1:" + ports[2] + ":" + ports[3]);
        p.setProperty("server.3", "127.0.0.1:1:2:observer");
        p.setProperty("initLimit", "10");
        p.setProperty("syncLimit", "5");
        java.nio.file.Files.createDirectories(tmp.resolve("data"));
        java.nio.file.Files.writeString(tmp.resolve("data").resolve("myid"), "2");
        start(p);
        // alone, member 2 of two voters can never win an election: its clients are turned away
        try (RawClient c = new RawClient(server.clientPort())) {
            assertThatThrownBy(() -> c.connect(false)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void anEnsembleWithoutMyidIsRefusedSayingWhy() {
        Properties p = props();
        p.setProperty("server.1", "a:2888:3888");
        p.setProperty("server.2", "b:2888:3888");
        p.setProperty("initLimit", "10");
        p.setProperty("syncLimit", "5");
        assertThatThrownBy(() -> start(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("myid file " + tmp.resolve("data").resolve("myid") + " is missing");
    }

    @Test
    void aTakenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            Properties p = props();
            p.setProperty("clientPort", Integer.toString(taken.getLocalPort()));
            assertThatThrownBy(() -> start(p)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot bind the client port");
        }
    }
}
