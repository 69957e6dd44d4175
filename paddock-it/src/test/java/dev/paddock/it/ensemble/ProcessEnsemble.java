package dev.paddock.it.ensemble;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A pseudo-cluster on loopback: one zoo.cfg per member (ports picked just before the files are written), each
 * member a real {@code bin/paddock-server} process. Closing kills every process; the directories stay (under
 * {@code target/}) for a post-mortem.
 */
public final class ProcessEnsemble implements AutoCloseable {
    /** Generous for a loaded 2-core box: JVM start-up plus an election. */
    public static final Duration FORM_TIMEOUT = Duration.ofSeconds(90);

    private final Map<Long, Member> members = new LinkedHashMap<>();

    private ProcessEnsemble() {
    }

    /**
     * @param participants server ids 1..participants
     * @param observers    server ids participants+1..participants+observers
     * @param settings     extra zoo.cfg keys for every member
     */
    public static ProcessEnsemble create(Path dir, int participants, int observers, Map<String, String> settings)
            throws IOException {
        return create(dir, participants, observers, settings, false);
    }

    /**
     * @param clientPortsOnServerLines give each client port only as {@code server.N=…;127.0.0.1:port} (ZooKeeper
     *                                 3.5's form) instead of {@code clientPort}/{@code clientPortAddress} keys
     */
    public static ProcessEnsemble create(Path dir, int participants, int observers, Map<String, String> settings,
                                         boolean clientPortsOnServerLines) throws IOException {
        ProcessEnsemble e = new ProcessEnsemble();
        Launcher launcher = new Launcher();
        int n = participants + observers;
        int[] ports = freePorts(3 * n);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long sid = i + 1;
            boolean observer = i >= participants;
            Member m = new Member(sid, observer, dir.resolve("server" + sid), ports[3 * i], ports[3 * i + 1],
                    ports[3 * i + 2], launcher);
            e.members.put(sid, m);
            lines.add("server." + sid + "=127.0.0.1:" + m.quorumPort + ":" + m.electionPort
                    + (observer ? ":observer" : "")
                    + (clientPortsOnServerLines ? ";127.0.0.1:" + m.clientPort : ""));
        }
        for (Member m : e.members.values()) {
            m.writeConfig(lines, settings, !clientPortsOnServerLines);
        }
        return e;
    }

    /** Distinct ports free right now on loopback (held open together so none repeats). */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                out[i] = s.getLocalPort();
            }
            return out;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    public Member member(long sid) {
        Member m = members.get(sid);
        if (m == null) {
            throw new IllegalArgumentException("no server." + sid);
        }
        return m;
    }

    public List<Member> members() {
        return List.copyOf(members.values());
    }

    public void startAll() throws IOException {
        for (Member m : members.values()) {
            m.start();
        }
    }

    /** Every listed member's mode, "-" for one that does not serve. */
    public Map<Long, String> modes() {
        Map<Long, String> out = new LinkedHashMap<>();
        for (Member m : members.values()) {
            out.put(m.sid, m.mode().orElse("-"));
        }
        return out;
    }

    /**
     * Waits until every running member serves, with exactly one leader, participants following and observers
     * observing; returns the leader.
     */
    public Member awaitFormed() {
        return awaitFormed(members.values().stream().filter(Member::isAlive).toList());
    }

    public Member awaitFormed(List<Member> running) {
        Map<Long, String>[] last = new Map[1];
        await("ensemble formed among " + running.stream().map(m -> m.sid).toList(), FORM_TIMEOUT, () -> {
            Map<Long, String> modes = new LinkedHashMap<>();
            for (Member m : running) {
                m.checkAlive();
                modes.put(m.sid, m.mode().orElse("-"));
            }
            last[0] = modes;
            long leaders = modes.values().stream().filter("leader"::equals).count();
            return leaders == 1 && running.stream().allMatch(m -> m.observer
                    ? modes.get(m.sid).equals("observer")
                    : Set.of("leader", "follower").contains(modes.get(m.sid)));
        }, () -> "modes " + last[0]);
        return running.stream().filter(m -> "leader".equals(last[0].get(m.sid))).findFirst().orElseThrow();
    }

    /** Waits until {@code m} serves in a mode {@code accept}s. */
    public static String awaitMode(Member m, Predicate<String> accept, Duration timeout) {
        String[] last = {"-"};
        await("server." + m.sid + " mode", timeout, () -> {
            m.checkAlive();
            Optional<String> mode = m.mode();
            last[0] = mode.orElse("-");
            return mode.isPresent() && accept.test(mode.get());
        }, () -> "last mode " + last[0]);
        return last[0];
    }

    public Optional<Member> leader() {
        return members.values().stream().filter(m -> m.mode().filter("leader"::equals).isPresent()).findFirst();
    }

    public List<Member> followers() {
        return members.values().stream().filter(m -> m.mode().filter("follower"::equals).isPresent()).toList();
    }

    /** The connect string of the given members (all when none given). */
    public String connectString(Member... only) {
        List<Member> ms = only.length == 0 ? List.copyOf(members.values()) : List.of(only);
        return ms.stream().map(Member::connectString).collect(Collectors.joining(","));
    }

    public interface Check {
        boolean holds() throws Exception;
    }

    /** Awaitility with a short poll and the given description of the last state on timeout. */
    public static void await(String what, Duration timeout, Check check, java.util.function.Supplier<String> state) {
        try {
            Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException)).until(check::holds);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + " not reached within " + timeout + ": " + state.get(), e);
        }
    }

    /** The last lines of every member's log, for a failure message. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Member m : members.values()) {
            try {
                sb.append("---- ").append(m).append(" ----\n").append(m.tail(lines)).append('\n');
            } catch (IOException e) {
                sb.append("---- ").append(m).append(": log unreadable ").append(e).append('\n');
            }
        }
        return sb.toString();
    }

    /** Kills every member (SIGKILL; a paused one too). */
    @Override
    public void close() throws InterruptedException {
        Set<Long> failed = new HashSet<>();
        for (Member m : members.values()) {
            m.kill9();
            if (m.isAlive()) {
                failed.add(m.sid);
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("servers " + failed + " survived SIGKILL");
        }
    }

    /** A fresh directory under target/ for one test's ensemble. */
    public static Path testDir(String name) throws IOException {
        Path p = Path.of("target", "ensembles", name + "-" + System.currentTimeMillis()).toAbsolutePath();
        Files.createDirectories(p);
        return p;
    }
}
