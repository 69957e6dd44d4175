package dev.paddock.server.fourlw;

import dev.paddock.core.SessionView;
import dev.paddock.server.Version;
import dev.paddock.server.ServerConfig;
import dev.paddock.core.CoreFigures;
import dev.paddock.core.QuorumFigures;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.limits.AvgMinMax;
import dev.paddock.server.net.ConnectionRegistry;
import dev.paddock.server.net.CoreGateway;
import dev.paddock.server.net.NettyConnection;
import dev.paddock.server.net.OverloadCounters;
import dev.paddock.server.net.ServerStats;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers four-letter words with the same text ZooKeeper 3.9.3 prints. Words that need the core's data run a
 * query on the core thread; the answer is a future so no I/O thread waits.
 */
public final class FourLetterWordCommands {
    private static final Logger LOG = LoggerFactory.getLogger(FourLetterWordCommands.class);

    public static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

    /** ZooKeeper's default text trace mask: client requests, server packets, sessions, warnings. */
    public static final long DEFAULT_TRACE_MASK = (1 << 1) | (1 << 4) | (1 << 5) | (1 << 8);

    /**
     * What the commands look at.
     *
     * @param port      the port actually bound
     * @param mode      "standalone", or an ensemble member's "leader", "follower", "observer" ("looking" while it
     *                  does not serve)
     * @param isServing whether the server answers clients: always when standalone; an ensemble member only in a
     *                  role and synced (ZooKeeper has no ZooKeeperServer while it looks for a leader, and its
     *                  commands say it is not serving)
     */
    public record ServerView(ServerConfig config, java.util.function.IntSupplier port, ServerStats stats,
                             ConnectionRegistry connections, CoreGateway core,
                             java.util.function.Supplier<String> mode, java.util.function.BooleanSupplier isServing) {
        public int boundPort() {
            return port.getAsInt();
        }

        public String state() {
            return mode.get();
        }

        public boolean serving() {
            return isServing.getAsBoolean();
        }
    }

    private final ServerView server;
    private final AtomicLong traceMask = new AtomicLong(DEFAULT_TRACE_MASK);

    public FourLetterWordCommands(ServerView server) {
        this.server = server;
    }

    /**
     * The reply to {@code word} from {@code from}. Completes with null when ZooKeeper would send nothing and
     * treat the bytes as a bad length instead (the telnet-close code when it is whitelisted).
     */
    public CompletableFuture<String> execute(FourLetterWord word, long argument, String from) {
        if (!server.config().isFourLetterWordEnabled(word)) {
            LOG.debug("Command {} is not executed because it is not in the whitelist.", word.word);
            return done(word.word + " is not executed because it is not in the whitelist.\n");
        }
        if (word == FourLetterWord.TELNET_CLOSE) {
            return done(null);
        }
        LOG.info("Processing {} command from {}", word.word, from);
        try {
            return run(word, argument);
        } catch (RuntimeException e) {
            LOG.warn("Four-letter word {} failed: {}", word.word, e.toString(), e);
            return done(NOT_SERVING + "\n");
        }
    }

    private CompletableFuture<String> run(FourLetterWord word, long argument) {
        return switch (word) {
            case RUOK -> done("imok");
            case GTMK -> done(Long.toString(traceMask.get()));
            case STMK -> {
                traceMask.set(argument);
                LOG.info("Set text trace mask to 0x{}", Long.toHexString(argument));
                yield done(Long.toString(argument));
            }
            case ISRO -> done(running() ? "rw" : "null");
            case ENVI -> done(envi());
            case CONF -> serving(this::conf);
            case DIRS -> serving(this::dirs);
            case CONS -> serving(this::cons);
            case CRST -> serving(() -> {
                server.connections().resetAllStats();
                return "Connection stats reset.\n";
            });
            case SRST -> serving(() -> {
                server.stats().reset();
                server.connections().tokenDeficit().reset();
                return "Server stats reset.\n";
            });
            case SRVR -> withCore(q -> stat(q, false));
            case STAT -> withCore(q -> stat(q, true));
            case MNTR -> withCore(this::mntr);
            case DUMP -> withCore(this::dump);
            case WCHS -> withCore(this::wchs);
            case WCHC -> withCore(this::wchc);
            case WCHP -> withCore(this::wchp);
            case HASH -> running() ? done("") : done(NOT_SERVING); // Paddock keeps no digest log
            case TELNET_CLOSE -> done(null);
        };
    }

    private boolean running() {
        return server.core().isRunning() && server.serving();
    }

