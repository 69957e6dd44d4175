package dev.paddock.compat;

import dev.paddock.client.testing.TcpProxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs.Ids;
import org.apache.zookeeper.ZooKeeper;
import org.awaitility.Awaitility;

/** Session timeout negotiation, expiry, reattachment with id+password. tickTime 200 so expiry is quick. */
@ServerSettings(tickTime = 200)
class SessionCompatTest extends CompatBase {

    @CompatTest
    void timeoutIsClampedToTwoAndTwentyTicks(ServerUnderTest s) throws Exception {
        assertThat(connect(s.connectString(), 100, null).getSessionTimeout()).isEqualTo(400);
        assertThat(connect(s.connectString(), 1000, null).getSessionTimeout()).isEqualTo(1000);
        assertThat(connect(s.connectString(), 60_000, null).getSessionTimeout()).isEqualTo(4000);
        assertThat(connect(s.connectString(), 4000, null).getSessionTimeout()).isEqualTo(4000);
        assertThat(connect(s.connectString(), 401, null).getSessionTimeout()).isEqualTo(401);
    }

    @CompatTest
    void sessionIdsAreDistinctAndPasswordsAre16Bytes(ServerUnderTest s) throws Exception {
        ZooKeeper a = connect();
        ZooKeeper b = connect();
        assertThat(a.getSessionId()).isNotEqualTo(b.getSessionId()).isNotZero();
        assertThat(a.getSessionPasswd()).hasSize(16);
    }

    @CompatTest
    void ephemeralsGoWhenTheSessionExpires(ServerUnderTest s) throws Exception {
        TcpProxy proxy = closeLater(new TcpProxy(s.clientPort()));
        Events state = new Events(true);
        ZooKeeper doomed = connect(proxy.connectString(), 1000, state);
        doomed.create(path("eph"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        Events watch = new Events();
        zk.exists(path("eph"), watch);
        proxy.cut();
        state.expectState(KeeperState.Disconnected);
        // the server expires the session after its timeout and deletes the ephemeral
        watch.expect(EventType.NodeDeleted, path("eph"));
        assertThat(zk.exists(path("eph"), false)).isNull();
        proxy.restore();
        state.expectState(KeeperState.Expired);
        assertThatThrownBy(() -> doomed.getData(root, false, null)).isInstanceOf(KeeperException.SessionExpiredException.class);
    }

    @CompatTest
    void reattachingWithIdAndPasswordKeepsEphemerals(ServerUnderTest s) throws Exception {
        TcpProxy proxy = closeLater(new TcpProxy(s.clientPort()));
        Events state = new Events(true);
        ZooKeeper first = connect(proxy.connectString(), 4000, state);
        first.create(path("eph"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        long id = first.getSessionId();
        byte[] pw = first.getSessionPasswd();
        proxy.cut();
        state.expectState(KeeperState.Disconnected);
        // a second client takes the session over directly while the first is cut off
        Events state2 = new Events(true);
        ZooKeeper second = closeLater(new ZooKeeper(s.connectString(), 4000, state2, id, pw));
        state2.expectState(KeeperState.SyncConnected);
        assertThat(second.getSessionId()).isEqualTo(id);
        assertThat(second.getSessionTimeout()).isEqualTo(4000);
        assertThat(second.getEphemerals()).containsExactly(path("eph"));
        assertThat(zk.exists(path("eph"), false).getEphemeralOwner()).isEqualTo(id);
        second.close();
        assertThat(zk.exists(path("eph"), false)).isNull();
    }

    @CompatTest
    void wrongPasswordIsRefusedAsExpired(ServerUnderTest s) throws Exception {
        ZooKeeper owner = connect();
        long id = owner.getSessionId();
        byte[] bad = owner.getSessionPasswd().clone();
        bad[0] ^= 0x5a;
        Events state = new Events(true);
        ZooKeeper impostor = closeLater(new ZooKeeper(s.connectString(), 4000, state, owner.getSessionId(), bad));
        state.expectState(KeeperState.Expired);
        assertThat(impostor.getState()).isEqualTo(ZooKeeper.States.CLOSED);
        // the real owner's session survives (ZooKeeper drops its connection first; it reconnects)
        Awaitility.await().atMost(10, TimeUnit.SECONDS).ignoreExceptions()
            .until(() -> owner.exists("/", false) != null);
        assertThat(owner.getSessionId()).isEqualTo(id);
    }

    @CompatTest
    void unknownSessionIdIsExpired(ServerUnderTest s) throws Exception {
        Events state = new Events(true);
        closeLater(new ZooKeeper(s.connectString(), 4000, state, 0x1234_5678L, new byte[16]));
        state.expectState(KeeperState.Expired);
    }

    @CompatTest
    void closedSessionCannotBeReattached(ServerUnderTest s) throws Exception {
        ZooKeeper owner = connect();
        long id = owner.getSessionId();
        byte[] pw = owner.getSessionPasswd();
        owner.close();
        Events state = new Events(true);
        closeLater(new ZooKeeper(s.connectString(), 4000, state, id, pw));
        state.expectState(KeeperState.Expired);
    }

    @CompatTest
    void idleSessionIsKeptAliveByPings(ServerUnderTest s) throws Exception {
        Events state = new Events(true);
        ZooKeeper c = connect(s.connectString(), 800, state);
        c.create(path("alive"), new byte[0], Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        // several session timeouts pass with only client pings (time itself is what is tested here)
        Awaitility.await().pollDelay(3, TimeUnit.SECONDS).atMost(10, TimeUnit.SECONDS).until(() -> true);
        assertThat(state.drain()).extracting(e -> e.getState()).doesNotContain(KeeperState.Expired);
        assertThat(zk.exists(path("alive"), false)).isNotNull();
        assertThat(c.getState()).isEqualTo(ZooKeeper.States.CONNECTED);
    }
}
