package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paddock.jute.OpCode;
import dev.paddock.jute.proto.AuthPacket;
import dev.paddock.jute.proto.ReconfigRequest;
import dev.paddock.jute.proto.ReplyHeader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reconfig request gets while membership changes are not built: ZooKeeper 3.9.3's answers on a standalone
 * server, in its order — RECONFIGDISABLED (-123) unless reconfigEnabled, then NOAUTH (-102) without WRITE on
 * /zookeeper/config, then UNIMPLEMENTED (-6). kazoo does not know -123 and would wait for ever on it.
 */
class ReconfigAnswerTest {
    /** super:test, as ZooKeeper's DigestAuthenticationProvider digests it. */
    private static final String SUPER_DIGEST = "super:D/InIHSb7yEEbrWz8b9l71RjZJU=";

    @TempDir
    Path tmp;
    private PaddockServer server;

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    private int reconfigAnswer(boolean enabled, boolean asSuper) throws IOException {
        Properties p = new Properties();
        p.setProperty("clientPort", "0");
        p.setProperty("dataDir", tmp.resolve("data").toString());
        p.setProperty("reconfigEnabled", String.valueOf(enabled));
        p.setProperty("DigestAuthenticationProvider.superDigest", SUPER_DIGEST);
        server = PaddockServer.start(ServerConfig.fromProperties(p));
        try (RawClient c = new RawClient(server.clientPort())) {
            c.connect(false);
            ReplyHeader[] h = new ReplyHeader[1];
            if (asSuper) {
                c.send(-4, OpCode.AUTH.code, new AuthPacket(0, "digest", "super:test".getBytes(StandardCharsets.UTF_8)));
                c.readReply(h);
                assertThat(h[0].err()).isZero();
            }
            c.send(1, OpCode.RECONFIG.code, new ReconfigRequest("server.2=127.0.0.1:2888:3888;2181", null, null, -1));
            c.readReply(h);
            assertThat(h[0].xid()).isEqualTo(1);
            return h[0].err();
        } finally {
            server.close();
            server = null;
        }
    }

    @Test
    void disabledUnlessReconfigEnabled() throws IOException {
        assertThat(reconfigAnswer(false, true)).isEqualTo(-123);
    }

    @Test
    void enabledButNotSuperIsUnimplementedOnStandaloneAsInZooKeeper() throws IOException {
        // ZooKeeper 3.9.3's PrepRequestProcessor answers UNIMPLEMENTED before it checks the ACL
        assertThat(reconfigAnswer(true, false)).isEqualTo(-6);
    }

    @Test
    void enabledAndSuperIsUnimplemented() throws IOException {
        assertThat(reconfigAnswer(true, true)).isEqualTo(-6);
    }
}
