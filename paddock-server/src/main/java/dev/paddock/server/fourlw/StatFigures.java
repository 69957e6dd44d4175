package dev.paddock.server.fourlw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What srvr and stat (and the admin server's server_stats and stats) report, read once on the core thread.
 *
 * @param proposals   the leader's proposal sizes; null when the server does not lead
 * @param connections the connections, for stat; null for srvr
 */
public record StatFigures(String version, boolean readOnly, long minLatency, double avgLatency, long maxLatency,
        long outstanding, long lastZxid, long dataDirSize, long logDirSize, long packetsReceived, long packetsSent,
        String mode, int aliveConnections, long uptimeMs, Sizes responses, int nodeCount, Sizes proposals,
        List<ConnectionInfo> connections) {

    /** ZooKeeper's buffer statistics (of client responses, of a leader's proposals): bytes, -1 before the first. */
    public record Sizes(long last, long min, long max) {
        Map<String, Object> json() {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("last_buffer_size", last);
            b.put("min_buffer_size", min);
            b.put("max_buffer_size", max);
            return b;
        }
    }

    /** ZooKeeper's srvr text, or stat's (with the client lines) when the connections were read. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append("Zookeeper version: ").append(version).append('\n');
        if (readOnly) {
            sb.append("READ-ONLY mode; serving only read-only clients\n");
        }
        if (connections != null) {
            sb.append("Clients:\n");
            for (ConnectionInfo c : connections) {
                sb.append(c.text(true)).append('\n');
            }
            sb.append('\n');
        }
        sb.append("Latency min/avg/max: ").append(minLatency).append('/').append(avgLatency).append('/')
                .append(maxLatency).append('\n');
        sb.append("Received: ").append(packetsReceived).append('\n');
        sb.append("Sent: ").append(packetsSent).append('\n');
        sb.append("Connections: ").append(aliveConnections).append('\n');
        sb.append("Outstanding: ").append(outstanding).append('\n');
        sb.append("Zxid: 0x").append(Long.toHexString(lastZxid)).append('\n');
        sb.append("Mode: ").append(mode).append('\n');
        sb.append("Node count: ").append(nodeCount).append('\n');
        return sb.toString();
    }

    /**
     * The admin server's fields: version, read_only, server_stats (ZooKeeper's ServerStats bean in the order Jackson
     * wrote it in one capture; Jackson's bean order varies between runs), client_response, proposal_stats on a
     * leader, node_count;
     * with the connections, stats' brief connection objects and an empty secure_connections.
     */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", version);
        m.put("read_only", readOnly);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("packets_sent", packetsSent);
        s.put("packets_received", packetsReceived);
        s.put("fsync_threshold_exceed_count", 0L);
        s.put("client_response_stats", responses.json());
        s.put("uptime", uptimeMs);
        s.put("data_dir_size", dataDirSize);
        s.put("log_dir_size", logDirSize);
        s.put("provider_null", false);
        s.put("last_processed_zxid", lastZxid);
        s.put("outstanding_requests", outstanding);
        s.put("server_state", mode);
        s.put("avg_latency", avgLatency);
        s.put("max_latency", maxLatency);
        s.put("min_latency", minLatency);
        s.put("num_alive_client_connections", aliveConnections);
        s.put("auth_failed_count", 0L);
        s.put("non_mtlsremote_conn_count", 0L);
        s.put("non_mtlslocal_conn_count", 0L);
        m.put("server_stats", s);
        m.put("client_response", responses.json());
        if (proposals != null) {
            m.put("proposal_stats", proposals.json());
        }
        m.put("node_count", nodeCount);
        if (connections != null) {
            m.put("connections", connections.stream().map(c -> c.json(true)).toList());
            m.put("secure_connections", List.of());
        }
        return m;
    }
}
