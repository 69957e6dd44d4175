package dev.paddock.compat;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;

/**
 * A loopback ensemble for dynamic reconfiguration: every member in its own child JVM with
 * {@code reconfigEnabled=true}, {@code standaloneEnabled=false}, a super user ({@link #SUPER_AUTH}) and server lines
 * that carry client addresses ({@code server.N=127.0.0.1:q:e:participant;127.0.0.1:c}). The target decides which
 * server runs: ZooKeeper 3.9.3's {@code QuorumPeerMain} or Paddock's {@code PaddockServer} on the same files.
 */
final class ReconfigEnsemble implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** {@code addauth digest} credentials of the super user every member accepts. */
    static final String SUPER_AUTH = "super:reconfig";

    /** The server implementation an ensemble runs: all ZooKeeper, all Paddock, or both side by side. */
    enum Target {
        ZOOKEEPER,
        PADDOCK,
        /** Odd server ids run ZooKeeper 3.9.3, even ones Paddock: reconfiguration across the two. */
        MIXED;

        static final String ZOOKEEPER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";
        static final String PADDOCK_MAIN = "dev.paddock.server.PaddockServer";

        /** The main class server {@code sid} runs. */
        String mainClass(long sid) {
            return switch (this) {
                case ZOOKEEPER -> ZOOKEEPER_MAIN;
                case PADDOCK -> PADDOCK_MAIN;
                case MIXED -> sid % 2 == 1 ? ZOOKEEPER_MAIN : PADDOCK_MAIN;
            };
        }
    }

    private final Target target;
    private final Path root;
    private final Map<Long, int[]> ports = new TreeMap<>();
    private final Map<Long, Process> running = new TreeMap<>();

    ReconfigEnsemble(Target target, String name) {
        this.target = target;
        this.root = Path.of("target", "reconfig", name + "-" + target.name().toLowerCase()).toAbsolutePath();
        try {
            if (Files.exists(root)) {
                try (var walk = Files.walk(root)) {
                    walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Target target() {
        return target;
    }

    /** Client, quorum and election ports of {@code sid}, picked on first use. */
    int[] ports(long sid) {
        return ports.computeIfAbsent(sid, s -> new int[] {ChildJvm.freePort(), ChildJvm.freePort(),
                ChildJvm.freePort()});
    }

    int clientPort(long sid) {
        return ports(sid)[0];
    }

    String address(long sid) {
        return "127.0.0.1:" + clientPort(sid);
    }

    /** {@code host:q:e:participant;host:c}, as ZooKeeper writes a member in /zookeeper/config. */
    String spec(long sid) {
        int[] p = ports(sid);
        return "127.0.0.1:" + p[1] + ":" + p[2] + ":participant;127.0.0.1:" + p[0];
    }

    /** {@code server.sid=spec}. */
    String serverLine(long sid) {
        return "server." + sid + "=" + spec(sid);
    }

    String connectString(long... sids) {
        List<String> l = new ArrayList<>();
        for (long s : sids) {
            l.add(address(s));
        }
        return String.join(",", l);
    }

    /** Starts {@code sid} with a configuration listing {@code members} (which should include it). */
    void start(long sid, long... members) {
        try {
            Path dataDir = root.resolve("s" + sid);
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("myid"), Long.toString(sid), StandardCharsets.US_ASCII);
            StringBuilder cfg = new StringBuilder();
            cfg.append("tickTime=200\ninitLimit=20\nsyncLimit=10\n");
            cfg.append("dataDir=").append(dataDir).append('\n');
            cfg.append("reconfigEnabled=true\nstandaloneEnabled=false\n");
            cfg.append("4lw.commands.whitelist=*\nadmin.enableServer=false\n");
            for (long m : members) {
                cfg.append(serverLine(m)).append('\n');
            }
            Path zooCfg = root.resolve("zoo-" + sid + ".cfg");
            Files.writeString(zooCfg, cfg.toString(), StandardCharsets.UTF_8);
            Path logback = root.resolve("logback.xml");
            Files.writeString(logback, ChildJvm.MEMBER_LOGBACK, StandardCharsets.UTF_8);
            List<String> jvm = List.of("-Dzookeeper.admin.enableServer=false",
                    "-Dzookeeper.DigestAuthenticationProvider.superDigest="
                            + DigestAuthenticationProvider.generateDigest(SUPER_AUTH));
            running.put(sid, ChildJvm.start(logback, jvm, root.resolve("s" + sid + ".log"), target.mainClass(sid),
                    zooCfg.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }


    /** Starts members {@code 1..n} as one ensemble and waits until one leads and the others follow. */
    ReconfigEnsemble startAll(int n) {
        long[] all = new long[n];
        for (int i = 0; i < n; i++) {
            all[i] = i + 1;
        }
        for (long sid : all) {
            start(sid, all);
        }
        awaitServing(all);
        return this;
    }

    /** The "Mode:" srvr reports on {@code sid} (leader, follower, ...), or "" while it does not serve. */
    String mode(long sid) {
        try {
            for (String line : RawSession.fourLetterWord(clientPort(sid), "srvr").split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring(6).trim();
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /** Waits until every one of {@code sids} serves as leader or follower and one of them leads. */
    void awaitServing(long... sids) {
        await("members " + java.util.Arrays.toString(sids) + " serving").atMost(TIMEOUT)
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    List<String> modes = new ArrayList<>();
                    for (long s : sids) {
                        modes.add(mode(s));
                    }
                    return modes.contains("leader") && modes.stream().allMatch(m -> m.equals("leader")
                            || m.equals("follower"));
                });
    }

    long leader() {
        return ports.keySet().stream().filter(s -> running.containsKey(s) && mode(s).equals("leader")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no leader among " + running.keySet()));
    }

    /** The members that are not {@code sid}, in sid order. */
    List<Long> others(long sid) {
        return running.keySet().stream().filter(s -> s != sid).collect(Collectors.toList());
    }

    void stop(long sid) {
        Process p = running.remove(sid);
        if (p != null) {
            p.destroyForcibly();
            ChildJvm.awaitExit(p, true);
        }
    }

    /** The tail of every member's log, for failure messages. */
    String logs() {
        StringBuilder sb = new StringBuilder();
        for (long sid : ports.keySet()) {
            Path log = root.resolve("s" + sid + ".log");
            try {
                String text = Files.exists(log) ? Files.readString(log) : "";
                sb.append("\n===== ").append(sid).append(" =====\n")
                        .append(text.length() <= 4000 ? text : text.substring(text.length() - 4000));
            } catch (IOException e) {
                sb.append(e);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        for (long sid : new ArrayList<>(running.keySet())) {
            stop(sid);
        }
    }
}
