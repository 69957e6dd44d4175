package dev.paddock.server.metrics;

import dev.paddock.core.CoreFigures;
import dev.paddock.core.QuorumFigures;
import dev.paddock.server.ServerView;
import dev.paddock.server.Version;
import dev.paddock.server.core.ServerClock;
import dev.paddock.server.net.ServerStats;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server's monitoring values under ZooKeeper's names (without the {@code zk_} prefix), in the order ZooKeeper
 * 3.9.3's {@code mntr} prints them: what {@code mntr}, the admin server's {@code monitor} and the metrics endpoint
 * report. Computed on the core thread, so one answer is one consistent picture.
 */
public final class Monitor {
    private Monitor() {
    }

    /**
     * The gauges in the order ZooKeeper 3.9.3 prints them: its metrics provider iterates a ConcurrentHashMap of
     * the gauges registered (ZooKeeperServer's, then the quorum ones), and the same map filled in the same order
     * iterates the same way (MonitorOrderTest checks it against a real ZooKeeper's mntr).
     */
    static final List<String> GAUGE_ORDER = gaugeOrder();

    private static List<String> gaugeOrder() {
        Map<String, Boolean> m = new ConcurrentHashMap<>();
        for (MetricsCatalog.Def d : MetricsCatalog.ALL) {
            if (d.kind() == MetricsCatalog.Kind.GAUGE) {
                m.put(d.name(), Boolean.TRUE);
            }
        }
        return List.copyOf(m.keySet());
    }

    /**
     * The values, {@code version} and {@code server_state} first, then the gauges the server's role reports, then
     * every counter and summary ({@link ServerMetrics#mntr}); null when an ensemble member is not serving.
     * Integers are Long or Integer, fractions Double. A role's gauges: quorum_size on every member; learners,
     * synced_followers, synced_non_voting_followers, synced_observers, pending_syncs and the leader's
     * leader_uptime and proposal sizes on the leader only (ZooKeeper skips gauges it did not register or whose
     * value is null, and its followers print no synced_observers). With the Prometheus provider on, ZooKeeper
     * prints its Prometheus samples after the first lines instead ({@code readlatency{quantile="0.5"}} → 1.0,
     * gauges and counters as doubles, the JVM's too when exportJvmInfo), and so does this.
     */
    public static Map<String, Object> values(ServerView server, CoreFigures q) {
        QuorumFigures quorum = q.quorumFigures();
        if (quorum != null && !quorum.serving()) {
            return null;
        }
        Map<String, Object> g = gauges(server, q);
        Map<String, Object> sb = new LinkedHashMap<>();
        sb.put("version", Version.fullVersion());
        sb.put("server_state", server.state());
        if (quorum != null) {
            sb.put("peer_state", quorum.peerState());
            if (quorum.observing()) {
                sb.put("observer_master_id", quorum.observerMasterId());
            }
        }
        ServerMetrics metrics = server.stats().metrics();
        MetricsSettings prometheus = metrics.prometheus();
        if (prometheus != null) {
            // ZooKeeper's Prometheus provider dumps its registry's samples instead: name{labels} -> double
            PrometheusExporter.dump(metrics, g, prometheus.exportJvmInfo(), sb);
            return sb;
        }
        for (String key : GAUGE_ORDER) {
            if (g.containsKey(key)) {
                sb.put(key, g.get(key));
            }
        }
        metrics.mntr(sb);
        return sb;
    }

    /** The gauges the server's role reports, by name (unordered). Call on the core thread. */
    public static Map<String, Object> gauges(ServerView server, CoreFigures q) {
        ServerStats s = server.stats();
        Map<String, Object> g = new HashMap<>();
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
        g.put("global_sessions", q.globalSessionCount());
        g.put("local_sessions", (long) q.localSessionCount());
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
        if (quorum != null) {
            g.put("quorum_size", quorum.quorumSize());
            if (quorum.leading()) {
                g.put("learners", quorum.learners());
                g.put("synced_followers", quorum.syncedFollowers());
                g.put("synced_non_voting_followers", quorum.syncedNonVotingFollowers());
                g.put("pending_syncs", quorum.pendingSyncs());
                g.put("synced_observers", quorum.syncedObservers());
                LeaderFigures leader = s.metrics().leader;
                g.put("leader_uptime", leader.uptimeMs(ServerClock.elapsedMs()));
                g.put("last_proposal_size", leader.last());
                g.put("max_proposal_size", leader.max());
                g.put("min_proposal_size", leader.min());
            }
        }
        return g;
    }

    /** Integers print as integers, other numbers as doubles, as ZooKeeper prints them. */
    public static String text(Object v) {
        return v instanceof Long || v instanceof Integer ? v.toString()
                : v instanceof Number n ? Double.toString(n.doubleValue()) : String.valueOf(v);
    }

    private static long fileDescriptors(boolean open) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return open ? unix.getOpenFileDescriptorCount() : unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
