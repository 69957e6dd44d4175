package dev.paddock.compat.mixed;

import static org.awaitility.Awaitility.await;

import dev.paddock.compat.ChildJvm;
import dev.paddock.compat.mixed.Member.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A loopback ensemble whose members are ZooKeeper 3.9.3 or Paddock servers in child JVMs, each with its own
 * dataDir, myid and zoo.cfg. Ports are picked just before the configs are written. {@link #close()} kills
 * every child and closes every client; a JVM shutdown hook in {@link Member} is the backstop.
 */
final class MixedEnsemble implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(45);

    private record Spec(Kind kind, boolean observer, Map<String, String> cfg, List<String> jvm) {
    }

    private final Path root;
    private final Map<Long, Spec> specs = new TreeMap<>();
    private final Map<Long, int[]> ports = new TreeMap<>();
    private final Map<Long, Member> members = new TreeMap<>();
    private final List<ZooKeeper> clients = new ArrayList<>();
    private final Map<Long, Integer> dataDirGeneration = new TreeMap<>();

    /** An ensemble whose files (configs, dataDirs, member logs) live under target/mixed/{@code name}. */
    MixedEnsemble(String name) {
        this.root = Path.of("target", "mixed", name).toAbsolutePath();
        ZkOps.deleteTree(root);
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Declares member {@code sid}; extra zoo.cfg keys and child JVM properties apply to it only. */
    MixedEnsemble member(long sid, Kind kind) {
        return member(sid, kind, false, Map.of());
    }

    MixedEnsemble member(long sid, Kind kind, boolean observer, Map<String, String> cfg, String... jvm) {
        specs.put(sid, new Spec(kind, observer, new LinkedHashMap<>(cfg), List.of(jvm)));
        return this;
    }

    /** Picks free client, quorum and election ports for every declared member. */
    MixedEnsemble allocatePorts() {
        for (long sid : specs.keySet()) {
            ports.put(sid, new int[] {ChildJvm.freePort(), ChildJvm.freePort(), ChildJvm.freePort()});
        }
        return this;
    }

    Path dataDir(long sid) {
        return root.resolve("s" + sid + "-" + dataDirGeneration.getOrDefault(sid, 0));
    }

    /** The next start of {@code sid} uses a new, empty dataDir (a replacement server). */
    void freshDataDir(long sid) {
        dataDirGeneration.merge(sid, 1, Integer::sum);
    }

    /** Changes the kind of {@code sid} for its next start (same sid, ports and extra settings). */
    void replaceKind(long sid, Kind kind) {
        Spec s = specs.get(sid);
        specs.put(sid, new Spec(kind, s.observer(), s.cfg(), s.jvm()));
    }

    /** Kills {@code sid} and starts it again as {@code kind} (same sid, ports, settings and dataDir). */
    Member restartAs(long sid, Kind kind) {
        kill(sid);
        replaceKind(sid, kind);
        return start(sid);
    }

    Member start(long sid) {
        if (ports.isEmpty()) {
            allocatePorts();
        }
        Spec spec = specs.get(sid);
        int[] mine = ports.get(sid);
        try {
            Path dataDir = dataDir(sid);
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("myid"), Long.toString(sid), StandardCharsets.US_ASCII);
            StringBuilder cfg = new StringBuilder();
            cfg.append("tickTime=200\ninitLimit=10\nsyncLimit=5\n");
            cfg.append("dataDir=").append(dataDir).append('\n');
            cfg.append("clientPort=").append(mine[0]).append('\n');
            cfg.append("clientPortAddress=127.0.0.1\n");
            cfg.append("4lw.commands.whitelist=*\n");
            cfg.append("admin.enableServer=false\n");
            if (spec.observer()) {
                cfg.append("peerType=observer\n");
            }
            spec.cfg().forEach((k, v) -> cfg.append(k).append('=').append(v).append('\n'));
            for (Map.Entry<Long, Spec> e : specs.entrySet()) {
                int[] p = ports.get(e.getKey());
                cfg.append("server.").append(e.getKey()).append("=127.0.0.1:").append(p[1]).append(':').append(p[2])
                        .append(e.getValue().observer() ? ":observer" : "").append('\n');
            }
            Path zooCfg = root.resolve("zoo-" + sid + "-" + spec.kind().name().toLowerCase() + ".cfg");
            Files.writeString(zooCfg, cfg.toString(), StandardCharsets.UTF_8);
            Member m = Member.start(sid, spec.kind(), mine[0], zooCfg, dataDir, root.resolve("s" + sid + ".log"),
                    spec.jvm());
            members.put(sid, m);
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Member get(long sid) {
        return members.get(sid);
    }

    void stop(long sid) {
        members.get(sid).stop();
    }

    void kill(long sid) {
        members.get(sid).kill();
    }

    /** SIGSTOP / SIGCONT: a member that is alive but hears and says nothing. */
    void suspend(long sid) {
        members.get(sid).signal("STOP");
    }

    /** Waits until a txn carrying {@code text} reached a file in {@code sid}'s dataDir. */
    void awaitLogged(long sid, String text) {
        Path dir = members.get(sid).dataDir;
        await(members.get(sid) + " to log a txn with '" + text + "'").atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(50)).until(() -> ZkOps.anyFileContains(dir, text));
    }

    /** Waits until srvr on {@code sid} reports one of {@code modes}. */
    void awaitMode(long sid, String... modes) {
        Member m = members.get(sid);
        List<String> wanted = Arrays.asList(modes);
        await(m + " to serve as " + wanted).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!m.alive()) {
                        throw new IllegalStateException(m + " exited; its log:\n" + tail(m.logText()));
                    }
                    return wanted.contains(m.mode());
                });
    }

    /** Waits until {@code sid}'s log (this incarnation) contains {@code text}. */
    void awaitLog(long sid, String text) {
        Member m = members.get(sid);
        await(m + " to log '" + text + "'").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> m.logText().contains(text));
    }

    /**
     * Waits for {@code sid}'s learner to report how it synced in this incarnation and returns DIFF, TRUNC or SNAP:
     * Paddock's ZabLearner logs "synced with leader ... by X"; ZooKeeper's Learner logs one line per path.
     */
    String awaitSyncPath(long sid) {
        Member m = members.get(sid);
        if (m.kind == Kind.PADDOCK_IN_PROCESS) {
            throw new UnsupportedOperationException("an in-process member's log is the test's output: " + m);
        }
        String[] path = new String[1];
        await(m + " to sync with its leader").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                .until(() -> (path[0] = syncPath(m)) != null);
        return path[0];
    }

    private static String syncPath(Member m) {
        String log = m.logText();
        if (m.kind == Kind.PADDOCK) {
            java.util.regex.Matcher x = java.util.regex.Pattern.compile("synced with leader \\d+ in epoch \\d+ by (\\w+)")
                    .matcher(log);
            return x.find() ? x.group(1) : null;
        }
        if (log.contains("Getting a diff from the leader")) {
            return "DIFF";
        }
        if (log.contains("Getting a snapshot from leader")) {
            return "SNAP";
        }
        if (log.contains("Truncating log to get in sync with the leader")) {
            return "TRUNC";
        }
        return null;
    }

    static String tail(String log) {
        return log.length() <= 6000 ? log : log.substring(log.length() - 6000);
    }

    /** A ZooKeeper client connected to {@code sid} alone, once it is connected. */
    ZooKeeper client(long sid) {
        return client(sid, 15_000);
    }

    /** As {@link #client(long)} with a session timeout (the servers clamp it to [400, 4000] ms). */
    ZooKeeper client(long sid, int sessionTimeoutMs) {
        CountDownLatch connected = new CountDownLatch(1);
        try {
            ZooKeeper zk = new ZooKeeper("127.0.0.1:" + members.get(sid).clientPort, sessionTimeoutMs, e -> {
                if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                    connected.countDown();
                }
            });
            clients.add(zk);
            if (!connected.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("client did not connect to " + members.get(sid));
            }
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every running ZooKeeper member reports {@code zk_digest_mismatches_count 0} in mntr: its tree digest agreed
     * with every digest its leader sent (ZooKeeper checks them on each txn when the leader sends one), including
     * trees that came from a Paddock snapshot.
     */
    void assertNoDigestMismatch() {
        for (Member m : members.values()) {
            if (m.kind == Kind.ZOOKEEPER && m.alive()) {
                String mntr = m.fourLetterWord("mntr");
                // a member between roles (its leader was just killed) answers "not currently serving": its log
                // still tells whether it ever saw a mismatch
                if (!mntr.contains("not currently serving")) {
                    org.assertj.core.api.Assertions.assertThat(mntr).as("mntr of %s", m)
                            .contains("zk_digest_mismatches_count\t0\n");
                }
                org.assertj.core.api.Assertions.assertThat(m.logText()).as("log of %s", m)
                        .doesNotContain("digest mismatch").doesNotContain("Digests are not matching");
            }
        }
    }

    /**
     * Each of {@code sids} takes a write through its own client ({@code /<tag>-from-<sid>}), and every one of them
     * then reads every write after a sync: writes go through both kinds of member and reach both.
     */
    void assertWritesReachEveryMember(String tag, long... sids) throws Exception {
        for (long writer : sids) {
            ZkOps.create(client(writer), "/" + tag + "-from-" + writer, "v" + writer);
        }
        for (long reader : sids) {
            ZooKeeper r = client(reader);
            for (long writer : sids) {
                ZkOps.sync(r, "/" + tag + "-from-" + writer);
                org.assertj.core.api.Assertions.assertThat(ZkOps.read(r, "/" + tag + "-from-" + writer))
                        .as("on %s", members.get(reader)).isEqualTo("v" + writer);
            }
        }
    }

    /**
     * {@code outsider} runs but serves in no role for a few seconds, while writes through {@code others} reach them
     * all.
     */
    void assertStaysOut(long outsider, long... others) throws Exception {
        Member m = members.get(outsider);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(250))
                .until(() -> m.alive() && m.mode().isEmpty());
        assertWritesReachEveryMember("while-" + m.kind.name().toLowerCase() + "-" + outsider + "-knocks", others);
    }

    /** Every member's log tail, for a failure message. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        members.values().forEach(m -> sb.append("\n===== ").append(m).append(" =====\n").append(tail(m.logText())));
        return sb.toString();
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
        clients.clear();
        members.values().forEach(Member::kill);
    }
}
