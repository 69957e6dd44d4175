package dev.paddock.server;

import dev.paddock.core.CoreConfig;
import dev.paddock.server.fourlw.FourLetterWord;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's settings, read from a ZooKeeper {@code zoo.cfg} (java.util.Properties syntax, keys and values
 * trimmed) or from a {@link Properties} object, with system properties and built-in defaults underneath.
 *
 * <p>Where a value comes from, highest first:
 * <ol>
 *   <li>the key in zoo.cfg (or in the Properties passed to {@link #fromProperties});</li>
 *   <li>the system property {@code zookeeper.<key>} (e.g. {@code -Dzookeeper.clientPort=2182});</li>
 *   <li>the bare system property ZooKeeper itself reads for a few keys: {@code jute.maxbuffer},
 *       {@code readonlymode.enabled}, {@code znode.container.checkIntervalMs};</li>
 *   <li>the default.</li>
 * </ol>
 * This matches what ZooKeeper ends up doing for keys it forwards to system properties (the file overwrites
 * them) and extends the same rule to every key.
 *
 * <p>A key nobody knows gets one WARN line and is otherwise ignored. A value that cannot be used stops start-up
 * with a {@link ConfigException} naming the key and the line (or system property) it came from.
 */
public final class ServerConfig {
    private static final Logger LOG = LoggerFactory.getLogger(ServerConfig.class);

    public static final int DEFAULT_TICK_TIME = 2000;
    public static final int DEFAULT_CLIENT_PORT = 2181;
    public static final int DEFAULT_MAX_CLIENT_CNXNS = 60;
    public static final int DEFAULT_SNAP_RETAIN_COUNT = 3;
    public static final int DEFAULT_SNAP_COUNT = 100_000;
    public static final long DEFAULT_PREALLOC_SIZE_KB = 65_536;
    public static final int DEFAULT_JUTE_MAXBUFFER = 0xfffff;
    public static final long DEFAULT_CONTAINER_CHECK_INTERVAL_MS = 60_000;
    public static final int DEFAULT_ADMIN_SERVER_PORT = 8080;
    public static final String DEFAULT_ADMIN_SERVER_ADDRESS = "0.0.0.0";
    public static final String DEFAULT_ADMIN_COMMAND_URL = "/commands";
    public static final String SUPER_DIGEST_KEY = "DigestAuthenticationProvider.superDigest";

    /** Keys ZooKeeper accepts that Paddock keeps but does not act on yet (besides the ensemble keys). */
    private static final Set<String> ACCEPTED_FOR_LATER = Set.of(
            "clientPortListenBacklog", "syncEnabled", "secureClientPortAddress", "observerMasterPort",
            "connectToLearnerMasterLimit", "globalOutstandingLimit", "maxCnxns", "serverCnxnFactory",
            "audit.enable", "digest.enabled", "snapSizeLimitInKb", "txnLogSizeLimitInKb", "sslQuorum",
            "portUnification", "sslQuorumReloadCertFiles", "quorum.cnxn.threads.size", "multiAddress.enabled",
            "multiAddress.reachabilityCheckTimeoutMs", "multiAddress.reachabilityCheckEnabled", "oraclePath",
            "jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms", "jvm.pause.sleep.time.ms",
            "jvm.pause.monitor", "electionPortBindRetry", "leaderServes", "maxResponseCacheSize",
            "flushDelay", "maxWriteQueuePollTime", "maxBatchSize", "requestThrottleLimit", "fips-mode",
            "commitLogCount", "snapshot.trust.empty", "enforceQuota", "learnerHandlerQuorumPacketLimit");
    private static final List<String> ACCEPTED_PREFIXES_FOR_LATER = List.of(
            "authProvider.", "ssl.", "quorum.auth.", "group.", "weight.", "zookeeper.");

    // ---- where it came from ----
    private final Path configFile;
    private final String source;

    // ---- supported ----
    private final int tickTime;
    private final Path dataDir;
    private final Path dataLogDir;
    private final int clientPort;
    private final String clientPortAddress;
    private final int maxClientCnxns;
    private final int minSessionTimeout;
    private final int maxSessionTimeout;
    private final int snapRetainCount;
    private final int purgeInterval;
    private final int snapCount;
    private final long preAllocSizeKb;
    private final boolean forceSync;
    private final int juteMaxBuffer;
    private final Set<FourLetterWord> fourLetterWordWhitelist;
    private final String superDigest;
    private final boolean extendedTypesEnabled;
    private final boolean skipAcl;
    private final long containerCheckIntervalMs;
    private final boolean trustEmptySnapshot;
    private final boolean truncateCorruptLog;
    private final boolean readOnlyModeEnabled;

    // ---- admin server (accepted, not served yet) ----
    private final boolean adminEnableServer;
    private final int adminServerPort;
    private final String adminServerAddress;
    private final String adminCommandUrl;
    private final Map<String, String> adminOther;

    // ---- ensemble (accepted and kept for replication) ----
    private final Map<Long, QuorumServerSpec> servers;
    private final int initLimit;
    private final int syncLimit;
    private final String peerType;
    private final int electionAlg;
    private final boolean standaloneEnabled;
    private final boolean reconfigEnabled;
    private final String dynamicConfigFile;
    private final boolean localSessionsEnabled;
    private final boolean localSessionsUpgradingEnabled;
    private final boolean quorumListenOnAllIPs;
    private final int secureClientPort;
    private final Map<String, String> metricsProvider;

    /** Accepted keys with no effect yet, as written; unknown keys are not in here. */
    private final Map<String, String> acceptedForLater;
    private final List<String> unknownKeys;

    // ------------------------------------------------------------------------------------------------------

    /** Reads a zoo.cfg file. */
    public static ServerConfig load(Path zooCfg) throws IOException {
        Path file = zooCfg.toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a file");
        }
        String text = Files.readString(file, StandardCharsets.ISO_8859_1); // Properties.load(InputStream) reads ISO-8859-1
        List<ConfigFile.Entry> entries;
        try {
            entries = ConfigFile.parse(text);
        } catch (ConfigException e) {
            throw new ConfigException(file + " " + e.getMessage(), e);
        }
        return new Parser(file, file.toString(), entries, Map.of()).build();
    }

    /** Settings given as properties (zoo.cfg keys), no file. {@code clientPort=0} binds an ephemeral port. */
    public static ServerConfig fromProperties(Properties props) {
        List<ConfigFile.Entry> entries = new ArrayList<>();
        for (String key : new TreeMap<>(toMap(props)).keySet()) {
            entries.add(new ConfigFile.Entry(key.trim(), props.getProperty(key).trim(), 0));
        }
        return new Parser(null, "properties", entries, Map.of()).build();
    }

    /**
     * The embedded defaults used when there is no zoo.cfg: standalone, clientPort 2181, dataDir
     * {@code <checkoutDir>/data}, tickTime 2000. System properties ({@code -Dzookeeper.clientPort=...}) still apply.
     */
    public static ServerConfig defaults(Path checkoutDir) {
        Map<String, String> fallback = new LinkedHashMap<>();
        fallback.put("tickTime", Integer.toString(DEFAULT_TICK_TIME));
        fallback.put("clientPort", Integer.toString(DEFAULT_CLIENT_PORT));
        fallback.put("dataDir", checkoutDir.toAbsolutePath().normalize().resolve("data").toString());
        return new Parser(null, "embedded defaults", List.of(), fallback).build();
    }

    private static Map<String, String> toMap(Properties props) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : props.stringPropertyNames()) {
            m.put(k, props.getProperty(k));
        }
        return m;
    }

    private ServerConfig(Parser p) {
        this.configFile = p.file;
        this.source = p.label;
        this.tickTime = p.tickTime;
        this.dataDir = p.dataDir;
        this.dataLogDir = p.dataLogDir;
        this.clientPort = p.clientPort;
        this.clientPortAddress = p.clientPortAddress;
        this.maxClientCnxns = p.maxClientCnxns;
        this.minSessionTimeout = p.minSessionTimeout;
        this.maxSessionTimeout = p.maxSessionTimeout;
        this.snapRetainCount = p.snapRetainCount;
        this.purgeInterval = p.purgeInterval;
        this.snapCount = p.snapCount;
        this.preAllocSizeKb = p.preAllocSizeKb;
        this.forceSync = p.forceSync;
        this.juteMaxBuffer = p.juteMaxBuffer;
        this.fourLetterWordWhitelist = Collections.unmodifiableSet(p.whitelist);
        this.superDigest = p.superDigest;
        this.extendedTypesEnabled = p.extendedTypesEnabled;
        this.skipAcl = p.skipAcl;
        this.containerCheckIntervalMs = p.containerCheckIntervalMs;
        this.trustEmptySnapshot = p.trustEmptySnapshot;
        this.truncateCorruptLog = p.truncateCorruptLog;
        this.readOnlyModeEnabled = p.readOnlyModeEnabled;
        this.adminEnableServer = p.adminEnableServer;
        this.adminServerPort = p.adminServerPort;
        this.adminServerAddress = p.adminServerAddress;
        this.adminCommandUrl = p.adminCommandUrl;
        this.adminOther = Collections.unmodifiableMap(p.adminOther);
        this.servers = Collections.unmodifiableMap(p.servers);
        this.initLimit = p.initLimit;
        this.syncLimit = p.syncLimit;
        this.peerType = p.peerType;
        this.electionAlg = p.electionAlg;
        this.standaloneEnabled = p.standaloneEnabled;
        this.reconfigEnabled = p.reconfigEnabled;
        this.dynamicConfigFile = p.dynamicConfigFile;
        this.localSessionsEnabled = p.localSessionsEnabled;
        this.localSessionsUpgradingEnabled = p.localSessionsUpgradingEnabled;
        this.quorumListenOnAllIPs = p.quorumListenOnAllIPs;
        this.secureClientPort = p.secureClientPort;
        this.metricsProvider = Collections.unmodifiableMap(p.metricsProvider);
        this.acceptedForLater = Collections.unmodifiableMap(p.acceptedForLater);
        this.unknownKeys = List.copyOf(p.unknownKeys);
    }

    /** The settings the core reads. Standalone: server id 0. */
    public CoreConfig toCoreConfig() {
        return new CoreConfig(0, tickTime, minSessionTimeout, maxSessionTimeout, superDigest, extendedTypesEnabled,
                containerCheckIntervalMs, skipAcl);
    }

    // ---- accessors ----

    /** The zoo.cfg this came from, or null. */
    public Path configFile() {
        return configFile;
    }

    /** Where the settings came from, for logs: the file path, "properties" or "embedded defaults". */
    public String source() {
        return source;
    }

    public int tickTime() {
        return tickTime;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path dataLogDir() {
        return dataLogDir;
    }

    /** The configured client port; 0 means an ephemeral port chosen at bind time. */
    public int clientPort() {
        return clientPort;
    }

    /** The address to bind, or null for all addresses. */
    public String clientPortAddress() {
        return clientPortAddress;
    }

    /** Connections allowed per client IP; 0 means unlimited. */
    public int maxClientCnxns() {
        return maxClientCnxns;
    }

    public int minSessionTimeout() {
        return minSessionTimeout;
    }

    public int maxSessionTimeout() {
        return maxSessionTimeout;
    }

    public int snapRetainCount() {
        return snapRetainCount;
    }

    /** Hours between purges; 0 disables. */
    public int purgeInterval() {
        return purgeInterval;
    }

    public int snapCount() {
        return snapCount;
    }

    public long preAllocSizeKb() {
        return preAllocSizeKb;
    }

    public boolean forceSync() {
        return forceSync;
    }

    /** The largest frame a client may send, in bytes. */
    public int juteMaxBuffer() {
        return juteMaxBuffer;
    }

    /** The four-letter words that run; the others answer "... is not in the whitelist." */
    public Set<FourLetterWord> fourLetterWordWhitelist() {
        return fourLetterWordWhitelist;
    }

    public boolean isFourLetterWordEnabled(FourLetterWord word) {
        return fourLetterWordWhitelist.contains(word);
    }

    /** "super:base64(sha1(super:password))", or null. */
    public String superDigest() {
        return superDigest;
    }

    public boolean extendedTypesEnabled() {
        return extendedTypesEnabled;
    }

    public boolean skipAcl() {
        return skipAcl;
    }

    public long containerCheckIntervalMs() {
        return containerCheckIntervalMs;
    }

    /** snapshot.trust.empty (zookeeper.snapshot.trust.empty): start from the logs alone when no snapshot exists. */
    public boolean trustEmptySnapshot() {
        return trustEmptySnapshot;
    }

    /** paddock.recovery.truncateCorruptLog: cut a corrupt log at its last good record instead of refusing to start. */
    public boolean truncateCorruptLog() {
        return truncateCorruptLog;
    }

    public boolean readOnlyModeEnabled() {
        return readOnlyModeEnabled;
    }

    public boolean adminEnableServer() {
        return adminEnableServer;
    }

    public int adminServerPort() {
        return adminServerPort;
    }

    public String adminServerAddress() {
        return adminServerAddress;
    }

    public String adminCommandUrl() {
        return adminCommandUrl;
    }

    /** Other admin.* keys, without the prefix. */
    public Map<String, String> adminOther() {
        return adminOther;
    }

    /** server.N entries by N. */
    public Map<Long, QuorumServerSpec> servers() {
        return servers;
    }

    public int initLimit() {
        return initLimit;
    }

    public int syncLimit() {
        return syncLimit;
    }

    public String peerType() {
        return peerType;
    }

    public int electionAlg() {
        return electionAlg;
    }

    public boolean standaloneEnabled() {
        return standaloneEnabled;
    }

    public boolean reconfigEnabled() {
        return reconfigEnabled;
    }

    public String dynamicConfigFile() {
        return dynamicConfigFile;
    }

    public boolean localSessionsEnabled() {
        return localSessionsEnabled;
    }

    public boolean localSessionsUpgradingEnabled() {
        return localSessionsUpgradingEnabled;
    }

    public boolean quorumListenOnAllIPs() {
        return quorumListenOnAllIPs;
    }

    /** -1 when not set. */
    public int secureClientPort() {
        return secureClientPort;
    }

    /** metricsProvider.* keys without the prefix (className included). */
    public Map<String, String> metricsProvider() {
        return metricsProvider;
    }

    public Map<String, String> acceptedForLater() {
        return acceptedForLater;
    }

    public List<String> unknownKeys() {
        return unknownKeys;
    }

    /** Whether the config describes a replicated ensemble (which Paddock does not run yet). */
    public boolean isEnsemble() {
        return servers.size() > 1 || (servers.size() == 1 && !standaloneEnabled) || dynamicConfigFile != null;
    }

    @Override
    public String toString() {
        return "ServerConfig{source=" + source + ", clientPort=" + clientPort + ", dataDir=" + dataDir
                + ", tickTime=" + tickTime + "}";
    }

    // ------------------------------------------------------------------------------------------------------

    /** A value and where it came from. */
    private record Value(String key, String text, String origin) {
    }

    private static final class Parser {
        final Path file;
        final String label;
        final Map<String, ConfigFile.Entry> entries = new LinkedHashMap<>();
        final Map<String, String> fallback;

        int tickTime;
        Path dataDir;
        Path dataLogDir;
        int clientPort;
        String clientPortAddress;
        int maxClientCnxns;
        int minSessionTimeout;
        int maxSessionTimeout;
        int snapRetainCount;
        int purgeInterval;
        int snapCount;
        long preAllocSizeKb;
        boolean forceSync;
        int juteMaxBuffer;
        Set<FourLetterWord> whitelist;
        String superDigest;
        boolean extendedTypesEnabled;
        boolean skipAcl;
        long containerCheckIntervalMs;
        boolean trustEmptySnapshot;
        boolean truncateCorruptLog;
        boolean readOnlyModeEnabled;
        boolean adminEnableServer;
        int adminServerPort;
        String adminServerAddress;
        String adminCommandUrl;
        final Map<String, String> adminOther = new TreeMap<>();
        final Map<Long, QuorumServerSpec> servers = new TreeMap<>();
        int initLimit;
        int syncLimit;
        String peerType;
        int electionAlg;
        boolean standaloneEnabled;
        boolean reconfigEnabled;
        String dynamicConfigFile;
        boolean localSessionsEnabled;
        boolean localSessionsUpgradingEnabled;
        boolean quorumListenOnAllIPs;
        int secureClientPort;
        final Map<String, String> metricsProvider = new TreeMap<>();
        final Map<String, String> acceptedForLater = new TreeMap<>();
        final List<String> unknownKeys = new ArrayList<>();
        final Set<String> used = new java.util.HashSet<>();

        Parser(Path file, String label, List<ConfigFile.Entry> list, Map<String, String> fallback) {
            this.file = file;
            this.label = label;
            this.fallback = fallback;
            for (ConfigFile.Entry e : list) {
                ConfigFile.Entry previous = entries.put(e.key(), e);
                if (previous != null && file != null) {
                    LOG.warn("{} sets {} twice (lines {} and {}); line {} wins", file, e.key(), previous.line(),
                            e.line(), e.line());
                }
            }
        }

        String where(ConfigFile.Entry e) {
            return file != null ? "line " + e.line() + " of " + file : label;
        }

        /** The value for key, or null: the file/properties, then zookeeper.key, then the bare names. */
        Value lookup(String key, String... bareSystemProperties) {
            used.add(key);
            ConfigFile.Entry e = entries.get(key);
            if (e != null) {
                return new Value(key, e.value(), where(e));
            }
            String sys = System.getProperty("zookeeper." + key);
            if (sys != null) {
                return new Value(key, sys.trim(), "system property zookeeper." + key);
            }
            for (String bare : bareSystemProperties) {
                String v = System.getProperty(bare);
                if (v != null) {
                    return new Value(key, v.trim(), "system property " + bare);
                }
            }
            String f = fallback.get(key);
            if (f != null) {
                return new Value(key, f, label);
            }
            return null;
        }

        static ConfigException bad(Value v, String problem) {
            return new ConfigException(v.key() + "=" + v.text() + " (" + v.origin() + "): " + problem);
        }

        static int parseInt(Value v) {
            try {
                return Integer.parseInt(v.text());
            } catch (NumberFormatException e) {
                throw bad(v, "not a number");
            }
        }

        static long parseLong(Value v) {
            try {
                return Long.parseLong(v.text());
            } catch (NumberFormatException e) {
                throw bad(v, "not a number");
            }
        }

        int intValue(String key, int def, int min, String... bare) {
            Value v = lookup(key, bare);
            if (v == null) {
                return def;
            }
            int n = parseInt(v);
            if (n < min) {
                throw bad(v, "must be at least " + min);
            }
            return n;
        }

        long longValue(String key, long def, long min, String... bare) {
            Value v = lookup(key, bare);
            if (v == null) {
                return def;
            }
            long n = parseLong(v);
            if (n < min) {
                throw bad(v, "must be at least " + min);
            }
            return n;
        }

        boolean boolValue(String key, boolean def, String... bare) {
            Value v = lookup(key, bare);
            if (v == null) {
                return def;
            }
            return switch (v.text().toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw bad(v, "must be true or false");
            };
        }

        /** yes/no flags (forceSync, skipACL); true/false accepted too. */
        boolean yesNoValue(String key, boolean def) {
            Value v = lookup(key);
            if (v == null) {
                return def;
            }
            return switch (v.text().toLowerCase(Locale.ROOT)) {
                case "yes", "true" -> true;
                case "no", "false" -> false;
                default -> throw bad(v, "must be yes or no");
            };
        }

        String stringValue(String key, String def) {
            Value v = lookup(key);
            return v == null ? def : v.text();
        }

        int port(String key, int def) {
            Value v = lookup(key);
            if (v == null) {
                return def;
            }
            int p = parseInt(v);
            if (p < 0 || p > 65535) {
                throw bad(v, "a port must be between 0 and 65535");
            }
            return p;
        }

        Path path(Value v) {
            if (v.text().isEmpty()) {
                throw bad(v, "must not be empty");
            }
            Path p;
            try {
                p = Path.of(v.text());
            } catch (RuntimeException e) {
                throw bad(v, "not a valid path (" + e.getMessage() + ")");
            }
            if (!p.isAbsolute()) {
                LOG.warn("{} is a relative path ({}); resolving it against the working directory {}", v.key(),
                        v.text(), Path.of("").toAbsolutePath());
            }
            return p.toAbsolutePath().normalize();
        }

        ServerConfig build() {
            // -- core timing --
            tickTime = intValue("tickTime", DEFAULT_TICK_TIME, 1);

            Value dd = lookup("dataDir");
            if (dd == null) {
                throw new ConfigException("dataDir is not set (" + (file != null ? file : label) + ")");
            }
            dataDir = path(dd);
            Value dl = lookup("dataLogDir");
            dataLogDir = dl == null ? dataDir : path(dl);

            // -- client port --
            Value cp = lookup("clientPort");
            Value cpa = lookup("clientPortAddress");
            if (cpa != null) {
                clientPortAddress = cpa.text();
                try {
                    InetAddress.getByName(clientPortAddress);
                } catch (UnknownHostException e) {
                    throw bad(cpa, "unknown host");
                }
            }
            parseServers();
            if (cp == null) {
                QuorumServerSpec only = servers.size() == 1 ? servers.values().iterator().next() : null;
                if (only != null && only.clientPort() >= 0) {
                    clientPort = only.clientPort();
                    if (clientPortAddress == null) {
                        clientPortAddress = only.clientAddress();
                    }
                } else {
                    throw new ConfigException("clientPort is not set (" + (file != null ? file : label) + ")");
                }
            } else {
                clientPort = parseInt(cp);
                if (clientPort < 0 || clientPort > 65535) {
                    throw bad(cp, "a port must be between 0 and 65535");
                }
            }
            maxClientCnxns = intValue("maxClientCnxns", DEFAULT_MAX_CLIENT_CNXNS, 0);

            // -- session timeouts: -1 (ZooKeeper's "unset") means the default --
            Value minV = lookup("minSessionTimeout");
            Value maxV = lookup("maxSessionTimeout");
            minSessionTimeout = timeout(minV, 2 * tickTime);
            maxSessionTimeout = timeout(maxV, 20 * tickTime);
            if (minSessionTimeout > maxSessionTimeout) {
                String minWhere = minV == null ? "default 2*tickTime" : minV.origin();
                String maxWhere = maxV == null ? "default 20*tickTime" : maxV.origin();
                throw new ConfigException("minSessionTimeout=" + minSessionTimeout + " (" + minWhere
                        + ") must not be larger than maxSessionTimeout=" + maxSessionTimeout + " (" + maxWhere + ")");
            }

            // -- storage --
            snapRetainCount = intValue("autopurge.snapRetainCount", DEFAULT_SNAP_RETAIN_COUNT, Integer.MIN_VALUE);
            if (snapRetainCount < DEFAULT_SNAP_RETAIN_COUNT) {
                LOG.warn("autopurge.snapRetainCount={} is below the minimum; using {}", snapRetainCount,
                        DEFAULT_SNAP_RETAIN_COUNT);
                snapRetainCount = DEFAULT_SNAP_RETAIN_COUNT;
            }
            purgeInterval = intValue("autopurge.purgeInterval", 0, Integer.MIN_VALUE);
            snapCount = intValue("snapCount", DEFAULT_SNAP_COUNT, 2);
            preAllocSizeKb = longValue("preAllocSize", DEFAULT_PREALLOC_SIZE_KB, 1);
            forceSync = yesNoValue("forceSync", true);

            // -- protocol --
            Value jm = lookup("jute.maxbuffer", "jute.maxbuffer");
            juteMaxBuffer = DEFAULT_JUTE_MAXBUFFER;
            if (jm != null) {
                try {
                    juteMaxBuffer = Integer.decode(jm.text()); // ZooKeeper reads it with Integer.getInteger: hex allowed
                } catch (NumberFormatException e) {
                    throw bad(jm, "not a number");
                }
                if (juteMaxBuffer <= 0) {
                    throw bad(jm, "must be positive");
                }
            }
            readOnlyModeEnabled = boolValue("readonlymode.enabled", false, "readonlymode.enabled");
            whitelist = parseWhitelist(lookup("4lw.commands.whitelist"));

            // -- auth and data model --
            Value sd = lookup(SUPER_DIGEST_KEY);
            if (sd != null && !sd.text().isEmpty()) {
                int colon = sd.text().indexOf(':');
                if (colon <= 0 || colon == sd.text().length() - 1) {
                    throw bad(sd, "expected user:base64digest (e.g. super:D/InIHSb7yEEbrWz8b9l71RjZJU=)");
                }
                superDigest = sd.text();
            }
            extendedTypesEnabled = boolValue("extendedTypesEnabled", false);
            skipAcl = yesNoValue("skipACL", false);
            containerCheckIntervalMs = longValue("znode.container.checkIntervalMs",
                    DEFAULT_CONTAINER_CHECK_INTERVAL_MS, 1, "znode.container.checkIntervalMs");

            // -- recovery --
            trustEmptySnapshot = boolValue("snapshot.trust.empty", false);
            truncateCorruptLog = boolValue("recovery.truncateCorruptLog", false, "paddock.recovery.truncateCorruptLog");

            // -- admin server --
            adminEnableServer = boolValue("admin.enableServer", true);
            adminServerPort = port("admin.serverPort", DEFAULT_ADMIN_SERVER_PORT);
            adminServerAddress = stringValue("admin.serverAddress", DEFAULT_ADMIN_SERVER_ADDRESS);
            adminCommandUrl = stringValue("admin.commandURL", DEFAULT_ADMIN_COMMAND_URL);

            // -- ensemble --
            initLimit = intValue("initLimit", 0, 0);
            syncLimit = intValue("syncLimit", 0, 0);
            Value pt = lookup("peerType");
            peerType = "participant";
            if (pt != null) {
                peerType = pt.text().toLowerCase(Locale.ROOT);
                if (!peerType.equals("participant") && !peerType.equals("observer")) {
                    throw bad(pt, "must be participant or observer");
                }
            }
            Value ea = lookup("electionAlg");
            electionAlg = 3;
            if (ea != null) {
                electionAlg = parseInt(ea);
                if (electionAlg != 3) {
                    throw bad(ea, "only 3 is supported");
                }
            }
            standaloneEnabled = boolValue("standaloneEnabled", true);
            reconfigEnabled = boolValue("reconfigEnabled", false);
            dynamicConfigFile = stringValue("dynamicConfigFile", null);
            localSessionsEnabled = boolValue("localSessionsEnabled", false);
            localSessionsUpgradingEnabled = boolValue("localSessionsUpgradingEnabled", false);
            quorumListenOnAllIPs = boolValue("quorumListenOnAllIPs", false);
            secureClientPort = port("secureClientPort", -1);

            // -- prefixes and the rest --
            for (ConfigFile.Entry e : entries.values()) {
                String key = e.key();
                if (used.contains(key) || key.startsWith("server.")) {
                    continue;
                }
                if (key.startsWith("admin.")) {
                    adminOther.put(key.substring("admin.".length()), e.value());
                } else if (key.startsWith("metricsProvider.")) {
                    metricsProvider.put(key.substring("metricsProvider.".length()), e.value());
                } else if (ACCEPTED_FOR_LATER.contains(key)
                        || ACCEPTED_PREFIXES_FOR_LATER.stream().anyMatch(key::startsWith)) {
                    acceptedForLater.put(key, e.value());
                } else {
                    unknownKeys.add(key);
                    LOG.warn("Unknown configuration key '{}' ({}); ignored", key, where(e));
                }
            }
            if (!acceptedForLater.isEmpty()) {
                LOG.info("Accepted but not used yet by Paddock: {}", acceptedForLater.keySet());
            }
            return new ServerConfig(this);
        }

        int timeout(Value v, int def) {
            if (v == null) {
                return def;
            }
            int n = parseInt(v);
            if (n == -1) {
                return def;
            }
            if (n < 0) {
                throw bad(v, "must not be negative (-1 means the default)");
            }
            return n;
        }

        void parseServers() {
            for (ConfigFile.Entry e : entries.values()) {
                if (!e.key().startsWith("server.")) {
                    continue;
                }
                Value v = new Value(e.key(), e.value(), where(e));
                long id;
                try {
                    id = Long.parseLong(e.key().substring("server.".length()));
                } catch (NumberFormatException ex) {
                    throw bad(v, "the server id after 'server.' must be a number");
                }
                try {
                    servers.put(id, QuorumServerSpec.parse(id, e.value()));
                } catch (IllegalArgumentException ex) {
                    throw bad(v, ex.getMessage());
                }
            }
        }

        Set<FourLetterWord> parseWhitelist(Value v) {
            Set<FourLetterWord> set = EnumSet.noneOf(FourLetterWord.class);
            if (v != null) {
                for (String raw : v.text().split(",")) {
                    String name = raw.trim();
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (name.equals("*")) {
                        set.addAll(EnumSet.allOf(FourLetterWord.class));
                        continue;
                    }
                    FourLetterWord w = FourLetterWord.byName(name);
                    if (w == null) {
                        LOG.warn("4lw.commands.whitelist ({}) names '{}', which is not a four-letter word; ignored",
                                v.origin(), name);
                    } else {
                        set.add(w);
                    }
                }
            }
            if (readOnlyModeEnabled) {
                set.add(FourLetterWord.ISRO);
            }
            set.add(FourLetterWord.SRVR); // the launcher's status command relies on it, as ZooKeeper's does
            return set;
        }
    }
}
