package dev.paddock.compat.mixed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.paddock.client.ClientState;
import dev.paddock.client.PaddockClient;
import dev.paddock.compat.mixed.Member.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Read-only mode across an outage, the same scenario on three Paddock servers, on three ZooKeeper 3.9.3 servers and
 * on a mixed one (a Paddock member left alone by two ZooKeeper members):
 * two members stop, the third serves canBeReadOnly clients (the official client and Paddock's) from its replica
 * and refuses their writes with NOTREADONLY; when the two return, both clients leave the read-only server for a
 * read-write one by themselves (ConnectedReadOnly, then SyncConnected) and write. ZooKeeper's read-only server
 * opens only local sessions, so both ensembles run with localSessionsEnabled=true; ZooKeeper reads
 * readonlymode.enabled as a system property only, Paddock from zoo.cfg too.
 */
class ReadOnlyModeCompatTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * The member that stays (sid 1) and the two that stop, by kind. The ZooKeeper member beside Paddock members
     * keeps local sessions whose writes a Paddock leader accepts as another server's local sessions.
     */
    static Stream<Arguments> ensembles() {
        return Stream.of(Arguments.of(Kind.PADDOCK_IN_PROCESS, Kind.PADDOCK_IN_PROCESS),
                Arguments.of(Kind.ZOOKEEPER, Kind.ZOOKEEPER),
                Arguments.of(Kind.PADDOCK_IN_PROCESS, Kind.ZOOKEEPER),
                Arguments.of(Kind.ZOOKEEPER, Kind.PADDOCK_IN_PROCESS));
    }

    @ParameterizedTest(name = "{0} stays, two {1} stop")
    @MethodSource("ensembles")
    void readOnlyClientsAcrossAnOutage(Kind staying, Kind stopping) throws Exception {
        String name = "read-only-" + staying.name().toLowerCase() + "-" + stopping.name().toLowerCase();
        try (MixedEnsemble e = new MixedEnsemble(name)) {
            for (long sid = 1; sid <= 3; sid++) {
                Kind kind = sid == 1 ? staying : stopping;
                Map<String, String> cfg = kind == Kind.ZOOKEEPER ? Map.of("localSessionsEnabled", "true")
                        : Map.of("localSessionsEnabled", "true", "readonlymode.enabled", "true");
                e.member(sid, kind, false, cfg, "-Dreadonlymode.enabled=true");
            }
            e.allocatePorts();
            for (long sid = 1; sid <= 3; sid++) {
                e.start(sid);
            }
            for (long sid = 1; sid <= 3; sid++) {
                e.awaitMode(sid, "leader", "follower");
            }
            String all = LongStream.rangeClosed(1, 3).mapToObj(sid -> "127.0.0.1:" + e.get(sid).clientPort)
                    .collect(Collectors.joining(","));
            e.client(3).create("/kept", "before".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.PERSISTENT);
            assertThat(e.get(1).fourLetterWord("isro")).isEqualTo("rw");

            e.stop(2);
            e.stop(3);
            e.awaitMode(1, "read-only");
            assertThat(e.get(1).fourLetterWord("isro")).isEqualTo("ro");
            assertThat(e.get(1).fourLetterWord("srvr")).contains("READ-ONLY mode; serving only read-only clients\n");
            assertThat(e.get(1).fourLetterWord("mntr")).contains("zk_server_state\tread-only\n");

            List<Watcher.Event.KeeperState> official = new CopyOnWriteArrayList<>();
            ZooKeeper zk = new ZooKeeper(all, 10_000, ev -> {
                if (ev.getType() == Watcher.Event.EventType.None) {
                    official.add(ev.getState());
                }
            }, true);
            List<dev.paddock.jute.KeeperState> paddock = new CopyOnWriteArrayList<>();
            PaddockClient pc = PaddockClient.builder(all).sessionTimeout(10_000).canBeReadOnly(true)
                    .watcher(ev -> {
                        if (ev.path() == null) {
                            paddock.add(ev.state());
                        }
                    }).build();
            try {
                await().atMost(WAIT).until(() -> zk.getState() == ZooKeeper.States.CONNECTEDREADONLY);
                await().atMost(WAIT).until(() -> pc.getState() == ClientState.CONNECTED_READ_ONLY);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(official)
                        .containsExactly(Watcher.Event.KeeperState.ConnectedReadOnly));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(paddock)
                        .containsExactly(dev.paddock.jute.KeeperState.CONNECTED_READ_ONLY));

                assertThat(new String(zk.getData("/kept", false, null), StandardCharsets.UTF_8)).isEqualTo("before");
                assertThat(new String(pc.getData("/kept", false).data(), StandardCharsets.UTF_8)).isEqualTo("before");
                assertThatThrownBy(() -> zk.setData("/kept", new byte[0], -1))
                        .isInstanceOf(KeeperException.NotReadOnlyException.class);
                assertThatThrownBy(() -> pc.setData("/kept", new byte[0], -1))
                        .isInstanceOf(dev.paddock.client.KeeperException.NotReadOnlyException.class);
                assertThatThrownBy(() -> zk.sync("/kept")).isInstanceOf(KeeperException.NotReadOnlyException.class);

                e.start(2);
                e.start(3);
                await().atMost(WAIT).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
                await().atMost(WAIT).until(() -> pc.getState() == ClientState.CONNECTED);
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(official)
                        .startsWith(Watcher.Event.KeeperState.ConnectedReadOnly)
                        .endsWith(Watcher.Event.KeeperState.SyncConnected));
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(paddock)
                        .startsWith(dev.paddock.jute.KeeperState.CONNECTED_READ_ONLY)
                        .endsWith(dev.paddock.jute.KeeperState.SYNC_CONNECTED));
                zk.setData("/kept", "official".getBytes(StandardCharsets.UTF_8), -1);
                pc.setData("/kept", "paddock".getBytes(StandardCharsets.UTF_8), -1);
            } finally {
                zk.close();
                pc.close();
            }
        }
    }
}
