package dev.paddock.faults.run;

import dev.paddock.faults.cluster.Cluster;
import dev.paddock.faults.cluster.Kind;
import dev.paddock.faults.cluster.ServerNode;
import dev.paddock.faults.nemesis.ClockFault;
import dev.paddock.faults.nemesis.FaultTarget;
import dev.paddock.faults.net.Sandbox;
import dev.paddock.faults.net.Scope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nemesis's hands on a real ensemble: iptables in the server namespaces, signals to the server processes,
 * libfaketime's control file for each server's wall clock, a filler file on each data directory's tmpfs, and
 * (Paddock only) the fault-hook control file each server watches.
 */
final class ClusterTarget implements FaultTarget, AutoCloseable {
    private final Sandbox sandbox;
    private final Cluster cluster;
    private final Map<Integer, ClockFault> clocks = new HashMap<>();
    private final Map<Integer, Path> hookFiles = new HashMap<>();

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
                ClockFault clock = new ClockFault(n.dir().resolve("faketime.rc"));
                clock.reset();
                t.clocks.put(n.id(), clock);
                n.extraEnv(clock.env());
                if (!cfg.zookeeper()) {
                    Path hooks = n.dir().resolve("fault-hooks.properties");
                    Files.writeString(hooks, "");
                    t.hookFiles.put(n.id(), hooks);
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
    public void kill(int server) {
        cluster.node(server).kill9();
    }

    @Override
    public void restart(int server) {
        ServerNode n = cluster.node(server);
        if (!n.isAlive()) {
            n.start();
        }
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
    public void clockJump(int server, long offsetMillis) {
        clocks.get(server).jump(Duration.ofMillis(offsetMillis));
    }

    @Override
    public void clockReset(int server) {
        clocks.get(server).reset();
    }

    @Override
    public void fillDisk(int server) {
        cluster.node(server).fillDisk();
    }

    @Override
    public void freeDisk(int server) {
        cluster.node(server).freeDisk();
    }

    @Override
    public void hooks(int server, int diskDelayMs, int quorumDelayMs, int quorumJitterMs) {
        Path file = hookFiles.get(server);
        if (file == null) {
            throw new IllegalStateException("server " + server + " has no fault hooks (ZooKeeper)");
        }
        String text = "disk.delayMs=" + diskDelayMs + "\nquorum.delayMs=" + quorumDelayMs + "\nquorum.jitterMs="
                + quorumJitterMs + "\n";
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
        cluster.close();
    }
}
