package dev.paddock.server.net;

import dev.paddock.server.OverloadSettings;
import dev.paddock.server.limits.AvgMinMax;
import dev.paddock.server.limits.ConnectionThrottle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open client connections (in the order they arrived) and the admission limits on them: connections in total
 * ({@code maxCnxns}), connections per client IP ({@code maxClientCnxns}), and the connection throttle on connect
 * requests. Refusals are counted in {@code connection_rejected}, as ZooKeeper counts them.
 */
public final class ConnectionRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionRegistry.class);

    private final int maxPerIp;
    private final int maxTotal;
    private final ConnectionThrottle throttle;
    private final OverloadCounters counters;
    private final AvgMinMax tokenDeficit = new AvgMinMax();
    private final ConcurrentSkipListMap<Long, NettyConnection> connections = new ConcurrentSkipListMap<>();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();

    /**
     * @param maxPerIp connections allowed per client IP; 0 = unlimited
     * @param maxTotal connections allowed in all ({@code maxCnxns}); 0 = unlimited
     * @param throttle the connection throttle applied to connect requests
     * @param counters where refusals and admitted connect requests are counted
     */
    public ConnectionRegistry(int maxPerIp, int maxTotal, ConnectionThrottle throttle, OverloadCounters counters) {
        this.maxPerIp = maxPerIp;
        this.maxTotal = maxTotal;
        this.throttle = throttle;
        this.counters = counters;
    }

    /** Only the per-IP limit; counts go to counters of its own. */
    public ConnectionRegistry(int maxPerIp) {
        this(maxPerIp, 0, ConnectionThrottle.off(), new OverloadCounters());
    }

    /** The limits of {@code limits} (maxCnxns, the connection throttle on the current elapsed time). */
    public static ConnectionRegistry create(int maxClientCnxns, OverloadSettings limits, OverloadCounters counters,
            long nowMs) {
        return new ConnectionRegistry(maxClientCnxns, limits.maxCnxns(),
                new ConnectionThrottle(limits.connectionThrottle(), nowMs,
                        java.util.random.RandomGenerator.getDefault()), counters);
    }

    public int maxPerIp() {
        return maxPerIp;
    }

    /** {@code maxCnxns}; 0 = unlimited. */
    public int maxTotal() {
        return maxTotal;
    }

    /**
     * Takes a slot for a new connection from {@code remote}: false (counted in {@code connection_rejected}, one
     * WARN line) when {@code maxCnxns} connections are open already, or when the IP already has
     * {@code maxClientCnxns}. The caller closes a refused connection, and gives a taken slot back with
     * {@link #release} when the connection closes.
     */
    public boolean acquire(SocketAddress remote) {
        if (total.incrementAndGet() > maxTotal && maxTotal > 0) {
            int open = total.decrementAndGet();
            counters.connectionRejected.increment();
            LOG.warn("Too many connections {} - max is {}; refusing {}", open, maxTotal, remote);
            return false;
        }
        InetAddress ip = ipOf(remote);
        if (ip == null) {
            return true;
        }
        AtomicInteger n = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        if (n.incrementAndGet() > maxPerIp && maxPerIp > 0) {
            n.decrementAndGet();
            total.decrementAndGet();
            counters.connectionRejected.increment();
            LOG.warn("Too many connections from {} - max is {}", ip, maxPerIp);
            return false;
        }
        return true;
    }

    /** Gives back the slot taken by {@link #acquire}. */
    public void release(SocketAddress remote) {
        total.decrementAndGet();
        InetAddress ip = ipOf(remote);
        if (ip == null) {
            return;
        }
        perIp.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /**
     * Whether a connect request arriving at {@code nowMs} (elapsed ms) may go on, by the connection throttle. An
     * admitted request is counted in {@code connection_request_count} and its token deficit recorded (as
     * ZooKeeper does, after the check); a refused one in {@code connection_rejected}. The caller closes the
     * connection of a refused request.
     */
    public boolean admitConnectRequest(long nowMs) {
        if (!throttle.checkLimit(1, nowMs)) {
            counters.connectionRejected.increment();
            LOG.debug("Connect request refused by the connection throttle (drop chance {})", throttle.dropChance());
            return false;
        }
        long deficit = throttle.deficit();
        tokenDeficit.add(deficit);
        counters.tokenDeficits.accept(deficit);
        counters.connectionRequests.increment();
        return true;
    }

    /** The connection throttle's current random drop chance ({@code connection_drop_probability}). */
    public double connectionDropChance() {
        return throttle.dropChance();
    }

    /** The token deficit seen by each admitted connect request ({@code connection_token_deficit}). */
    public AvgMinMax tokenDeficit() {
        return tokenDeficit;
    }

    public void add(NettyConnection c) {
        connections.put(c.connectionId(), c);
    }

    public void remove(NettyConnection c) {
        connections.remove(c.connectionId());
    }

    public Collection<NettyConnection> connections() {
        return connections.values();
    }

    public int size() {
        return connections.size();
    }

    /** crst. */
    public void resetAllStats() {
        for (NettyConnection c : connections.values()) {
            c.stats().reset();
        }
    }

    public int countFor(InetAddress ip) {
        AtomicInteger n = perIp.get(ip);
        return n == null ? 0 : n.get();
    }

    /** Slots taken now: every accepted connection not yet closed (four-letter-word connections included). */
    public int slotsTaken() {
        return total.get();
    }

    private static InetAddress ipOf(SocketAddress a) {
        return a instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
