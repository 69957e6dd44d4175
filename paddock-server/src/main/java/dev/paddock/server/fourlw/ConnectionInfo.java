package dev.paddock.server.fourlw;

import dev.paddock.server.net.ConnectionStats;
import dev.paddock.server.net.NettyConnection;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One client connection's figures as cons, stat and the admin server's connections/stats report them, read once
 * and rendered as ZooKeeper's cons line or its connection-info JSON object.
 *
 * @param remote      the peer's address (null if not an IP socket)
 * @param remoteText  the address as ZooKeeper prints it in cons: "/ip:port"
 * @param lastCxid    -1 until a reply with a cxid went out
 */
public record ConnectionInfo(InetSocketAddress remote, String remoteText, int interestOps, long outstanding,
        long packetsReceived, long packetsSent, long sessionId, String lastOperation, long establishedMs,
        int sessionTimeout, long lastCxid, long lastZxid, long lastResponseTime, long lastLatency, long minLatency,
        long avgLatency, long maxLatency) {

    public static ConnectionInfo of(NettyConnection c) {
        ConnectionStats s = c.stats();
        InetSocketAddress remote = c.channel().remoteAddress() instanceof InetSocketAddress a ? a : null;
        return new ConnectionInfo(remote, c.remoteSocketAddress(), c.interestOps(), s.outstanding(),
                s.packetsReceived(), s.packetsSent(), c.sessionId(), s.lastOp(), s.establishedMs(), c.sessionTimeout(),
                s.lastCxid(), s.lastZxid(), s.lastResponseTime(), s.lastLatency(), s.minLatency(), s.avgLatency(),
                s.maxLatency());
    }

    /** The cons/stat line, without a trailing newline; {@code brief} (stat) leaves out the session part. */
    public String text(boolean brief) {
        StringBuilder sb = new StringBuilder();
        sb.append(' ').append(remoteText).append('[');
        sb.append(interestOps == 0 ? "0" : Integer.toHexString(interestOps));
        sb.append("](queued=").append(outstanding).append(",recved=").append(packetsReceived)
                .append(",sent=").append(packetsSent);
        if (!brief && sessionId != 0) {
            sb.append(",sid=0x").append(Long.toHexString(sessionId)).append(",lop=").append(lastOperation)
                    .append(",est=").append(establishedMs).append(",to=").append(sessionTimeout);
            if (lastCxid >= 0) {
                sb.append(",lcxid=0x").append(Long.toHexString(lastCxid));
            }
            sb.append(",lzxid=0x").append(Long.toHexString(lastZxid)).append(",lresp=").append(lastResponseTime)
                    .append(",llat=").append(lastLatency).append(",minlat=").append(minLatency)
                    .append(",avglat=").append(avgLatency).append(",maxlat=").append(maxLatency);
        }
        return sb.append(')').toString();
    }

    /**
     * ZooKeeper's connection-info object: the address as Jackson writes an InetSocketAddress ("ip:port"), then the
     * counters; unless {@code brief}, the session part (the established time as epoch milliseconds, as Jackson
     * writes a Date).
     */
    public Map<String, Object> json(boolean brief) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("remote_socket_address", addressJson(remote, remoteText));
        m.put("interest_ops", interestOps);
        m.put("outstanding_requests", outstanding);
        m.put("packets_received", packetsReceived);
        m.put("packets_sent", packetsSent);
        if (!brief) {
            m.put("session_id", sessionId);
            m.put("last_operation", lastOperation);
            m.put("established", establishedMs);
            m.put("session_timeout", sessionTimeout);
            m.put("last_cxid", lastCxid);
            m.put("last_zxid", lastZxid);
            m.put("last_response_time", lastResponseTime);
            m.put("last_latency", lastLatency);
            m.put("min_latency", minLatency);
            m.put("avg_latency", avgLatency);
            m.put("max_latency", maxLatency);
        }
        return m;
    }

    /** How Jackson writes an InetSocketAddress: "host:port", an IPv6 literal in brackets. */
    public static String addressJson(InetSocketAddress a, String fallback) {
        if (a == null) {
            return fallback;
        }
        if (a.getAddress() == null) {
            return a.getHostString() + ":" + a.getPort();
        }
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
