package dev.paddock.server.ensemble;

import dev.paddock.quorum.node.QuorumNode;
import dev.paddock.server.EnsembleConfig;
import dev.paddock.server.ServerConfig;
import dev.paddock.core.CoreNode;
import dev.paddock.server.core.CoreDriver;
import dev.paddock.server.StorageSettings;
import dev.paddock.server.core.DurableTxnLog;
import dev.paddock.server.faults.FaultControl;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything an ensemble member runs besides the client port: the peer (the quorum node on the core thread), its
 * network and its background snapshots. Built from the validated configuration and the recovered data directory.
 */
public final class EnsembleRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EnsembleRuntime.class);

    /** How often the node is ticked: fine enough for FastLeaderElection's 200 ms finalize wait. */
    public static final long TICK_PERIOD_MS = 20;

    private final EnsembleConfig ensemble;
    /** The least time a member looks for a leader before it serves read-only clients (readonlymode.enabled). */
    static final long READ_ONLY_GRACE_MS = 2_000;

    private final int tickTimeMs;
    private final Storage storage;
    private final PeerNetwork network;
    private final EnsemblePeer peer;
    private final ServerConfig config;
    private final Consumer<Throwable> onFatal;
    private final QuorumSecuritySetup security;
    private DurableTxnLog log;

    private EnsembleRuntime(ServerConfig config, Storage storage, PeerNetwork network, EnsemblePeer peer,
                            Consumer<Throwable> onFatal, QuorumSecuritySetup security) {
        this.security = security;
        this.config = config;
        this.ensemble = config.ensemble();
        this.tickTimeMs = config.tickTime();
        this.storage = storage;
        this.network = network;
        this.peer = peer;
        this.onFatal = onFatal;
    }

    /**
     * @param faults  test-only fault hooks (null: none)
     * @param onFatal called when storage fails under the node: the server must stop
     */
    public static EnsembleRuntime create(ServerConfig config, Storage storage, Recovery.Result recovered,
                                         FaultControl faults, Consumer<Throwable> onFatal) throws IOException {
        EnsembleConfig e = config.ensemble();
        QuorumNode.Settings settings = new QuorumNode.Settings(config.core().toCoreConfig(e.myId(), e.reconfigEnabled()),
                e.participants().keySet(), e.observers().keySet(), config.tickTime(), e.initLimit(), e.syncLimit(),
                e.zooKeeperConfigText().getBytes(StandardCharsets.UTF_8), QuorumNode.ElectionTiming.ZOOKEEPER,
                e.standaloneEnabled());
        QuorumNode node = EnsemblePeer.recoverNode(settings, storage, recovered);
        if (config.client().readOnlyModeEnabled()) {
            // ZooKeeper waits max(2000 ms, tickTime) of looking before its read-only server starts
            node.enableReadOnlyMode(Math.max(READ_ONLY_GRACE_MS, config.tickTime()),
                    config.core().localSessionsEnabled());
        }
        QuorumSecuritySetup security = QuorumSecuritySetup.of(config);
        PeerNetwork network = new PeerNetwork(e, config.tickTime(), faults, security.security());
        EnsemblePeer peer = new EnsemblePeer(node, storage, network, onFatal);
        if (e.reconfigEnabled()) {
            peer.writeConfigsTo(new DynamicConfigFiles(config.configFile(), e.myId()));
        }
        LOG.info("Ensemble member {} of {} participants {} and {} observers; initLimit {} syncLimit {} tickTime {} ms",
                e.myId(), e.participants().size(), e.participants().keySet(), e.observers().size(), e.initLimit(),
                e.syncLimit(), config.tickTime());
        return new EnsembleRuntime(config, storage, network, peer, onFatal, security);
    }

    public CoreNode peer() {
        return peer;
    }

    public String state() {
        return peer.state();
    }

    /** In a role and synced: the four-letter words answer only then, as ZooKeeper's. */
    public boolean serving() {
        return peer.serving();
    }

    /** Opens the election port and starts looking for a leader, on {@code driver}'s core thread. */
    public void start(CoreDriver driver) throws IOException {
        StorageSettings st = config.storage();
        log = new DurableTxnLog(storage, storage.lastLoggedZxid(), st.snapRetainCount(), st.purgeInterval());
        log.onDurable(zxid -> EnsemblePeer.post(driver, "log synced", (p, now) -> p.logSynced(now)));
        log.onFailure(onFatal);
        log.onSnapshotDue(() -> EnsemblePeer.post(driver, "snapshot", (p, now) -> log.snapshotInBackground(
                p.node().tree(), p.node().sessions(), p.node().tree().lastProcessedZxid())));
        EnsemblePeer.post(driver, "attach log", (p, now) -> p.attachLog(log));
        network.start(driver, tickTimeMs);
        EnsemblePeer.post(driver, "start", (p, now) -> p.start(now));
    }

    @Override
    public void close() {
        network.close();
        security.close();
        try {
            if (log != null) {
                log.close(); // syncs what is queued, then closes the storage
            } else {
                storage.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing storage failed: {}", e.toString());
        }
    }
}
