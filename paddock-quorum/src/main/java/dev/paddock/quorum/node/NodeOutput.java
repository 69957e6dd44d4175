package dev.paddock.quorum.node;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.quorum.QuorumPacket;
import dev.paddock.quorum.zab.PacketType;
import dev.paddock.quorum.zab.Zxid;
import java.util.Map;

/**
 * What a {@link QuorumNode} asks its driver to do, in order. Disk actions other than {@link Append} must be
 * durable before the driver carries out the next output; {@link Append} is reported durable later through
 * {@link QuorumNode#persisted}. After {@link Truncate} the driver must rebuild the replica from what the log
 * still holds and hand it back with {@link QuorumNode#replicaReloaded} before the next input.
 */
public sealed interface NodeOutput {

    /** An election notification for a peer's election port. */
    record ElectionSend(long toSid, byte[] bytes) implements NodeOutput {
    }

    /** A packet for a peer over the quorum port (a SNAP's data is the raw stream that follows the packet). */
    record QuorumSend(long toSid, QuorumPacket packet) implements NodeOutput {
        @Override
        public String toString() {
            return "QuorumSend(" + toSid + ", " + PacketType.name(packet.type()) + " " + Zxid.hex(packet.zxid()) + ")";
        }
    }

    /** A learner dials its leader's quorum port; report {@link QuorumNode#quorumConnected} when it is up. */
    record ConnectToLeader(long leaderSid) implements NodeOutput {
    }

    /** Close the quorum connection to {@code sid}. */
    record QuorumDisconnect(long sid, String reason) implements NodeOutput {
    }

    /** Append to the log (group commit allowed); report {@link QuorumNode#persisted} once durable. */
    record Append(LoggedTxn txn) implements NodeOutput {
        @Override
        public String toString() {
            return "Append(" + Zxid.hex(txn.zxid()) + ")";
        }
    }

    /** Drop every logged txn after {@code zxid}, durably. */
    record Truncate(long zxid) implements NodeOutput {
    }

    /** Write this snapshot durably; the log continues after {@code zxid} and older log files no longer count. */
    record PersistSnapshot(DataTree tree, Map<Long, Integer> sessions, long zxid) implements NodeOutput {
    }

    record WriteAcceptedEpoch(long epoch) implements NodeOutput {
    }

    record WriteCurrentEpoch(long epoch) implements NodeOutput {
    }

    /**
     * A new configuration is in force (a reconfiguration committed, or a newer one learned while electing): the
     * driver records it durably (ZooKeeper's dynamic config file) and reaches its members at their addresses.
     */
    record ConfigActivated(dev.paddock.core.config.QuorumConfig config) implements NodeOutput {
    }

    /**
     * The node's role changed. Whatever client connections the server has must be closed when the node stops
     * serving ({@code serving} false): their sessions live on and the clients move to another server.
     */
    record RoleChanged(Role role, long leaderSid, long epoch, boolean serving) implements NodeOutput {
    }

    enum Role { LOOKING, LEADING, FOLLOWING, OBSERVING }
}
