package dev.paddock.server.ensemble;

import dev.paddock.security.FreePorts;
import static org.awaitility.Awaitility.await;

import dev.paddock.server.PaddockServer;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.faults.FaultControl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.zookeeper.ZooKeeper;

/**
 * An ensemble of Paddock servers in the test JVM on loopback: sids 1..voters vote, the next {@code observers}
 * sids observe; each has its own dataDir (with myid) under {@code dir} and ports picked free just before use.
 */
public final class InProcessEnsemble implements AutoCloseable {
    public final Map<Long, PaddockServer> servers = new TreeMap<>();
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final Map<Long, Properties> configs = new TreeMap<>();
    private java.util.function.LongFunction<FaultControl> faults = sid -> null;

    private InProcessEnsemble() {
    }

    static InProcessEnsemble start(Path dir, int voters, int observers) throws IOException {
        return start(dir, voters, observers, sid -> null);
    }

    /** As above, each server with the fault hooks {@code faults} gives it (null: none). */
    public static InProcessEnsemble start(Path dir, int voters, int observers,
                                          java.util.function.LongFunction<FaultControl> faults) throws IOException {
        return start(dir, voters, observers, faults, java.util.Map.of());
    }

    /**
     * As above, every server's settings plus {@code extra} (e.g. the admin server's keys). Each server line names
     * its member's client address ({@code ;127.0.0.1:port}), so members can find each other's client ports.
     */
    public static InProcessEnsemble start(Path dir, int voters, int observers,
            java.util.function.LongFunction<FaultControl> faults, java.util.Map<String, String> extra)
            throws IOException {
        return start(dir, voters, observers, faults, extra, sid -> Map.of());
    }

    /** As above, server {@code sid} also with the settings {@code perServer} gives it (over {@code extra}). */
    public static InProcessEnsemble start(Path dir, int voters, int observers,
            java.util.function.LongFunction<FaultControl> faults, java.util.Map<String, String> extra,
            java.util.function.LongFunction<Map<String, String>> perServer) throws IOException {
        return start("127.0.0.1", dir, voters, observers, faults, extra, perServer);
    }

    /** As above, with {@code host} in the server lines instead of 127.0.0.1 (e.g. localhost for Kerberos). */
    public static InProcessEnsemble start(String host, Path dir, int voters, int observers,
            java.util.function.LongFunction<FaultControl> faults, java.util.Map<String, String> extra,
            java.util.function.LongFunction<Map<String, String>> perServer) throws IOException {
        int n = voters + observers;
        int[][] ports = new int[n + 1][];
        for (int i = 1; i <= n; i++) {
            ports[i] = new int[] {FreePorts.next(), FreePorts.next(), FreePorts.next()};
        }
        InProcessEnsemble e = new InProcessEnsemble();
        e.faults = faults;
        try {
            for (long id = 1; id <= n; id++) {
                Path dataDir = dir.resolve("s" + id);
                Files.createDirectories(dataDir);
                Files.writeString(dataDir.resolve("myid"), Long.toString(id), StandardCharsets.US_ASCII);
                Properties p = new Properties();
                p.setProperty("tickTime", "200");
                p.setProperty("initLimit", "10");
                p.setProperty("syncLimit", "5");
                p.setProperty("dataDir", dataDir.toString());
                p.setProperty("4lw.commands.whitelist", "*");
                for (int i = 1; i <= n; i++) {
                    p.setProperty("server." + i, host + ":" + ports[i][1] + ":" + ports[i][2]
                            + (i > voters ? ":observer" : "") + ";" + host + ":" + ports[i][0]);
                }
                p.putAll(extra);
                p.putAll(perServer.apply(id));
                e.configs.put(id, p);
                e.restart(id);
            }
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    /** Stops server {@code sid} (its data stays for {@link #restart}). */
    public void stop(long sid) {
        PaddockServer s = servers.remove(sid);
        if (s != null) {
            s.close();
        }
    }

    /** Starts server {@code sid} again with its settings, ports and data directory. */
    public PaddockServer restart(long sid) throws IOException {
        PaddockServer s = PaddockServer.startWithFaults(ServerConfig.fromProperties(configs.get(sid)),
                faults.apply(sid));
        servers.put(sid, s);
        return s;
    }

    /** Server {@code sid}'s settings; changes apply from its next {@link #restart}. */
    public Properties config(long sid) {
        return configs.get(sid);
    }

    PaddockServer server(long sid) {
        return servers.get(sid);
    }

    /** An official client connected to server {@code sid} alone, once connected; closed with the ensemble. */
    public ZooKeeper client(long sid, int sessionTimeoutMs) throws IOException {
        ZooKeeper zk = new ZooKeeper("127.0.0.1:" + servers.get(sid).clientPort(), sessionTimeoutMs, e -> { });
        clients.add(zk);
        await().atMost(Duration.ofSeconds(30)).until(() -> zk.getState() == ZooKeeper.States.CONNECTED);
        return zk;
    }

    /** Whether server {@code sid} runs and serves clients (in a role and synced). */
    public boolean serving(long sid) {
        PaddockServer s = servers.get(sid);
        return s != null && s.view().serving();
    }

    /** Waits until every one of {@code sids} serves. */
    public void awaitServing(long... sids) {
        await().atMost(Duration.ofSeconds(40)).until(() -> java.util.Arrays.stream(sids).allMatch(this::serving));
    }

    /** A node created through {@code writer} is seen, after a sync, through each of {@code readers}. */
    public void assertWriteReaches(long writer, long... readers) throws Exception {
        String path = "/from-" + writer + "-" + System.nanoTime();
        client(writer, 10_000).create(path, new byte[] {1}, org.apache.zookeeper.ZooDefs.Ids.OPEN_ACL_UNSAFE,
                org.apache.zookeeper.CreateMode.PERSISTENT);
        for (long r : readers) {
            ZooKeeper zk = client(r, 10_000);
            zk.sync(path, (rc, p, ctx) -> { }, null);
            await().atMost(Duration.ofSeconds(10)).until(() -> zk.exists(path, false) != null);
        }
    }

    /**
     * {@code outsider} stays out for a few seconds (never serving) while the other two serve writes, and the leader
     * counts one synced follower.
     */
    public void assertKeptOut(long outsider, long a, long b) throws Exception {
        awaitServing(a, b);
        assertWriteReaches(a, b);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> !serving(outsider));
        long leader = servers.get(a).view().state().equals("leader") ? a : b;
        org.assertj.core.api.Assertions.assertThat(mntr(leader)).containsEntry("zk_synced_followers", "1");
        assertWriteReaches(b, a);
    }

    /** Server {@code sid}'s answer to mntr, key to value. */
    public Map<String, String> mntr(long sid) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", servers.get(sid).clientPort()), 5_000);
            s.setSoTimeout(5_000);
            s.getOutputStream().write("mntr".getBytes(StandardCharsets.US_ASCII));
            String text = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> out = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                int tab = line.indexOf('\t');
                if (tab > 0) {
                    out.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
            return out;
        }
    }



    @Override
    public void close() {
        for (ZooKeeper zk : clients) {
            try {
                zk.close(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.values().forEach(PaddockServer::close);
    }
}
