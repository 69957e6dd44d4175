package dev.paddock.faults.cluster;

import dev.paddock.faults.net.Firewall;
import dev.paddock.faults.net.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An ensemble of real server processes, one per namespace of a {@link Sandbox}: zoo.cfg and myid per server
 * (server.N=10.231.i.N:2888:3888, client port 2181 on the server's own address), each dataDir a tmpfs. The
 * timing is short (tickTime 100 ms) so elections and session expiry happen quickly under faults.
 *
 * <p>{@link #close()} kills every server, keeps a copy of each data directory (without the disk filler) as
 * {@code server<N>/data-final} and unmounts the tmpfs; zoo.cfg and server.log stay in {@code runDir} for
 * post-mortem. The sandbox itself belongs to the caller.
 */
public final class Cluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    public static final int DEFAULT_TMPFS_MB = 256;
    private static final Set<String> SERVING = Set.of("leader", "follower", "observer", "standalone");

    private final Sandbox sandbox;
    private final Kind kind;
    private final Path runDir;
    private final Map<Integer, ServerNode> nodes = new TreeMap<>();
    private boolean closed;
    private boolean saveData = true;

    private Cluster(Sandbox sandbox, Kind kind, Path runDir) {
        this.sandbox = sandbox;
        this.kind = kind;
        this.runDir = runDir;
    }

    /** Configures and starts one server per namespace of {@code sandbox}; does not wait for a quorum. */
    public static Cluster start(Sandbox sandbox, Kind kind, Path runDir, Map<String, String> extraCfg) {
        Cluster c = create(sandbox, kind, runDir, extraCfg, DEFAULT_TMPFS_MB);
        try {
            c.startAll();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Writes every server's configuration and mounts its tmpfs ({@code tmpfsMb} MiB) without starting anything,
     * so per-server {@link ServerNode#extraEnv} / {@link ServerNode#extraJvmFlags} can be set before
     * {@link #startAll()}. {@code extraCfg} entries replace the defaults.
     */
    public static Cluster create(Sandbox sandbox, Kind kind, Path runDir, Map<String, String> extraCfg,
            int tmpfsMb) {
        Cluster c = new Cluster(sandbox, kind, runDir.toAbsolutePath());
        try {
            for (int n = 1; n <= sandbox.size(); n++) {
                ServerNode node = new ServerNode(n, kind, sandbox, c.runDir.resolve("server" + n));
                c.nodes.put(n, node);
                Files.createDirectories(node.dir());
                sandbox.mountTmpfs(node.dataDir(), tmpfsMb);
                Files.writeString(node.dataDir().resolve("myid"), n + "\n");
                Files.writeString(node.configFile(), c.config(node, extraCfg));
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot set up the cluster in " + runDir, io);
            }
            throw (RuntimeException) e;
        }
        return c;
    }

    private String config(ServerNode node, Map<String, String> extraCfg) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("tickTime", "100");
        keys.put("initLimit", "20");
        keys.put("syncLimit", "10");
        keys.put("dataDir", node.dataDir().toString());
        keys.put("clientPort", Integer.toString(Firewall.CLIENT_PORT));
        keys.put("clientPortAddress", node.address());
        keys.put("snapCount", "2000");
        keys.put("autopurge.purgeInterval", "0");
        keys.put("4lw.commands.whitelist", "*");
        keys.put("admin.enableServer", "false");
        keys.putAll(extraCfg);
        StringBuilder sb = new StringBuilder("# written by paddock-faults for " + sandbox.name() + "\n");
        keys.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
        for (ServerNode n : nodes()) {
            sb.append("server.").append(n.id()).append('=').append(n.address()).append(':')
                    .append(Firewall.QUORUM_PORT).append(':').append(Firewall.ELECTION_PORT).append('\n');
        }
        for (int n = nodes.size() + 1; n <= sandbox.size(); n++) {
            sb.append("server.").append(n).append('=').append(sandbox.address(n)).append(':')
                    .append(Firewall.QUORUM_PORT).append(':').append(Firewall.ELECTION_PORT).append('\n');
        }
        return sb.toString();
    }

    /** Starts every server that is not running. */
    public void startAll() {
        for (ServerNode n : nodes()) {
            if (!n.isAlive()) {
                n.start();
            }
        }
    }

    public Kind kind() {
        return kind;
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    public Path runDir() {
        return runDir;
    }

    public Collection<ServerNode> nodes() {
        return nodes.values();
    }

    public ServerNode node(int id) {
        ServerNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no server " + id + " in " + nodes.keySet());
        }
        return n;
    }

    /** Every server's client address, comma-separated. */
    public String connectString() {
        return nodes().stream().map(ServerNode::clientConnect).collect(Collectors.joining(","));
    }

    /** The server that now answers srvr with Mode: leader, if exactly one does. */
    public Optional<ServerNode> leader() {
        List<ServerNode> leaders = nodes().stream().filter(n -> n.mode().filter("leader"::equals).isPresent())
                .toList();
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    /**
     * Waits until every running, unpaused server serves (srvr answers leader, follower, observer) and exactly one
     * of them leads; returns the leader's id. Servers cut off from clients by the firewall cannot be asked and
     * are skipped like paused ones. Fails after {@code timeout} with each server's state and log tail.
     */
    public int awaitServing(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, String> modes = new TreeMap<>();
        while (true) {
            modes.clear();
            int leader = -1;
            int leaders = 0;
            boolean all = true;
            for (ServerNode n : nodes()) {
                if (!n.isAlive() || n.isPaused() || sandbox.firewall().isClientIsolated(n.id())) {
                    modes.put(n.id(), !n.isAlive() ? "down" : n.isPaused() ? "paused" : "cut off from clients");
                    continue;
                }
                String mode = n.mode().orElse("not serving");
                modes.put(n.id(), mode);
                all &= SERVING.contains(mode);
                if (mode.equals("leader")) {
                    leaders++;
                    leader = n.id();
                }
            }
            if (all && leaders == 1) {
                LOG.info("{} cluster serving, leader {}: {}", kind, leader, modes);
                return leader;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure(timeout, modes));
            }
            try {
                Thread.sleep(100); // polling a remote state: there is no event to wait on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the cluster to serve", e);
            }
        }
    }

    private String failure(Duration timeout, Map<Integer, String> modes) {
        StringBuilder sb = new StringBuilder(kind + " cluster in " + sandbox.name() + " not serving with one leader"
                + " within " + timeout + ": " + modes);
        for (ServerNode n : nodes()) {
            sb.append("\n---- ").append(n).append(" log tail (").append(n.logFile()).append(") ----\n")
                    .append(n.logTail(25));
        }
        return sb.toString();
    }

    /** Kills every server (SIGKILL), leaving the data directories mounted for a look at them. */
    public synchronized void stopServers() {
        for (ServerNode n : nodes()) {
            n.kill9();
        }
    }

    /**
     * Whether {@link #close()} copies each data directory to data-final before unmounting it (the default: a
     * post-mortem needs it; a passing run does not, and a copy of pre-allocated logs costs hundreds of MB).
     */
    public synchronized void saveDataOnClose(boolean save) {
        saveData = save;
    }

    /** Kills every server, saves the data directories as data-final if asked, unmounts the tmpfs. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<RuntimeException> errors = new ArrayList<>();
        for (ServerNode n : nodes()) {
            try {
                n.kill9();
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        for (ServerNode n : nodes()) {
            try {
                if (saveData) {
                    saveDataDir(n);
                }
                sandbox.unmount(n.dataDir());
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        LOG.info("{} cluster in {} closed; files kept in {}", kind, sandbox.name(), runDir);
        if (!errors.isEmpty()) {
            IllegalStateException e = new IllegalStateException("cluster close: " + errors.get(0).getMessage());
            errors.forEach(e::addSuppressed);
            throw e;
        }
    }

    /** Copies the data directory (minus the disk filler) to data-final, for post-mortem after the unmount. */
    private static void saveDataDir(ServerNode n) {
        Path from = n.dataDir();
        Path to = n.dir().resolve("data-final");
        if (!Files.isDirectory(from)) {
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (p.getFileName().toString().equals(ServerNode.FILLER)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + from + " to " + to, e);
        }
    }

    @Override
    public String toString() {
        return kind + " cluster " + nodes() + " in " + sandbox;
    }
}
