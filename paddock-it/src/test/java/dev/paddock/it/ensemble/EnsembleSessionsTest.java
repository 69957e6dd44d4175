package dev.paddock.it.ensemble;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Sessions belong to the ensemble, not to one server: a client's session and its ephemerals survive the leader's
 * kill -9 (the client reconnects to its follower or observer under the new leader), a session whose only server
 * is killed expires on the leader and its ephemeral vanishes everywhere, and the whole ensemble killed and
 * restarted keeps its data.
 */
class EnsembleSessionsTest {

    private static boolean existsEverywhere(List<Member> on, String path) throws Exception {
        return countHolding(on, path) == on.size();
    }

    private static int countHolding(List<Member> on, String path) throws Exception {
        int n = 0;
        for (Member m : on) {
            try (ZooKeeper zk = Clients.connect(m.connectString(), 10000)) {
                zk.sync("/");
                if (zk.exists(path, false) != null) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void sessionsSurviveFailoverAndExpireWhenTheirServerDies() throws Exception {
        try (ProcessEnsemble e = ProcessEnsemble.create(ProcessEnsemble.testDir("sessions"), 3, 1, Map.of())) {
            e.startAll();
            Member leader = e.awaitFormed();
            Member observer = e.member(4);
            Member follower = e.followers().get(0);
            try (ZooKeeper onFollower = Clients.connect(follower.connectString(), 4000);
                 ZooKeeper onObserver = Clients.connect(observer.connectString(), 4000)) {
                long sessionA = onFollower.getSessionId();
                long sessionB = onObserver.getSessionId();
                onFollower.create("/persist", new byte[] {1}, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                onFollower.create("/eA", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                onObserver.create("/eB", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

                // the leader dies: both sessions carry on under the new one, with their ephemerals
                leader.kill9();
                Member next = e.awaitFormed(e.members().stream().filter(Member::isAlive).toList());
                assertThat(next.sid).isNotEqualTo(leader.sid);
                ProcessEnsemble.await("both clients write again", Duration.ofSeconds(30), () -> {
                    try {
                        onFollower.setData("/eA", new byte[] {2}, -1);
                        onObserver.setData("/eB", new byte[] {2}, -1);
                        return true;
                    } catch (org.apache.zookeeper.KeeperException.ConnectionLossException ex) {
                        return false;
                    }
                }, () -> "modes " + e.modes());
                assertThat(onFollower.getSessionId()).isEqualTo(sessionA);
                assertThat(onObserver.getSessionId()).isEqualTo(sessionB);
                List<Member> alive = e.members().stream().filter(Member::isAlive).toList();
                assertThat(existsEverywhere(alive, "/eA")).isTrue();
                assertThat(existsEverywhere(alive, "/eB")).isTrue();

                // back to three participants; then the only server client A knows dies: its session expires
                leader.start();
                ProcessEnsemble.awaitMode(leader, "follower"::equals, ProcessEnsemble.FORM_TIMEOUT);
                if (follower == next) {
                    // client A's server is the leader now: killing it is a second failover, as it should be
                    follower.kill9();
                    e.awaitFormed(e.members().stream().filter(Member::isAlive).toList());
                } else {
                    follower.kill9();
                }
                List<Member> rest = e.members().stream().filter(Member::isAlive).toList();
                ProcessEnsemble.await("client A's ephemeral expires everywhere", Duration.ofSeconds(40),
                        () -> countHolding(rest, "/eA") == 0, () -> "modes " + e.modes());
                assertThat(existsEverywhere(rest, "/eB")).as("client B's session lives on").isTrue();
                follower.start();
                ProcessEnsemble.awaitMode(follower, m -> m.equals("follower") || m.equals("leader"),
                        ProcessEnsemble.FORM_TIMEOUT);
                assertThat(countHolding(List.of(follower), "/eA")).isZero();
                assertThat(existsEverywhere(List.of(follower), "/eB")).isTrue();
            }

            // everything killed at once and restarted: the data is all there, on every server
            for (Member m : e.members()) {
                m.kill9();
            }
            e.startAll();
            e.awaitFormed();
            assertThat(existsEverywhere(e.members(), "/persist")).isTrue();
            for (Member m : e.members()) {
                try (ZooKeeper zk = Clients.connect(m.connectString(), 10000)) {
                    zk.sync("/persist");
                    assertThat(zk.getData("/persist", false, null)).as("server %d", m.sid).containsExactly(1);
                }
            }
        }
    }
}
