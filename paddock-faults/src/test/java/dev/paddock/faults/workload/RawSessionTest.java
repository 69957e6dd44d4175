package dev.paddock.faults.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.Acls;
import dev.paddock.client.ConnectString;
import dev.paddock.client.PaddockClient;
import dev.paddock.jute.CreateMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawSessionTest {
    @TempDir
    static Path dir;
    static StandaloneServer server;
    static PaddockClient observer;

    @BeforeAll
    static void start() throws Exception {
        server = new StandaloneServer(dir);
        observer = PaddockClient.builder(server.connect()).sessionTimeout(10_000).build();
        assertThat(observer.awaitConnected(Duration.ofSeconds(10))).isTrue();
    }

    @AfterAll
    static void stop() throws Exception {
        if (observer != null) {
            observer.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private RawSession connected() {
        RawSession s = new RawSession(ConnectString.parse(server.connect()).servers(), 1000, 3000);
        assertThat(s.connect()).isTrue();
        assertThat(s.sessionId()).isNotZero();
        return s;
    }

    @Test
    void acknowledgedCloseRemovesTheEphemeralsAtOnce() throws Exception {
        RawSession s = connected();
        s.createEphemeral("/raw-close", new byte[0]);
        assertThat(observer.exists("/raw-close", false).ephemeralOwner()).isEqualTo(s.sessionId());
        s.ping();
        assertThat(s.closeSession()).isTrue();
        assertThat(observer.exists("/raw-close", false)).isNull();
    }

    @Test
    void abandonedSessionExpiresAndItsEphemeralsGo() throws Exception {
        RawSession s = connected();
        s.createEphemeral("/raw-abandon", new byte[0]);
        s.abandon();
        assertThat(s.connected()).isFalse();
        assertThat(observer.exists("/raw-abandon", false)).isNotNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> observer.exists("/raw-abandon", false) == null);
        assertThat(s.connect()).isFalse();
        assertThat(s.expired()).isTrue();
    }

    @Test
    void reattachesToItsSessionAfterADroppedConnection() throws Exception {
        RawSession s = connected();
        long id = s.sessionId();
        s.abandon();
        assertThat(s.connect()).isTrue();
        assertThat(s.sessionId()).isEqualTo(id);
        s.createEphemeral("/raw-again", new byte[0]);
        assertThat(observer.exists("/raw-again", false).ephemeralOwner()).isEqualTo(id);
        assertThat(s.closeSession()).isTrue();
    }

    @Test
    void definiteErrorsComeBackAsErrorReplies() throws Exception {
        RawSession s = connected();
        observer.create("/raw-taken", new byte[0], Acls.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        try {
            s.createEphemeral("/raw-taken", new byte[0]);
            throw new AssertionError("NODEEXISTS expected");
        } catch (RawSession.ErrorReply e) {
            assertThat(e.code).isEqualTo(-110);
        }
        assertThat(s.closeSession()).isTrue();
    }
}
