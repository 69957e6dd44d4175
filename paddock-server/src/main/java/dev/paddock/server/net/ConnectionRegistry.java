package dev.paddock.server.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open client connections (in the order they arrived) and the per-IP counts behind maxClientCnxns. */
public final class ConnectionRegistry {
    private final int maxPerIp;
    private final ConcurrentSkipListMap<Long, NettyConnection> connections = new ConcurrentSkipListMap<>();
    private final Map<InetAddress, AtomicInteger> perIp = new ConcurrentHashMap<>();

    /** @param maxPerIp connections allowed per client IP; 0 = unlimited */
    public ConnectionRegistry(int maxPerIp) {
        this.maxPerIp = maxPerIp;
    }

    public int maxPerIp() {
        return maxPerIp;
    }

    /** Takes a per-IP slot for {@code remote}; false when the IP already has maxClientCnxns connections. */
    public boolean acquire(SocketAddress remote) {
        InetAddress ip = ipOf(remote);
        if (ip == null) {
            return true;
        }
        AtomicInteger n = perIp.computeIfAbsent(ip, k -> new AtomicInteger());
        if (n.incrementAndGet() > maxPerIp && maxPerIp > 0) {
            n.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back the slot taken by {@link #acquire}. */
    public void release(SocketAddress remote) {
        InetAddress ip = ipOf(remote);
        if (ip == null) {
            return;
        }
        perIp.computeIfPresent(ip, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
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

    private static InetAddress ipOf(SocketAddress a) {
        return a instanceof InetSocketAddress isa ? isa.getAddress() : null;
    }
}
