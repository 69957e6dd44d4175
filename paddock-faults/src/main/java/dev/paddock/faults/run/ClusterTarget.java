package dev.paddock.faults.run;

import dev.paddock.faults.cluster.Cluster;
import dev.paddock.faults.cluster.Kind;
import dev.paddock.faults.cluster.ServerNode;
import dev.paddock.faults.nemesis.FaultTarget;
import dev.paddock.faults.net.Sandbox;
import dev.paddock.faults.net.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nemesis's hands on a real ensemble: iptables in the server namespaces, signals to the server processes,
 * a filler file on each data directory's tmpfs, and
 * (Paddock only) the fault-hook control file each server watches.
 */
final class ClusterTarget implements FaultTarget, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTarget.class);
    private final Sandbox sandbox;
    private final Cluster cluster;
    /** Per Paddock server: disk delay, quorum delay, quorum jitter, clock offset (ms), as in its hook file. */
    private final Map<Integer, long[]> hookValues = new HashMap<>();
    private final Map<Integer, Path> hookFiles = new HashMap<>();
    /** Servers the nemesis killed: their death is expected until it restarts them. */
    private final Set<Integer> killed = ConcurrentHashMap.newKeySet();
    /** Servers whose disk is full: exiting then is what ZooKeeper does too; restarted when the disk is freed. */
    private final Set<Integer> diskFull = ConcurrentHashMap.newKeySet();
    private final Set<Integer> stoppedOnFullDisk = ConcurrentHashMap.newKeySet();
    /** When each server's disk was last freed: a server may finish dying of a failed write just after that. */
    private final Map<Integer, Long> diskFreedAt = new ConcurrentHashMap<>();
    private static final long DISK_EXIT_GRACE_NANOS = 15_000_000_000L;
    private final List<String> unexpectedExits = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "paddock-faults-watchdog");
        t.setDaemon(true);
        return t;
    });
    private RunClock clock;
    private int fullDiskExits;

    private ClusterTarget(Sandbox sandbox, Cluster cluster) {
        this.sandbox = sandbox;
        this.cluster = cluster;
    }

    /** Configures one server per namespace, with the clock and hook controls in place, and starts them. */
    static ClusterTarget start(Sandbox sandbox, RunConfig cfg) {
        Cluster cluster = Cluster.create(sandbox, cfg.zookeeper() ? Kind.ZOOKEEPER : Kind.PADDOCK, cfg.dir(),
                Map.of(), Cluster.DEFAULT_TMPFS_MB);
        ClusterTarget t = new ClusterTarget(sandbox, cluster);
        try {
            for (ServerNode n : cluster.nodes()) {
                if (!cfg.zookeeper()) {
                    Path hooks = n.dir().resolve("fault-hooks.properties");
                    Files.writeString(hooks, "");
                    t.hookFiles.put(n.id(), hooks);
                    t.hookValues.put(n.id(), new long[4]);
                    n.extraJvmFlags(List.of("-Dpaddock.faults.control=" + hooks));
                }
            }
            cluster.startAll();
        } catch (IOException | RuntimeException e) {
            cluster.close();
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        return t;
    }

    Cluster cluster() {
        return cluster;
    }

    /**
     * Starts watching the servers as a supervisor would: a server that exits when nothing killed it is recorded
     * (an unexpected exit is a failed run) and started again; one that exits while its disk is full is restarted
     * when the disk is freed.
     */
    void supervise(RunClock runClock) {
        this.clock = runClock;
        watchdog.scheduleWithFixedDelay(this::checkExits, 250, 250, TimeUnit.MILLISECONDS);
    }

    private synchronized void checkExits() {
        for (ServerNode n : cluster.nodes()) {
            int id = n.id();
            if (n.isAlive() || killed.contains(id) || stoppedOnFullDisk.contains(id) || n.exitValue().isEmpty()) {
                continue;
            }
            if (diskFull.contains(id)) {
                stoppedOnFullDisk.add(id);
                fullDiskExits++;
                LOG.info("server {} exited ({}) on a full disk; restarted when the disk is freed", id,
                        n.exitValue().getAsInt());
                continue;
            }
            Long freed = diskFreedAt.get(id);
            if (freed != null && System.nanoTime() - freed < DISK_EXIT_GRACE_NANOS) {
                // it failed its log write while the disk was full and finished shutting down after it was freed
                fullDiskExits++;
                LOG.info("server {} exited ({}) after its disk was full; restarting it", id, n.exitValue().getAsInt());
                n.start();
                continue;
            }
            String what = String.format("%.1f s: server %d exited with code %d, nothing killed it; last lines: %s",
                    clock.now() / 1e9, id, n.exitValue().getAsInt(), n.logTail(5).replace('\n', '|'));
            LOG.warn("unexpected exit: {}", what);
            unexpectedExits.add(what);
            try {
                n.start();
            } catch (RuntimeException e) {
                unexpectedExits.add("server " + id + " could not be restarted: " + e.getMessage());
            }
        }
    }

    /** Servers that exited on their own (not killed, disk not full), as {@link #supervise} saw them. */
    List<String> unexpectedExits() {
        synchronized (unexpectedExits) {
            return List.copyOf(unexpectedExits);
        }
    }

    /** Stops supervising (before the cluster is closed). */
    void stopSupervising() {
        watchdog.shutdownNow();
    }

    @Override
    public List<Integer> servers() {
        List<Integer> out = new ArrayList<>();
        cluster.nodes().forEach(n -> out.add(n.id()));
        return out;
    }

    @Override
    public Optional<Integer> leader() {
        return cluster.leader().map(ServerNode::id);
    }

    @Override
    public void block(Link link, boolean quorumOnly) {
        sandbox.firewall().dropOneWay(link.from(), link.to(), quorumOnly ? Scope.QUORUM_ONLY : Scope.ALL);
    }

    @Override
    public void loss(int server, double probability) {
        sandbox.firewall().loss(server, probability);
    }

    @Override
    public void healNetwork() {
        sandbox.firewall().healAll();
    }

    @Override
    public synchronized void kill(int server) {
        killed.add(server);
        cluster.node(server).kill9();
    }

    @Override
    public synchronized void restart(int server) {
        ServerNode n = cluster.node(server);
        if (!n.isAlive()) {
            n.start();
        }
        killed.remove(server);
    }

    @Override
    public void pause(int server) {
        cluster.node(server).pause();
    }

    @Override
    public void resume(int server) {
        cluster.node(server).resume();
    }

    @Override
    public synchronized void clockJump(int server, long offsetMillis) {
        writeHooks(server, 3, offsetMillis);
    }

    @Override
    public synchronized void clockReset(int server) {
        writeHooks(server, 3, 0);
    }

    @Override
    public synchronized void fillDisk(int server) {
        diskFull.add(server);
        cluster.node(server).fillDisk();
    }

    @Override
    public synchronized void freeDisk(int server) {
        ServerNode n = cluster.node(server);
        n.freeDisk();
        diskFull.remove(server);
        diskFreedAt.put(server, System.nanoTime());
        if (stoppedOnFullDisk.remove(server) && !n.isAlive() && !killed.contains(server)) {
            n.start();
        }
    }

    /** How many times a server exited on a full disk (and was restarted when it was freed). */
    int exitsOnFullDisk() {
        return fullDiskExits;
    }

    @Override
    public synchronized void hooks(int server, int diskDelayMs, int quorumDelayMs, int quorumJitterMs) {
        writeHooks(server, 0, diskDelayMs);
        writeHooks(server, 1, quorumDelayMs);
        writeHooks(server, 2, quorumJitterMs);
    }

    /** Sets one value of the server's hook file and rewrites it whole (write aside, rename). */
    private void writeHooks(int server, int index, long value) {
        Path file = hookFiles.get(server);
        long[] v = hookValues.get(server);
        if (file == null || v == null) {
            throw new IllegalStateException("server " + server + " has no fault hooks (ZooKeeper)");
        }
        v[index] = value;
        String text = "disk.delayMs=" + v[0] + "\nquorum.delayMs=" + v[1] + "\nquorum.jitterMs=" + v[2]
                + "\nclock.offsetMs=" + v[3] + "\n";
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stopSupervising();
        cluster.close();
    }
}
