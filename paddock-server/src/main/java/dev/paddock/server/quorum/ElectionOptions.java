package dev.paddock.server.quorum;

import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.server.EnsembleConfig;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How an {@link ElectionTransport} listens, whom it dials and its limits.
 *
 * @param bindAddresses      where to listen, one listener each (port 0: an ephemeral port)
 * @param advertisedAddresses this server's election "host:port" strings sent in the initial message; empty: the
 *                           bound address
 * @param peers              the other servers' election addresses, tried in turn
 * @param multiAddress       send protocol version 2 with every advertised address (ZooKeeper multiAddress)
 * @param handshakeTimeoutMs how long an accepted connection may take to send its initial message
 */
public record ElectionOptions(long mySid, List<InetSocketAddress> bindAddresses, List<String> advertisedAddresses,
        Map<Long, List<InetSocketAddress>> peers, boolean multiAddress, int cnxTimeoutMs, int handshakeTimeoutMs,
        int sendCapacity, int maxFrameBytes) {
    public ElectionOptions {
        bindAddresses = List.copyOf(bindAddresses);
        advertisedAddresses = List.copyOf(advertisedAddresses);
        if (bindAddresses.isEmpty()) {
            throw new IllegalArgumentException("no address to listen on");
        }
        peers = Map.copyOf(peers);
        if (sendCapacity < 1 || maxFrameBytes < 1 || cnxTimeoutMs < 1 || handshakeTimeoutMs < 1) {
            throw new IllegalArgumentException("capacities and timeouts must be positive");
        }
    }

    /** ZooKeeper's defaults: cnxTimeout 5000 ms, one queued message per peer, 512 KiB frames. */
    public static ElectionOptions of(long mySid, InetSocketAddress bindAddress, Map<Long, List<InetSocketAddress>> peers) {
        return new ElectionOptions(mySid, List.of(bindAddress), List.of(), peers, false, EnsembleConfig.DEFAULT_CNX_TIMEOUT_MS,
                EnsembleConfig.DEFAULT_CNX_TIMEOUT_MS, ElectionWire.SEND_CAPACITY, ElectionWire.MAX_FRAME_BYTES);
    }

    /**
     * From a validated ensemble: listen on each of this server's election addresses, or on every IP at their ports
     * with quorumListenOnAllIPs (as ZooKeeper's listener does); the handshake may take syncLimit ticks (ZooKeeper's quorum socket timeout, which
     * {@code zookeeper.quorumCnxnTimeoutMs} would override there).
     */
    public static ElectionOptions forEnsemble(EnsembleConfig e, int tickTimeMs) {
        QuorumServerSpec self = e.self();
        if (self == null) {
            throw new IllegalArgumentException("myid " + e.myId() + " is not among the configured servers");
        }
        List<InetSocketAddress> bind = self.addresses().stream()
                .map(a -> e.quorumListenOnAllIPs() ? new InetSocketAddress(a.electionPort())
                        : new InetSocketAddress(a.host(), a.electionPort()))
                .distinct().toList();
        List<String> advertised = self.addresses().stream().map(QuorumServerSpec.Address::electionHostPort)
                .toList();
        Map<Long, List<InetSocketAddress>> peers = new HashMap<>();
        e.servers().forEach((id, s) -> {
            if (id != e.myId()) {
                peers.put(id, s.addresses().stream()
                        .map(a -> InetSocketAddress.createUnresolved(a.host(), a.electionPort())).toList());
            }
        });
        int handshakeMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1L, (long) e.syncLimit() * tickTimeMs));
        return new ElectionOptions(e.myId(), bind, advertised, peers, e.multiAddressEnabled(), e.cnxTimeoutMs(),
                handshakeMs, ElectionWire.SEND_CAPACITY, ElectionWire.MAX_FRAME_BYTES);
    }

    /** The first listening address (the one a bound ephemeral port is reported for). */
    public InetSocketAddress bindAddress() {
        return bindAddresses.get(0);
    }
}
