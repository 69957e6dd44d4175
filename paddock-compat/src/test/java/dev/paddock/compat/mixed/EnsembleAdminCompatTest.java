package dev.paddock.compat.mixed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paddock.compat.AdminHttp;
import dev.paddock.compat.ChildJvm;
import dev.paddock.compat.AdminJson;
import dev.paddock.compat.mixed.Member.Kind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The ensemble side of the admin commands, member against member. First a ZooKeeper-led ensemble (1 Paddock, 2 and
 * 3 ZooKeeper; 3 leads) where the Paddock follower and the ZooKeeper follower answer each command; ZooKeeper's
 * leader's answers are kept. Then a Paddock-led ensemble (1 and 2 ZooKeeper, 3 Paddock; 3 leads) where Paddock's
 * leader answers are compared with them. Same normalization as the standalone comparison ({@link AdminJson}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EnsembleAdminCompatTest {
    private static final List<String> COMMANDS = List.of("leader", "voting_view", "zabstate", "monitor",
        "observers", "server_stats", "is_read_only", "configuration");

    private MixedEnsemble ensemble;
    private final Map<Long, Integer> adminPorts = new LinkedHashMap<>();
    private final Map<String, String> zkLeaderAnswers = new LinkedHashMap<>();
    private AdminJson.Side zkLeaderSide;

    @AfterAll
    void stop() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    /** Starts sids 1-3 of the given kinds, 1 and 3 first so that 3 leads, and creates one node. */
    private void startEnsemble(String name, Kind one, Kind two, Kind three) throws Exception {
        if (ensemble != null) {
            ensemble.close();
        }
        ensemble = new MixedEnsemble(name);
        Kind[] kinds = {one, two, three};
        for (long sid = 1; sid <= 3; sid++) {
            int port = ChildJvm.freePort();
            adminPorts.put(sid, port);
            ensemble.member(sid, kinds[(int) sid - 1], false, Map.of("admin.enableServer", "true",
                "admin.serverAddress", "127.0.0.1", "admin.serverPort", Integer.toString(port)));
        }
        ensemble.allocatePorts();
        ensemble.start(1);
        ensemble.start(3);
        ensemble.awaitMode(3, "leader");
        ensemble.start(2);
        ensemble.awaitMode(1, "follower");
        ensemble.awaitMode(2, "follower");
        // one client per member, then a write through the leader, then a sync and a read through each follower:
        // every member has applied every session and the write before it is asked anything
        ZooKeeper onOne = ensemble.client(1);
        ZooKeeper onTwo = ensemble.client(2);
        ZkOps.create(ensemble.client(3), "/ens", "x");
        for (ZooKeeper follower : List.of(onOne, onTwo)) {
            ZkOps.sync(follower, "/ens");
            assertThat(ZkOps.read(follower, "/ens")).isEqualTo("x");
        }
    }

    private AdminHttp admin(long sid) {
        return new AdminHttp("127.0.0.1", adminPorts.get(sid));
    }

    private AdminJson.Side side(long sid) {
        Member m = ensemble.get(sid);
        return new AdminJson.Side(m.kind.name(), List.of(), m.dataDir.toString(), m.clientPort);
    }

    /**
     * Each member reports its own id, and a voting_view entry shows a client address only for the member asked
     * (the server lines carry none): those become types only. AdminJson normalizes the rest.
     */
    private static JsonNode view(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = (ObjectNode) n;
            if (o.has("learner_type")) {
                o.put("client_address", "<string>");
            }
            for (String own : List.of("server_id", "myid")) {
                if (o.path(own).isNumber()) {
                    o.put(own, "<int>");
                }
            }
        }
        n.forEach(EnsembleAdminCompatTest::view);
        return n;
    }

    private List<String> compare(String zkBody, AdminJson.Side zk, String paddockBody, AdminJson.Side paddock) {
        return AdminJson.compare(zkBody, zk, paddockBody, paddock, EnsembleAdminCompatTest::view);
    }

    @Test
    @Order(1)
    void paddockFollowerAnswersAsZooKeepersFollower() throws Exception {
        startEnsemble("admin-zookeeper-led", Kind.PADDOCK, Kind.ZOOKEEPER, Kind.ZOOKEEPER);
        for (String cmd : COMMANDS) {
            zkLeaderAnswers.put(cmd, admin(3).get("/commands/" + cmd).body());
        }
        zkLeaderSide = side(3);
        Map<String, List<String>> differences = new LinkedHashMap<>();
        for (String cmd : COMMANDS) {
            AdminHttp.Reply zk = admin(2).get("/commands/" + cmd);
            AdminHttp.Reply paddock = admin(1).get("/commands/" + cmd);
            assertThat(paddock.status()).as("%s on the followers", cmd).isEqualTo(zk.status()).isEqualTo(200);
            List<String> d = compare(zk.body(), side(2), paddock.body(), side(1));
            d.addAll(AdminJson.keyOrderDifferences(zk.body(), paddock.body()));
            if (!d.isEmpty()) {
                differences.put(cmd, d);
            }
        }
        assertThat(differences).as("differences between the followers, by command").isEmpty();
    }

    @Test
    @Order(2)
    void paddockLeaderAnswersAsZooKeepersLeader() throws Exception {
        assertThat(zkLeaderAnswers).as("ZooKeeper's leader answers from the first ensemble").hasSize(COMMANDS.size());
        startEnsemble("admin-paddock-led", Kind.ZOOKEEPER, Kind.ZOOKEEPER, Kind.PADDOCK);
        Map<String, List<String>> differences = new LinkedHashMap<>();
        for (String cmd : COMMANDS) {
            AdminHttp.Reply paddock = admin(3).get("/commands/" + cmd);
            assertThat(paddock.status()).as("%s on Paddock's leader", cmd).isEqualTo(200);
            List<String> d = compare(zkLeaderAnswers.get(cmd), zkLeaderSide, paddock.body(), side(3));
            d.addAll(AdminJson.keyOrderDifferences(zkLeaderAnswers.get(cmd), paddock.body()));
            if (!d.isEmpty()) {
                differences.put(cmd, d);
            }
        }
        assertThat(differences).as("differences between the leaders, by command").isEmpty();
    }
}
