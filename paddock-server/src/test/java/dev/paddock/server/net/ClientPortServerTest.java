package dev.paddock.server.net;

import dev.paddock.server.ServerView;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.OverloadSettings;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The socket options the client port takes from the overload limits (listen backlog and write water marks), and the
 * buffer pool its connections use.
 */
class ClientPortServerTest {
    @TempDir
    Path tmp;

    private final ServerStats stats = new ServerStats();
    private final ConnectionRegistry registry = new ConnectionRegistry(0);
    private ClientPortServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private static OverloadSettings limits(int backlog, int maxQueuedReplyBytes) {
        OverloadSettings d = OverloadSettings.defaults();
        return new OverloadSettings(d.globalOutstandingLimit(), 0, 100, true, d.connectionThrottle(), 0, backlog,
                d.largeRequestMaxBytes(), -1, d.connectionMaxQueuedRequests(), maxQueuedReplyBytes,
                d.coreMaxInProcess());
    }

    private ClientPortServer bind(OverloadSettings limits) throws IOException {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", tmp.toString());
        FakeGateway gateway = new FakeGateway();
        FourLetterWordCommands words = new FourLetterWordCommands(new ServerView(
                ServerConfig.fromProperties(p), () -> 0, stats, registry, gateway, () -> "standalone", () -> true));
        server = ClientPortServer.bind(new InetSocketAddress("127.0.0.1", 0), ServerConfig.DEFAULT_JUTE_MAXBUFFER,
                limits, gateway, stats, registry, words);
        return server;
    }

    @Test
    void aPositiveBacklogIsTheServerSocketsBacklog() throws IOException {
        assertThat(bind(limits(7, 1 << 20)).listenBacklog()).isEqualTo(7);
    }

    @Test
    void withoutABacklogNettysDefaultIsUsed() throws IOException {
        assertThat(bind(limits(-1, 1 << 20)).listenBacklog()).isEqualTo(NetUtil.SOMAXCONN);
        server.close();
        assertThat(bind(limits(0, 1 << 20)).listenBacklog()).as("0 is not a backlog: the default, as ZooKeeper's "
                + "NIO factory does").isEqualTo(NetUtil.SOMAXCONN);
    }

    @Test
    void eachConnectionsWaterMarksAreTheReplyBytesLimitAndHalfOfIt() throws IOException {
        bind(limits(-1, 65_536));
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 1);
            WriteBufferWaterMark mark = registry.connections().iterator().next().channel().config()
                    .getWriteBufferWaterMark();
            assertThat(mark.high()).isEqualTo(65_536);
            assertThat(mark.low()).isEqualTo(32_768);
        }
    }

    @Test
    void connectionsUseTheServersPoolOfOneMebibyteChunks() throws IOException {
        bind(limits(-1, 1 << 20));
        try (Socket s = new Socket("127.0.0.1", server.localAddress().getPort())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> registry.size() == 1);
            io.netty.buffer.ByteBufAllocator alloc = registry.connections().iterator().next().channel().config()
                    .getAllocator();
            assertThat(alloc).isSameAs(NettyLoops.allocator());
            assertThat(((io.netty.buffer.PooledByteBufAllocator) alloc).metric().chunkSize()).isEqualTo(1 << 20);
        }
    }
}