    private static CompletableFuture<String> done(String s) {
        return CompletableFuture.completedFuture(s);
    }

    private CompletableFuture<String> serving(java.util.function.Supplier<String> body) {
        if (!running()) {
            return done(NOT_SERVING + "\n");
        }
        return done(body.get());
    }

    /**
     * Runs {@code body} on the core thread. The connection list and counters are read there too, so one
     * answer is one consistent picture.
     */
    private CompletableFuture<String> withCore(Function<CoreFigures, String> body) {
        if (!running()) {
            return done(NOT_SERVING + "\n");
        }
        return server.core().query(body).exceptionally(t -> {
            LOG.warn("Four-letter word could not reach the core: {}", t.toString());
            return NOT_SERVING + "\n";
        });
    }

    // ---- the texts ----

    private String stat(CoreFigures q, boolean withClients) {
        StringBuilder sb = new StringBuilder();
        sb.append("Zookeeper version: ").append(Version.fullVersion()).append('\n');
        if (withClients) {
            sb.append("Clients:\n");
            for (NettyConnection c : server.connections().connections()) {
                sb.append(c.describe(true)).append('\n');
            }
            sb.append('\n');
        }
        ServerStats s = server.stats();
        sb.append("Latency min/avg/max: ").append(s.minLatency()).append('/').append(s.avgLatency()).append('/')
                .append(s.maxLatency()).append('\n');
        sb.append("Received: ").append(s.packetsReceived()).append('\n');
        sb.append("Sent: ").append(s.packetsSent()).append('\n');
        sb.append("Connections: ").append(server.connections().size()).append('\n');
        sb.append("Outstanding: ").append(q.outstandingRequests()).append('\n');
        sb.append("Zxid: 0x").append(Long.toHexString(q.lastProcessedZxid())).append('\n');
        sb.append("Mode: ").append(server.state()).append('\n');
        sb.append("Node count: ").append(q.nodeCount()).append('\n');
        return sb.toString();
    }

