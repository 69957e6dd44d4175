package dev.paddock.compat.mixed;

import dev.paddock.compat.AdminHttp;
import dev.paddock.compat.ChildJvm;
import dev.paddock.compat.mixed.Member.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Captures ZooKeeper 3.9.3's admin answers from a loopback ensemble (sids 1-3 voting, sid 4 an observer, every
 * member with its admin server on a free port) into {@code <dir>/admin/ensemble-<role>-<sid>-<command>.json}.
 * Run from the test classpath: {@code java -cp <test classpath> dev.paddock.compat.mixed.ZooKeeperEnsembleCapture
 * [dir]}.
 */
public final class ZooKeeperEnsembleCapture {
    private ZooKeeperEnsembleCapture() {
    }

    static final List<String> COMMANDS = List.of("leader", "voting_view", "zabstate", "monitor", "observers",
        "server_stats", "is_read_only", "observer_connection_stat_reset", "configuration", "initial_configuration");

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "/work/notes/zk-reference");
        Files.createDirectories(out.resolve("admin"));
        Map<Long, Integer> adminPorts = new TreeMap<>();
        MixedEnsemble ensemble = new MixedEnsemble("admin-capture");
        try {
            for (long sid = 1; sid <= 4; sid++) {
                int port = ChildJvm.freePort();
                adminPorts.put(sid, port);
                ensemble.member(sid, Kind.ZOOKEEPER, sid == 4, Map.of("admin.enableServer", "true",
                    "admin.serverAddress", "127.0.0.1", "admin.serverPort", Integer.toString(port)));
            }
            ensemble.allocatePorts();
            for (long sid = 1; sid <= 4; sid++) {
                ensemble.start(sid);
            }
            ensemble.awaitMode(3, "leader");
            ensemble.awaitMode(1, "follower");
            ensemble.awaitMode(2, "follower");
            ensemble.awaitMode(4, "observer");
            ensemble.client(1).create("/ens", new byte[0], org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
            List<String> status = new ArrayList<>();
            for (long sid = 1; sid <= 4; sid++) {
                AdminHttp admin = new AdminHttp("127.0.0.1", adminPorts.get(sid));
                String role = ensemble.get(sid).mode();
                for (String cmd : COMMANDS) {
                    AdminHttp.Reply r = admin.get("/commands/" + cmd);
                    String name = "admin/ensemble-" + role + "-" + sid + "-" + cmd + ".json";
                    Files.writeString(out.resolve(name), r.body(), StandardCharsets.UTF_8);
                    status.add("GET /commands/" + cmd + " on " + role + " sid " + sid + " -> " + r.status() + " "
                        + r.contentType());
                }
            }
            Files.write(out.resolve("admin/ENSEMBLE-STATUS.txt"), status, StandardCharsets.UTF_8);
            System.out.println(String.join("\n", status));
        } finally {
            ensemble.close();
        }
    }
}
