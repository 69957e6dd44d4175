package dev.paddock.server;

import dev.paddock.core.config.PeerType;
import dev.paddock.core.config.QuorumConfig;
import dev.paddock.core.config.QuorumServerSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ensemble settings, parsed and validated by {@link EnsembleParser} with ZooKeeper 3.9's defaults and rules.
 *
 * @param myId                 this server's id from {@code dataDir/myid}, or {@link #UNSET_ID} (standalone needs none)
 * @param servers              server.N lines by N (from zoo.cfg, or from dynamicConfigFile when that is set)
 * @param initLimit            ticks a follower may take to connect and sync to the leader (0: unset)
 * @param syncLimit            ticks a follower may lag behind the leader (0: unset)
 * @param peerType             this server's role; the server.N line's role wins over the peerType key
 * @param electionAlg          always 3 (FastLeaderElection); ZooKeeper 3.9 refuses anything else
 * @param quorumListenOnAllIPs bind the quorum and election ports on every address instead of the configured host
 * @param syncEnabled          an observer logs and snapshots what it learns (observer.syncEnabled)
 * @param leaderServes         the leader takes client connections
 * @param cnxTimeoutMs         how long dialling a peer's election port may take (zookeeper.cnxTimeout)
 * @param dynamicConfigFile    the file the server.N lines came from, or null
 * @param multiAddressEnabled  {@code |}-separated addresses allowed; the election handshake then uses version 2
 * @param configVersion        the configuration's version: the hex suffix of the dynamic config file's name
 *                             ({@code zoo.cfg.dynamic.100000000}), else 0
 */
public record EnsembleConfig(long myId, Map<Long, QuorumServerSpec> servers, int initLimit, int syncLimit,
        PeerType peerType, int electionAlg, boolean quorumListenOnAllIPs, boolean syncEnabled, boolean leaderServes,
        int cnxTimeoutMs, boolean standaloneEnabled, boolean reconfigEnabled, Path dynamicConfigFile,
        boolean multiAddressEnabled, long configVersion) {

    /** ZooKeeper's "no myid" marker. */
    public static final long UNSET_ID = -1;
    public static final int DEFAULT_CNX_TIMEOUT_MS = 5000;
    public static final int ELECTION_ALG_FAST = 3;

    public EnsembleConfig {
        servers = Collections.unmodifiableMap(new TreeMap<>(servers));
    }

    /** Standalone, no server lines: what the embedded defaults and plain test configs give. */
    public static EnsembleConfig none() {
        return new EnsembleConfig(UNSET_ID, Map.of(), 0, 0, PeerType.PARTICIPANT, ELECTION_ALG_FAST, false, true,
                true, DEFAULT_CNX_TIMEOUT_MS, true, false, null, false, 0);
    }

    /**
     * ZooKeeper's {@code isDistributed}: there are server lines and either standalone is disabled or more than one
     * of them votes. A single participant line with standaloneEnabled=true runs standalone.
     */
    public boolean isDistributed() {
        return !servers.isEmpty() && (!standaloneEnabled || participants().size() > 1);
    }

    public Map<Long, QuorumServerSpec> participants() {
        return byRole(PeerType.PARTICIPANT);
    }

    public Map<Long, QuorumServerSpec> observers() {
        return byRole(PeerType.OBSERVER);
    }

    private Map<Long, QuorumServerSpec> byRole(PeerType role) {
        Map<Long, QuorumServerSpec> m = new TreeMap<>();
        servers.forEach((id, s) -> {
            if (s.role() == role) {
                m.put(id, s);
            }
        });
        return m;
    }

    /** This server's line, or null when myid is unset or not listed. */
    public QuorumServerSpec self() {
        return servers.get(myId);
    }

    /** The line whose ';clientPort' is this server's client port when zoo.cfg has no clientPort, or null. */
    QuorumServerSpec clientPortLine() {
        QuorumServerSpec self = self();
        if (self != null) {
            return self.clientPort() >= 0 ? self : null;
        }
        if (servers.size() == 1) {
            QuorumServerSpec only = servers.values().iterator().next();
            return only.clientPort() >= 0 ? only : null;
        }
        return null;
    }

    /**
     * The configuration as ZooKeeper writes it ({@code QuorumMaj.toString()}): one {@code server.N=} line per
     * server, addresses sorted by host, the role always spelled out, the client part when the line gives a
     * client port (address 0.0.0.0 when it gives none), then {@code version=<hex>}. ZooKeeper's election
     * notifications and Zab's NEWLEADER/LEADERINFO carry these bytes (UTF-8); a peer compares versions, so a
     * Paddock server must send the same text.
     */
    public String zooKeeperConfigText() {
        return quorumConfig().text();
    }

    /**
     * The configuration in force, from the membership text a member reports (it changes with reconfigurations);
     * the files' configuration when the text is empty or unreadable.
     */
    public QuorumConfig inForce(String membership) {
        if (membership != null && !membership.isEmpty()) {
            try {
                return QuorumConfig.parse(membership);
            } catch (IllegalArgumentException e) {
                // fall back to the files' configuration
            }
        }
        return quorumConfig();
    }

    /** The server lines and version as the quorum code keeps them. */
    public QuorumConfig quorumConfig() {
        return new QuorumConfig(servers, configVersion);
    }

}
