package dev.paddock.server.ensemble;

import dev.paddock.quorum.node.QuorumNode;
import dev.paddock.server.EnsembleConfig;
import dev.paddock.server.QuorumServerSpec;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.core.CoreApi;
import dev.paddock.server.core.CoreDriver;
import dev.paddock.server.core.Snapshotter;
import dev.paddock.storage.Recovery;
import dev.paddock.storage.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
    private final int tickTimeMs;
    private final Storage storage;
    private final PeerNetwork network;
    private final Snapshotter snapshotter;
    private final EnsemblePeer peer;

    private EnsembleRuntime(EnsembleConfig ensemble, int tickTimeMs, Storage storage, PeerNetwork network,
                            Snapshotter snapshotter, EnsemblePeer peer) {
        this.ensemble = ensemble;
        this.tickTimeMs = tickTimeMs;
        this.storage = storage;
        this.network = network;
        this.snapshotter = snapshotter;
        this.peer = peer;
    }

    /** @param onFatal called when storage fails under the node: the server must stop */
    public static EnsembleRuntime create(ServerConfig config, Storage storage, Recovery.Result recovered,
                                         Consumer<Throwable> onFatal) throws IOException {
        EnsembleConfig e = config.ensemble();
        QuorumNode.Settings settings = new QuorumNode.Settings(config.core().toCoreConfig(e.myId()),
                e.participants().keySet(), e.observers().keySet(), config.tickTime(), e.initLimit(), e.syncLimit(),
                quorumConfigText(e).getBytes(StandardCharsets.UTF_8), QuorumNode.ElectionTiming.ZOOKEEPER);
        QuorumNode node = EnsemblePeer.recoverNode(settings, storage, recovered);
        PeerNetwork network = new PeerNetwork(e, config.tickTime());
        Snapshotter snapshotter = new Snapshotter(storage);
        EnsemblePeer peer = new EnsemblePeer(node, storage, network, snapshotter, onFatal);
        LOG.info("Ensemble member {} of {} participants {} and {} observers; initLimit {} syncLimit {} tickTime {} ms",
                e.myId(), e.participants().size(), e.participants().keySet(), e.observers().size(), e.initLimit(),
                e.syncLimit(), config.tickTime());
        return new EnsembleRuntime(e, config.tickTime(), storage, network, snapshotter, peer);
    }

    /** ZooKeeper's configuration text (its QuorumVerifier's), as peers exchange it in notifications. */
    static String quorumConfigText(EnsembleConfig e) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, QuorumServerSpec> s : e.servers().entrySet()) {
            QuorumServerSpec spec = s.getValue();
            QuorumServerSpec.Address a = spec.firstAddress();
            sb.append("server.").append(s.getKey()).append('=').append(a.quorumHostPort()).append(':')
                    .append(a.electionPort()).append(spec.isObserver() ? ":observer" : ":participant");
            if (spec.clientPort() >= 0) {
                sb.append(';').append(spec.clientAddress() == null ? "0.0.0.0" : spec.clientAddress()).append(':')
                        .append(spec.clientPort());
            }
            sb.append('\n');
        }
        return sb.append("version=0").toString();
    }

    public CoreApi peer() {
        return peer;
    }

    public String state() {
        return peer.state();
    }

    /** Opens the election port and starts looking for a leader, on {@code driver}'s core thread. */
    public void start(CoreDriver driver) throws IOException {
        network.start(driver, tickTimeMs);
        EnsemblePeer.post(driver, "start", (p, now) -> p.start(now));
    }

    @Override
    public void close() {
        network.close();
        snapshotter.close();
        try {
            storage.close();
        } catch (IOException e) {
            LOG.warn("Closing storage failed: {}", e.toString());
        }
    }
}
