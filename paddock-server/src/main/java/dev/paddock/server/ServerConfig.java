package dev.paddock.server;

import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.core.CoreConfig;
import dev.paddock.server.fourlw.FourLetterWord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's settings, read from a ZooKeeper {@code zoo.cfg} (java.util.Properties syntax, keys and values
 * trimmed) or from a {@link Properties} object, with system properties and built-in defaults underneath. One
 * record per concern ({@link StorageSettings}, {@link CoreSettings}, {@link EnsembleConfig},
 * {@link ClientPortSettings}, {@link AdminSettings}, {@link OverloadSettings}), each parsed from one
 * {@link ConfigSource}.
 *
 * <p>Where a value comes from, highest first:
 * <ol>
 *   <li>the key in zoo.cfg (or in the Properties passed to {@link #fromProperties});</li>
 *   <li>the system property {@code zookeeper.<key>} (e.g. {@code -Dzookeeper.clientPort=2182});</li>
 *   <li>the bare system property ZooKeeper itself reads for a few keys: {@code jute.maxbuffer},
 *       {@code readonlymode.enabled}, {@code znode.container.checkIntervalMs},
 *       {@code zookeeper.observer.syncEnabled};</li>
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

    public static final int DEFAULT_TICK_TIME = CoreSettings.DEFAULT_TICK_TIME;
    public static final int DEFAULT_CLIENT_PORT = ClientPortSettings.DEFAULT_CLIENT_PORT;
    public static final String SUPER_DIGEST_KEY = CoreSettings.SUPER_DIGEST_KEY;
    public static final int DEFAULT_JUTE_MAXBUFFER = ClientPortSettings.DEFAULT_JUTE_MAXBUFFER;

    /** Keys ZooKeeper accepts that Paddock keeps but does not act on yet. */
    private static final Set<String> ACCEPTED_FOR_LATER = Set.of(
            "observerMasterPort", "connectToLearnerMasterLimit",
            "audit.enable", "digest.enabled", "snapSizeLimitInKb", "txnLogSizeLimitInKb",
            "multiAddress.reachabilityCheckTimeoutMs", "multiAddress.reachabilityCheckEnabled", "oraclePath",
            "jvm.pause.info-threshold.ms", "jvm.pause.warn-threshold.ms", "jvm.pause.sleep.time.ms",
            "jvm.pause.monitor", "electionPortBindRetry", "maxResponseCacheSize",
            "flushDelay", "maxWriteQueuePollTime", "maxBatchSize", "requestThrottleLimit", "fips-mode",
            "commitLogCount", "learnerHandlerQuorumPacketLimit");
    private static final List<String> ACCEPTED_PREFIXES_FOR_LATER = List.of(
            "ssl.", "zookeeper.");

    private final Path configFile;
    private final String source;
    private final StorageSettings storage;
    private final CoreSettings core;
    private final EnsembleConfig ensemble;
    private final ClientPortSettings client;
    private final ClientTlsSettings clientTls;
    private final AdminSettings admin;
    private final OverloadSettings overload;
    private final QuorumAuthSettings quorumAuth;
    private final QuorumTlsSettings quorumTls;
    private final Map<String, String> metricsProvider;
    /** Accepted keys with no effect yet, as written; unknown keys are not in here. */
    private final Map<String, String> acceptedForLater;
    private final List<String> unknownKeys;

    /** Reads a zoo.cfg file (and its dynamicConfigFile and dataDir/myid, for an ensemble). */
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
        return parse(new ConfigSource(file, file.toString(), entries, Map.of()));
    }

    /** Settings given as properties (zoo.cfg keys), no file. {@code clientPort=0} binds an ephemeral port. */
    public static ServerConfig fromProperties(Properties props) {
        List<ConfigFile.Entry> entries = new ArrayList<>();
        for (String key : new TreeMap<>(toMap(props)).keySet()) {
            entries.add(new ConfigFile.Entry(key.trim(), props.getProperty(key).trim(), 0));
        }
        return parse(new ConfigSource(null, "properties", entries, Map.of()));
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
        return parse(new ConfigSource(null, "embedded defaults", List.of(), fallback));
    }

    private static Map<String, String> toMap(Properties props) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String k : props.stringPropertyNames()) {
            m.put(k, props.getProperty(k));
        }
        return m;
    }

    /** The one parser: each concern reads its keys; what is left is accepted-for-later or unknown. */
    private static ServerConfig parse(ConfigSource src) {
        StorageSettings storage = StorageSettings.parse(src);
        CoreSettings core = CoreSettings.parse(src);
        EnsembleConfig ensemble = EnsembleParser.parse(src, storage.dataDir());
        ClientPortSettings client = ClientPortSettings.parse(src, ensemble);
        ClientTlsSettings clientTls = ClientTlsSettings.parse(src, client);
        AdminSettings admin = AdminSettings.parse(src);
        OverloadSettings overload = OverloadSettings.parse(src);
        QuorumAuthSettings quorumAuth = QuorumAuthSettings.parse(src);
        QuorumTlsSettings quorumTls = QuorumTlsSettings.parse(src);

        Map<String, String> metricsProvider = new TreeMap<>();
        Map<String, String> acceptedForLater = new TreeMap<>();
        List<String> unknownKeys = new ArrayList<>();
        for (ConfigFile.Entry e : src.entries()) {
            String key = e.key();
            if (src.wasRead(key) || key.startsWith("server.") || key.startsWith("admin.")) {
                continue;
            }
            if (key.startsWith("metricsProvider.")) {
                metricsProvider.put(key.substring("metricsProvider.".length()), e.value());
            } else if (ACCEPTED_FOR_LATER.contains(key)
                    || ACCEPTED_PREFIXES_FOR_LATER.stream().anyMatch(key::startsWith)) {
                acceptedForLater.put(key, e.value());
            } else {
                unknownKeys.add(key);
                LOG.warn("Unknown configuration key '{}' ({}); ignored", key, src.where(e));
            }
        }
        if (!acceptedForLater.isEmpty()) {
            LOG.info("Accepted but not used yet by Paddock: {}", acceptedForLater.keySet());
        }
        return new ServerConfig(src, storage, core, ensemble, client, admin, overload, quorumAuth, quorumTls,
                metricsProvider, acceptedForLater, unknownKeys, clientTls);
    }

    private ServerConfig(ConfigSource src, StorageSettings storage, CoreSettings core, EnsembleConfig ensemble,
            ClientPortSettings client, AdminSettings admin, OverloadSettings overload, QuorumAuthSettings quorumAuth,
            QuorumTlsSettings quorumTls, Map<String, String> metricsProvider, Map<String, String> acceptedForLater,
            List<String> unknownKeys, ClientTlsSettings clientTls) {
        this.configFile = src.file;
        this.source = src.label;
        this.storage = storage;
        this.core = core;
        this.ensemble = ensemble;
        this.client = client;
        this.admin = admin;
        this.overload = overload;
        this.quorumAuth = quorumAuth;
        this.quorumTls = quorumTls;
        this.metricsProvider = Map.copyOf(metricsProvider);
        this.acceptedForLater = Map.copyOf(acceptedForLater);
        this.unknownKeys = List.copyOf(unknownKeys);
        this.clientTls = clientTls;
    }

    // ---- the records ----

    public StorageSettings storage() {
        return storage;
    }

    public CoreSettings core() {
        return core;
    }

    public EnsembleConfig ensemble() {
        return ensemble;
    }

    public ClientPortSettings client() {
        return client;
    }

    /** TLS on the client port: secureClientPort, client.portUnification and the ssl.* keys. */
    public ClientTlsSettings clientTls() {
        return clientTls;
    }

    public AdminSettings admin() {
        return admin;
    }

    /** The limits that keep one client from hurting the others (issue #15). */
    public OverloadSettings overload() {
        return overload;
    }

    /** Quorum SASL (the quorum.auth.* keys). */
    public QuorumAuthSettings quorumAuth() {
        return quorumAuth;
    }

    /** TLS between ensemble members (sslQuorum, portUnification, ssl.quorum.*). */
    public QuorumTlsSettings quorumTls() {
        return quorumTls;
    }

    /** The settings the core reads. Standalone: server id 0. */
    public CoreConfig toCoreConfig() {
        return core.toCoreConfig(0, ensemble.reconfigEnabled());
    }

    /** The zoo.cfg this came from, or null. */
    public Path configFile() {
        return configFile;
    }

    /** Where the settings came from, for logs: the file path, "properties" or "embedded defaults". */
    public String source() {
        return source;
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

    /** Whether the config describes a replicated ensemble (ZooKeeper's isDistributed). */
    public boolean isEnsemble() {
        return ensemble.isDistributed();
    }

    // ---- shorthands the server, the four-letter words and other modules' tests read ----

    public int tickTime() {
        return core.tickTime();
    }

    public Path dataDir() {
        return storage.dataDir();
    }

    public Path dataLogDir() {
        return storage.dataLogDir();
    }

    /** The configured client port; 0 means an ephemeral port chosen at bind time. */
    public int clientPort() {
        return client.clientPort();
    }

    /** The address to bind, or null for all addresses. */
    public String clientPortAddress() {
        return client.clientPortAddress();
    }

    public int maxClientCnxns() {
        return client.maxClientCnxns();
    }

    public int minSessionTimeout() {
        return core.minSessionTimeout();
    }

    public int maxSessionTimeout() {
        return core.maxSessionTimeout();
    }

    public int juteMaxBuffer() {
        return client.juteMaxBuffer();
    }

    public boolean isFourLetterWordEnabled(FourLetterWord word) {
        return client.fourLetterWordWhitelist().contains(word);
    }

    /** server.N entries by N. */
    public Map<Long, QuorumServerSpec> servers() {
        return ensemble.servers();
    }

    @Override
    public String toString() {
        return "ServerConfig{source=" + source + ", clientPort=" + clientPort() + ", dataDir=" + dataDir()
                + ", tickTime=" + tickTime() + (ensemble.isDistributed() ? ", myid=" + ensemble.myId()
                + ", servers=" + ensemble.servers().keySet() : "") + "}";
    }
}
