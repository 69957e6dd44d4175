package dev.paddock.server.fourlw;

import dev.paddock.core.CoreFigures;
import dev.paddock.core.QuorumFigures;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.server.EnsembleConfig;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.ServerView;
import dev.paddock.server.Version;
import dev.paddock.server.metrics.LeaderFigures;
import dev.paddock.server.net.NettyConnection;
import dev.paddock.server.net.ServerStats;
import dev.paddock.storage.Storage;
import java.io.File;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server's figures as its four-letter words and its admin server's commands report them: each command's data
 * is gathered here once and rendered as text (4lw) or JSON (admin) by its record. Also holds the server's text
 * trace mask, which gtmk/stmk and get_trace_mask/set_trace_mask share.
 */
public final class ServerFigures {
    /** ZooKeeper's default text trace mask: client requests, server packets, sessions, warnings. */
    public static final long DEFAULT_TRACE_MASK = (1 << 1) | (1 << 4) | (1 << 5) | (1 << 8);

    /** The mode srvr shows while read-only, as ZooKeeper's ReadOnlyZooKeeperServer names its state. */
    public static final String READ_ONLY_STATE = "read-only";

    private final ServerView server;
    private final AtomicLong traceMask = new AtomicLong(DEFAULT_TRACE_MASK);

    public ServerFigures(ServerView server) {
        this.server = server;
    }

    public ServerView view() {
        return server;
    }

    /** Whether the server answers clients (an ensemble member only in a role and synced). */
    public boolean running() {
        return server.core().isRunning() && server.serving();
    }

    /** An ensemble member serving read-only clients while it has no quorum (readonlymode.enabled). */
    public boolean readOnly() {
        return READ_ONLY_STATE.equals(server.state());
    }

    public long traceMask() {
        return traceMask.get();
    }

    public void setTraceMask(long mask) {
        traceMask.set(mask);
    }

    /** crst. */
    public void resetConnectionStats() {
        server.connections().resetAllStats();
    }

    /** srst: the server's counters and the overload summaries. */
    public void resetServerStats() {
        server.stats().reset();
        server.connections().tokenDeficit().reset();
    }

    public List<ConnectionInfo> connections() {
        List<ConnectionInfo> out = new ArrayList<>();
        for (NettyConnection c : server.connections().connections()) {
            out.add(ConnectionInfo.of(c));
        }
        return out;
    }

    /** ZooKeeper names its snapshot and log directories {@code <dir>/version-2}. */
    static Path zooKeeperDir(Path dir) {
        return dir.resolve("version-2");
    }

    public ConfFigures conf() {
        ServerConfig c = server.config();
        return new ConfFigures(server.boundPort(), c.clientTls().secureClientPort(),
                zooKeeperDir(c.dataDir()).toAbsolutePath().toString(),
                storageSize(c.dataDir()), zooKeeperDir(c.dataLogDir()).toAbsolutePath().toString(),
                storageSize(c.dataLogDir()), c.tickTime(), c.maxClientCnxns(), c.minSessionTimeout(),
                c.maxSessionTimeout(), c.overload().clientPortListenBacklog(), c.isEnsemble() ? c.ensemble().myId() : 0);
    }

    /**
     * conf: ZooKeeper's text; an ensemble member adds what ZooKeeper's quorum server adds: its limits, election
     * algorithm, ports, learner type (0 participant, 1 observer) and the membership in force.
     */
    public String confText(CoreFigures q) {
        String text = conf().text();
        ServerConfig c = server.config();
        QuorumFigures qf = q.quorumFigures();
        if (qf == null || !c.isEnsemble()) {
            return text;
        }
        EnsembleConfig e = c.ensemble();
        QuorumConfig inForce = e.inForce(qf.membership());
        QuorumServerSpec me = inForce.servers().getOrDefault(e.myId(), e.self());
        String electionPorts = me == null ? "" : me.addresses().stream()
                .map(a -> Integer.toString(a.electionPort())).collect(java.util.stream.Collectors.joining("|"));
        String quorumPorts = me == null ? "" : me.addresses().stream()
                .map(a -> Integer.toString(a.quorumPort())).collect(java.util.stream.Collectors.joining("|"));
        return text + "initLimit=" + e.initLimit() + "\nsyncLimit=" + e.syncLimit() + "\nelectionAlg="
                + e.electionAlg() + "\nelectionPort=" + electionPorts + "\nquorumPort=" + quorumPorts
                + "\npeerType=" + (inForce.isObserver(e.myId()) ? 1 : 0) + "\nmembership: \n" + qf.membership();
    }

    /** Bytes in Paddock's storage directory under {@code dir}. */
    private static long storageSize(Path dir) {
        return dirSize(dir.resolve(Storage.SUBDIR).toFile());
    }

    static long dirSize(File f) {
        if (f.isDirectory()) {
            long size = 0;
            File[] children = f.listFiles();
            if (children != null) {
                for (File child : children) {
                    size += dirSize(child);
                }
            }
            return size;
        }
        return f.length();
    }

    /** srvr (no connections) or stat. Core thread: the counters and the tree are one picture. */
    public StatFigures stat(CoreFigures q, boolean withConnections) {
        ServerStats s = server.stats();
        ConfFigures conf = conf();
        boolean leading = q.quorumFigures() != null && q.quorumFigures().leading();
        LeaderFigures leader = s.metrics().leader;
        return new StatFigures(Version.fullVersion(), readOnly(), s.minLatency(), s.avgLatency(), s.maxLatency(),
                q.outstandingRequests(), q.lastProcessedZxid(), conf.dataDirSize(), conf.dataLogSize(),
                s.packetsReceived(), s.packetsSent(), server.state(), server.connections().size(), s.uptimeMs(),
                new StatFigures.Sizes(s.lastResponseSize(), s.minResponseSize(), s.maxResponseSize()), q.nodeCount(),
                leading ? new StatFigures.Sizes(leader.last(), leader.min(), leader.max()) : null,
                withConnections ? connections() : null);
    }

    /** The entries envi prints, in ZooKeeper's order. */
    public static Map<String, String> environment() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("zookeeper.version", Version.fullVersion());
        String host;
        try {
            host = InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            host = "<NA>";
        }
        m.put("host.name", host);
        for (String k : List.of("java.version", "java.vendor", "java.home", "java.class.path", "java.library.path",
                "java.io.tmpdir", "java.compiler", "os.name", "os.arch", "os.version", "user.name", "user.home",
                "user.dir")) {
            m.put(k, System.getProperty(k, "<NA>"));
        }
        Runtime rt = Runtime.getRuntime();
        long mb = 1024 * 1024;
        m.put("os.memory.free", rt.freeMemory() / mb + "MB");
        m.put("os.memory.max", rt.maxMemory() / mb + "MB");
        m.put("os.memory.total", rt.totalMemory() / mb + "MB");
        return m;
    }
}