    private String cons() {
        StringBuilder sb = new StringBuilder();
        for (NettyConnection c : server.connections().connections()) {
            sb.append(c.describe(false)).append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }

    /** ZooKeeper reports its snapshot directory, {@code <dataDir>/version-2}. */
    static Path snapDir(Path dir) {
        return dir.resolve("version-2");
    }

    private String conf() {
        ServerConfig c = server.config();
        Path data = snapDir(c.dataDir());
        Path log = snapDir(c.dataLogDir());
        StringBuilder sb = new StringBuilder();
        sb.append("clientPort=").append(server.boundPort()).append('\n');
        sb.append("secureClientPort=").append(-1).append('\n');
        sb.append("dataDir=").append(data.toAbsolutePath()).append('\n');
        sb.append("dataDirSize=").append(dirSize(data.toFile())).append('\n');
        sb.append("dataLogDir=").append(log.toAbsolutePath()).append('\n');
        sb.append("dataLogSize=").append(dirSize(log.toFile())).append('\n');
        sb.append("tickTime=").append(c.tickTime()).append('\n');
        sb.append("maxClientCnxns=").append(c.maxClientCnxns()).append('\n');
        sb.append("minSessionTimeout=").append(c.minSessionTimeout()).append('\n');
        sb.append("maxSessionTimeout=").append(c.maxSessionTimeout()).append('\n');
        sb.append("clientPortListenBacklog=").append(c.overload().clientPortListenBacklog()).append('\n');
        sb.append("serverId=").append(0).append('\n');
        return sb.toString();
    }

    private String dirs() {
        ServerConfig c = server.config();
        return "datadir_size: " + dirSize(snapDir(c.dataDir()).toFile()) + "\n"
                + "logdir_size: " + dirSize(snapDir(c.dataLogDir()).toFile()) + "\n";
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

    private String envi() {
        StringBuilder sb = new StringBuilder("Environment:\n");
        for (Map.Entry<String, String> e : environment().entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
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

    /**
     * The gauges ZooKeeper 3.9.3 reports after zk_version and zk_server_state, in its order (its metrics
     * registry iterates a hash map, which gives this fixed order for these names).
     */
    static final List<String> MNTR_GAUGES = List.of("ephemerals_count", "num_alive_connections", "avg_latency",
            "outstanding_requests", "znode_count", "global_sessions", "non_mtls_remote_conn_count",
            "last_client_response_size", "packets_sent", "packets_received", "max_client_response_size",
            "connection_drop_probability", "watch_count", "auth_failed_count", "min_latency",
            "max_file_descriptor_count", "approximate_data_size", "open_file_descriptor_count", "local_sessions",
            "uptime", "max_latency", "outstanding_tls_handshake", "min_client_response_size",
            "non_mtls_local_conn_count");

    /**
     * An ensemble member's gauges: the standalone ones plus the quorum ones (quorum_size everywhere; learners,
     * synced_followers, synced_non_voting_followers, synced_observers and pending_syncs on the leader only), in
     * the order a ZooKeeper 3.9.3 leader prints them (taken from a live 3-server ensemble). A gauge the role does
     * not report is left out: ZooKeeper skips gauges it did not register or whose value is null, and its
     * followers print no synced_observers. (ZooKeeper's leader also prints leader_uptime and the proposal sizes;
     * Paddock does not keep those.)
     */
    static final List<String> MNTR_GAUGES_QUORUM = List.of("ephemerals_count", "num_alive_connections",
            "avg_latency", "outstanding_requests", "znode_count", "global_sessions", "non_mtls_remote_conn_count",
            "last_client_response_size", "packets_sent", "packets_received", "max_client_response_size",
            "synced_followers", "connection_drop_probability", "watch_count", "synced_non_voting_followers",
            "synced_observers", "auth_failed_count", "min_latency", "max_file_descriptor_count",
            "approximate_data_size", "open_file_descriptor_count", "pending_syncs", "local_sessions", "uptime",
            "max_latency", "outstanding_tls_handshake", "learners", "min_client_response_size",
            "non_mtls_local_conn_count", "quorum_size");

    private String mntr(CoreFigures q) {
        ServerStats s = server.stats();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("avg_latency", s.avgLatency());
        g.put("max_latency", s.maxLatency());
        g.put("min_latency", s.minLatency());
        g.put("packets_received", s.packetsReceived());
        g.put("packets_sent", s.packetsSent());
        g.put("num_alive_connections", server.connections().size());
        g.put("outstanding_requests", (long) q.outstandingRequests());
        g.put("uptime", s.uptimeMs());
        g.put("znode_count", q.nodeCount());
        g.put("watch_count", q.watchCount());
        g.put("ephemerals_count", q.ephemeralCount());
        g.put("approximate_data_size", q.approximateDataSize());
        g.put("global_sessions", q.sessions().size());
        g.put("local_sessions", 0L);
        g.put("open_file_descriptor_count", fileDescriptors(true));
        g.put("max_file_descriptor_count", fileDescriptors(false));
        g.put("connection_drop_probability", server.connections().connectionDropChance());
        g.put("last_client_response_size", s.lastResponseSize());
        g.put("max_client_response_size", s.maxResponseSize());
        g.put("min_client_response_size", s.minResponseSize());
        g.put("outstanding_tls_handshake", 0);
        g.put("auth_failed_count", 0L);
        g.put("non_mtls_remote_conn_count", 0L);
        g.put("non_mtls_local_conn_count", 0L);
        QuorumFigures quorum = q.quorumFigures();
        if (quorum != null && !quorum.serving()) {
            return NOT_SERVING + "\n";
        }
        StringBuilder sb = new StringBuilder();
        mntrLine(sb, "version", Version.fullVersion());
        mntrLine(sb, "server_state", server.state());
        if (quorum == null) {
            for (String key : MNTR_GAUGES) {
                mntrLine(sb, key, g.get(key));
            }
            overloadMetrics(sb);
            return sb.toString();
        }
        mntrLine(sb, "peer_state", quorum.peerState());
        if (quorum.observing()) {
            mntrLine(sb, "observer_master_id", quorum.observerMasterId());
        }
        g.put("quorum_size", quorum.quorumSize());
        if (quorum.leading()) {
            g.put("learners", quorum.learners());
            g.put("synced_followers", quorum.syncedFollowers());
            g.put("synced_non_voting_followers", quorum.syncedNonVotingFollowers());
            g.put("pending_syncs", quorum.pendingSyncs());
            g.put("synced_observers", quorum.syncedObservers());
        }
        for (String key : MNTR_GAUGES_QUORUM) {
            if (g.containsKey(key)) {
                mntrLine(sb, key, g.get(key));
            }
        }
        overloadMetrics(sb);
        return sb.toString();
    }

    /**
     * The overload limits' metrics, after the gauges as ZooKeeper prints its counters and then its summaries: the
     * counters in the relative order a ZooKeeper 3.9.3 standalone server prints them (between them it prints many
     * counters Paddock does not keep), then {@code connection_token_deficit} as avg/min/max/cnt/sum.
     */
    private void overloadMetrics(StringBuilder sb) {
        OverloadCounters o = server.stats().overload();
        mntrLine(sb, "stale_requests_dropped", o.staleRequestsDropped.sum());
        mntrLine(sb, "throttled_ops", o.throttledOps.sum());
        mntrLine(sb, "connection_rejected", o.connectionRejected.sum());
        mntrLine(sb, "stale_requests", o.staleRequests.sum());
        mntrLine(sb, "connection_drop_count", o.connectionDropped.sum());
        mntrLine(sb, "request_throttle_wait_count", o.requestThrottleWaits.sum());
        mntrLine(sb, "stale_replies", o.staleReplies.sum());
        mntrLine(sb, "large_requests_rejected", o.largeRequestsRejected.sum());
        mntrLine(sb, "connection_request_count", o.connectionRequests.sum());
        AvgMinMax deficit = server.connections().tokenDeficit();
        mntrLine(sb, "avg_connection_token_deficit", deficit.avg());
        mntrLine(sb, "min_connection_token_deficit", deficit.min());
        mntrLine(sb, "max_connection_token_deficit", deficit.max());
        mntrLine(sb, "cnt_connection_token_deficit", deficit.count());
        mntrLine(sb, "sum_connection_token_deficit", deficit.sum());
    }

    /** Integers print as integers, other numbers as doubles, as ZooKeeper prints them. */
    private static void mntrLine(StringBuilder sb, String key, Object v) {
        String text = v instanceof Long || v instanceof Integer ? v.toString()
                : v instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(v);
        sb.append("zk_").append(key).append('\t').append(text).append('\n');
    }

    private static long fileDescriptors(boolean open) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return open ? unix.getOpenFileDescriptorCount() : unix.getMaxFileDescriptorCount();
        }
        return -1;
    }

    private String dump(CoreFigures q) {
        List<SessionView> sessions = q.sessions();
        TreeMap<Long, List<Long>> byExpiry = new TreeMap<>();
        for (SessionView s : sessions) {
            byExpiry.computeIfAbsent(s.expiresAtMs(), k -> new java.util.ArrayList<>()).add(s.sessionId());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("SessionTracker dump:\n");
        sb.append("Session Sets (").append(byExpiry.size()).append(")/(").append(sessions.size()).append("):\n");
        for (Map.Entry<Long, List<Long>> e : byExpiry.entrySet()) {
            // expiry runs on elapsed time; shown as the wall-clock date it falls on
            Date at = new Date(ServerClock.toWallMs(e.getKey()));
            sb.append(e.getValue().size()).append(" expire at ").append(at).append(":\n");
            for (long id : e.getValue()) {
                sb.append("\t0x").append(Long.toHexString(id)).append('\n');
            }
        }
        sb.append("ephemeral nodes dump:\n");
        List<SessionView> withEphemerals = sessions.stream()
                .filter(s -> s.ephemerals() != null && !s.ephemerals().isEmpty()).toList();
        sb.append("Sessions with Ephemerals (").append(withEphemerals.size()).append("):\n");
        for (SessionView s : withEphemerals) {
            sb.append("0x").append(Long.toHexString(s.sessionId())).append(":\n");
            for (String path : s.ephemerals()) {
                sb.append('\t').append(path).append('\n');
            }
        }
        sb.append("Connections dump:\n"); // ZooKeeper lists nothing here for Netty connections
        return sb.toString();
    }

    private String wchs(CoreFigures q) {
        Map<Long, Set<String>> bySession = q.watchesBySession();
        Map<String, Set<Long>> byPath = q.watchesByPath();
        int total = 0;
        for (Set<String> paths : bySession.values()) {
            total += paths.size();
        }
        return bySession.size() + " connections watching " + byPath.size() + " paths\nTotal watches:" + total + "\n";
    }

    private String wchc(CoreFigures q) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, Set<String>> e : q.watchesBySession().entrySet()) {
            sb.append("0x").append(Long.toHexString(e.getKey())).append('\n');
            for (String path : e.getValue()) {
                sb.append('\t').append(path).append('\n');
            }
        }
        sb.append('\n');
        return sb.toString();
    }

    private String wchp(CoreFigures q) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Set<Long>> e : q.watchesByPath().entrySet()) {
            sb.append(e.getKey()).append('\n');
            for (long sid : e.getValue()) {
                sb.append("\t0x").append(Long.toHexString(sid)).append('\n');
            }
        }
        sb.append('\n');
        return sb.toString();
    }
}
