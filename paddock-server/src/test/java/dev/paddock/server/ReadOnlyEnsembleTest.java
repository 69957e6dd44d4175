package dev.paddock.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.ensemble.InProcessEnsemble;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * readonlymode.enabled over real sockets: a member cut off from its quorum serves read-only clients (the official
 * ZooKeeper client with canBeReadOnly) and drops them when the quorum returns; the client then finds the
 * read-write server itself.
 */
class ReadOnlyEnsembleTest {
    private static final Map<String, String> READ_ONLY = Map.of("readonlymode.enabled", "true",
            "localSessionsEnabled", "true", "admin.enableServer", "true", "admin.serverPort", "0",
            "admin.serverAddress", "127.0.0.1");

    @TempDir
    Path tmp;

    private InProcessEnsemble ensemble;
    private ZooKeeper zk;

    @AfterEach
    void tearDown() throws InterruptedException {
        if (zk != null) {
            zk.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    private String connectString() {
        return ensemble.servers.values().stream().map(s -> "127.0.0.1:" + s.clientPort())
                .collect(Collectors.joining(","));
    }

    /** The admin server's is_read_only answer, e.g. "true" (its read_only field). */
    private static String adminReadOnly(PaddockServer s) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                        + s.adminAddress().getPort() + "/commands/is_read_only")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"read_only\"\\s*:\\s*(\\w+)").matcher(r.body());
        return m.find() ? m.group(1) : r.body();
    }

    private void awaitAllServe() {
        await().atMost(Duration.ofSeconds(30)).until(() -> ensemble.servers.values().stream()
                .allMatch(s -> s.view().serving() && !s.view().state().equals("read-only")));
    }

    @Test
    void aMemberWithoutQuorumServesReadOnlyClientsUntilTheQuorumReturns() throws Exception {
        ensemble = InProcessEnsemble.start(tmp, 3, 0, sid -> null, READ_ONLY);
        awaitAllServe();
        String all = connectString();
        ZooKeeper writer = new ZooKeeper(all, 10_000, e -> { });
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> writer.getState() == ZooKeeper.States.CONNECTED);
            writer.create("/kept", "before".getBytes(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } finally {
            writer.close();
        }
        PaddockServer one = ensemble.servers.get(1L);
        assertThat(RawClient.fourLetterWord(one.clientPort(), "isro")).isEqualTo("rw");
        assertThat(adminReadOnly(one)).isEqualTo("false");

        ensemble.stop(2);
        ensemble.stop(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> "ro".equals(RawClient.fourLetterWord(one.clientPort(), "isro")));
        String srvr = RawClient.fourLetterWord(one.clientPort(), "srvr");
        assertThat(srvr).contains("READ-ONLY mode; serving only read-only clients\n").contains("Mode: read-only\n");
        assertThat(RawClient.fourLetterWord(one.clientPort(), "mntr")).contains("zk_server_state\tread-only\n");
        assertThat(adminReadOnly(one)).isEqualTo("true");

        try (RawClient raw = new RawClient(one.clientPort())) {
            assertThatThrownBy(() -> raw.connect(true, false)).as("a client that wants read-write is refused")
                    .isInstanceOf(IOException.class);
        }
        try (RawClient raw = new RawClient(one.clientPort())) {
            RawClient.Handshake h = raw.connect(true, true);
            assertThat(h.response().sessionId()).isNotZero();
            assertThat(h.readOnlyServer()).as("the connect response's readOnly flag").isTrue();
        }

        List<Watcher.Event.KeeperState> states = new CopyOnWriteArrayList<>();
        zk = new ZooKeeper(all, 10_000, e -> {
            if (e.getType() == Watcher.Event.EventType.None) {
                states.add(e.getState());
            }
        }, true);
        await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == ZooKeeper.States.CONNECTEDREADONLY);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(states)
                .containsExactly(Watcher.Event.KeeperState.ConnectedReadOnly));
        assertThat(new String(zk.getData("/kept", false, null))).isEqualTo("before");
        assertThatThrownBy(() -> zk.setData("/kept", "no".getBytes(), -1))
                .isInstanceOf(KeeperException.NotReadOnlyException.class);
        assertThatThrownBy(() -> zk.create("/new", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT))
                .isInstanceOf(KeeperException.NotReadOnlyException.class);

        ensemble.restart(2);
        ensemble.restart(3);
        await().atMost(Duration.ofSeconds(60)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(states)
                .startsWith(Watcher.Event.KeeperState.ConnectedReadOnly)
                .endsWith(Watcher.Event.KeeperState.SyncConnected));
        zk.setData("/kept", "after".getBytes(), -1);
        await().atMost(Duration.ofSeconds(20)).until(() -> "rw".equals(RawClient.fourLetterWord(one.clientPort(),
                "isro")));
    }

    @Test
    void withoutTheSettingAMemberWithoutQuorumServesNoOne() throws Exception {
        ensemble = InProcessEnsemble.start(tmp, 3, 0, sid -> null, Map.of());
        awaitAllServe();
        PaddockServer one = ensemble.servers.get(1L);
        ensemble.stop(2);
        ensemble.stop(3);
        await().atMost(Duration.ofSeconds(20)).until(() -> !one.view().serving());
        // longer than the read-only grace period (2 s) ZooKeeper would wait before serving read-only clients
        await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(5))
                .until(() -> "This ZooKeeper instance is not currently serving requests\n"
                        .equals(RawClient.fourLetterWord(one.clientPort(), "srvr")));
        assertThat(RawClient.fourLetterWord(one.clientPort(), "isro")).isEqualTo("null");
    }
}
