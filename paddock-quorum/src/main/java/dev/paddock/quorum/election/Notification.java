package dev.paddock.quorum.election;

import java.util.Arrays;
import java.util.Objects;

/**
 * One election message as it travels between election ports (ZooKeeper's {@code FastLeaderElection.Notification}
 * minus the sender, which the transport knows). {@code config} is the sender's quorum configuration text (UTF-8,
 * {@code server.N=...\nversion=V}); it is present from format version 2 on and empty otherwise.
 *
 * @param state         the sender's state
 * @param leader        the sid the sender votes for (or follows / leads)
 * @param zxid          the last zxid of that leader as the sender knows it
 * @param electionEpoch the sender's logical clock (election round)
 * @param peerEpoch     the epoch of the proposed leader
 * @param version       message format version: 0 for 28- and 40-byte messages, 2 for what 3.5+ sends
 * @param config        configuration bytes (never null)
 */
public record Notification(ServerState state, long leader, long zxid, long electionEpoch, long peerEpoch,
                           int version, byte[] config) {

    /** The format version ZooKeeper 3.5+ (and Paddock) writes. */
    public static final int CURRENT_VERSION = 2;

    public Notification {
        Objects.requireNonNull(state, "state");
        config = config == null ? new byte[0] : config;
    }

    /** A current-format notification. */
    public static Notification of(ServerState state, long leader, long zxid, long electionEpoch, long peerEpoch,
                                  byte[] config) {
        return new Notification(state, leader, zxid, electionEpoch, peerEpoch, CURRENT_VERSION, config);
    }

    // byte[] would otherwise compare by identity
    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && state == n.state && leader == n.leader && zxid == n.zxid
            && electionEpoch == n.electionEpoch && peerEpoch == n.peerEpoch && version == n.version
            && Arrays.equals(config, n.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(state, leader, zxid, electionEpoch, peerEpoch, version) * 31 + Arrays.hashCode(config);
    }

    @Override
    public String toString() {
        return "Notification[" + state + " leader=" + leader + " zxid=0x" + Long.toHexString(zxid)
            + " round=0x" + Long.toHexString(electionEpoch) + " peerEpoch=0x" + Long.toHexString(peerEpoch)
            + " v" + version + " config=" + config.length + "B]";
    }
}
