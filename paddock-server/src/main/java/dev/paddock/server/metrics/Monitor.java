package dev.paddock.server.metrics;

import dev.paddock.core.CoreFigures;
import dev.paddock.core.QuorumFigures;
import dev.paddock.server.ServerView;
import dev.paddock.server.Version;
import dev.paddock.server.limits.AvgMinMax;
import dev.paddock.server.net.OverloadCounters;
import dev.paddock.server.net.ServerStats;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's monitoring values under ZooKeeper's names (without the {@code zk_} prefix), in the order ZooKeeper
 * 3.9.3's {@code mntr} prints them: what {@code mntr}, the admin server's {@code monitor} and the metrics endpoint
 * report. Computed on the core thread, so one answer is one consistent picture.
 */
public final class Monitor {
    private Monitor() {
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

    /**
     * The values, {@code version} and {@code server_state} first; null when an ensemble member is not serving.
     * Integers are Long or Integer, fractions Double.
     */
    public static Map<String, Object> values(ServerView server, CoreFigures q) {
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
            return null;
        }
        Map<String, Object> sb = new LinkedHashMap<>();
        sb.put("version", Version.fullVersion());
        sb.put("server_state", server.state());
        if (quorum == null) {
            for (String key : MNTR_GAUGES) {
                sb.put(key, g.get(key));
            }
            overloadMetrics(server, sb);
            return sb;
        }
        sb.put("peer_state", quorum.peerState());
        if (quorum.observing()) {
            sb.put("observer_master_id", quorum.observerMasterId());
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
                sb.put(key, g.get(key));
            }
        }
        overloadMetrics(server, sb);
        return sb;
    }

    /**
     * The overload limits' metrics, after the gauges as ZooKeeper prints its counters and then its summaries: the
     * counters in the relative order a ZooKeeper 3.9.3 standalone server prints them (between them it prints many
     * counters Paddock does not keep), then {@code connection_token_deficit} as avg/min/max/cnt/sum.
     */
    private static void overloadMetrics(ServerView server, Map<String, Object> sb) {
        OverloadCounters o = server.stats().overload();
        sb.put("stale_requests_dropped", o.staleRequestsDropped.sum());
        sb.put("throttled_ops", o.throttledOps.sum());
        sb.put("connection_rejected", o.connectionRejected.sum());
        sb.put("stale_requests", o.staleRequests.sum());
        sb.put("connection_drop_count", o.connectionDropped.sum());
        sb.put("request_throttle_wait_count", o.requestThrottleWaits.sum());
        sb.put("stale_replies", o.staleReplies.sum());
        sb.put("large_requests_rejected", o.largeRequestsRejected.sum());
        sb.put("connection_request_count", o.connectionRequests.sum());
        AvgMinMax deficit = server.connections().tokenDeficit();
        sb.put("avg_connection_token_deficit", deficit.avg());
        sb.put("min_connection_token_deficit", deficit.min());
        sb.put("max_connection_token_deficit", deficit.max());
        sb.put("cnt_connection_token_deficit", deficit.count());
        sb.put("sum_connection_token_deficit", deficit.sum());
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
