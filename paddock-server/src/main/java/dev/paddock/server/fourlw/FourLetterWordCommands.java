package dev.paddock.server.fourlw;

import dev.paddock.core.SessionView;
import dev.paddock.server.Version;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.ServerView;
import dev.paddock.server.metrics.Monitor;
import dev.paddock.core.CoreFigures;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.net.NettyConnection;
import dev.paddock.server.net.ServerStats;
import java.io.File;
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

    private String mntr(CoreFigures q) {
        Map<String, Object> values = Monitor.values(server, q);
        if (values == null) {
            return NOT_SERVING + "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append("zk_").append(e.getKey()).append('\t').append(Monitor.text(e.getValue())).append('\n');
        }
        return sb.toString();
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
