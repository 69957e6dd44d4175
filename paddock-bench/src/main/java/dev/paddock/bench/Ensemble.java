package dev.paddock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * A pseudo-cluster of one server kind on loopback: N child JVMs, each with its own dataDir and myid, ephemeral
 * client, quorum and election ports, and the same zoo.cfg otherwise. Sessions of the load generator are spread
 * over the members round-robin; CPU and RSS are summed over the members.
 */
public final class Ensemble implements LoadTarget, AutoCloseable {
    private final ServerKind kind;
    private final Path baseDir;
    private final List<ServerProcess> members = new ArrayList<>();

    private Ensemble(ServerKind kind, Path baseDir) {
        this.kind = kind;
        this.baseDir = baseDir;
    }

    /** Starts {@code size} members and waits until one leads and every other follows. */
    public static Ensemble start(ServerKind kind, String classpath, List<String> jvmFlags, int size)
            throws IOException {
        Path dir = Files.createTempDirectory("paddock-bench-ensemble-" + kind.name().toLowerCase() + "-");
        if (!Boolean.getBoolean("paddock.bench.keepEnsembleDirs")) {
            ServerProcess.deleteAtExit(dir);
        }
        Ensemble e = new Ensemble(kind, dir);
        try {
            int[][] ports = new int[size][];
            for (int i = 0; i < size; i++) {
                ports[i] = new int[] {ServerProcess.freePort(), ServerProcess.freePort(), ServerProcess.freePort()};
            }
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                lines.add("server." + (i + 1) + "=127.0.0.1:" + ports[i][1] + ":" + ports[i][2]);
            }
            for (int i = 0; i < size; i++) {
                e.members.add(ServerProcess.startMember(kind, classpath, jvmFlags, dir.resolve("s" + (i + 1)), i + 1,
                        ports[i][0], lines));
            }
            e.awaitQuorum(120_000);
        } catch (IOException | RuntimeException ex) {
            e.close();
            throw ex;
        }
        return e;
    }

    public ServerKind kind() {
        return kind;
    }

    public int size() {
        return members.size();
    }

    public ServerProcess member(int i) {
        return members.get(i);
    }

    @Override
    public String connectString(int session) {
        return members.get(session % members.size()).connectString();
    }

    @Override
    public double cpuSeconds() {
        double sum = 0;
        for (ServerProcess p : members) {
            sum += p.cpuSeconds();
        }
        return sum;
    }

    @Override
    public long rssBytes() {
        long sum = 0;
        for (ServerProcess p : members) {
            sum += Math.max(0, p.rssBytes());
        }
        return sum;
    }

    /**
     * The role a member serves in ("leader", "follower", "observer"), from the {@code zk_server_state} line of its
     * {@code mntr}; null while it does not serve (both servers answer mntr only then) or does not answer.
     */
    public String mode(int i) {
        ServerProcess p = members.get(i);
        if (!p.isAlive()) {
            return null;
        }
        String mntr = p.fourLetterWord("mntr", 500);
        if (mntr == null) {
            return null;
        }
        for (String line : mntr.split("\n")) {
            if (line.startsWith("zk_server_state\t")) {
                return line.substring("zk_server_state\t".length()).trim();
            }
        }
        return null;
    }

    /** The index of the member that leads, or -1. */
    public int leader() {
        for (int i = 0; i < members.size(); i++) {
            if ("leader".equals(mode(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Waits until every live member serves: exactly one leader, the others following. */
    public int awaitQuorum(long timeoutMs) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            int leaders = 0;
            int followers = 0;
            int leader = -1;
            int live = 0;
            for (int i = 0; i < members.size(); i++) {
                if (!members.get(i).isAlive()) {
                    continue;
                }
                live++;
                String m = mode(i);
                if ("leader".equals(m)) {
                    leaders++;
                    leader = i;
                } else if ("follower".equals(m)) {
                    followers++;
                }
            }
            if (leaders == 1 && leaders + followers == live) {
                return leader;
            }
            ServerProcess.sleepMs(20);
        }
        StringBuilder sb = new StringBuilder(kind.label() + " ensemble did not form within " + timeoutMs + " ms:");
        for (int i = 0; i < members.size(); i++) {
            sb.append("\nmember ").append(i + 1).append(" mode ").append(mode(i)).append(", log tail:\n")
                    .append(ServerProcess.tail(members.get(i).logFile(), 15));
        }
        throw new IOException(sb.toString());
    }

    /** SIGKILLs member {@code i}. */
    public void kill(int i) {
        members.get(i).kill();
    }

    /** Starts a killed member again on its ports and dataDir. */
    public void restart(int i) throws IOException {
        members.get(i).relaunch();
    }

    @Override
    public void close() {
        members.forEach(ServerProcess::close);
        if (Boolean.getBoolean("paddock.bench.keepEnsembleDirs")) {
            LoggerFactory.getLogger(Ensemble.class).info("kept {} (data and logs of the members)", baseDir);
            return;
        }
        ServerProcess.deleteTree(baseDir);
    }
}
