package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.quorum.QuorumPacket;

/**
 * What a Zab state machine asks its driver to do. Outputs are drained as one ordered list and must be carried
 * out in that order; every disk action except {@link Append} must be durable before the driver goes on to the
 * next output (that is how "write currentEpoch, then ack" is expressed). {@link Append} is asynchronous: the
 * driver reports durability later through {@code persisted(zxid)}, in log order.
 */
public sealed interface ZabOutput {

    /** Send a packet to a peer. For SNAP, {@code data} holds the snapshot stream that ZooKeeper writes raw after the packet. */
    record Send(long toSid, QuorumPacket packet) implements ZabOutput {
        @Override
        public String toString() {
            return "Send(" + toSid + ", " + PacketType.name(packet.type()) + " " + Zxid.hex(packet.zxid()) + ")";
        }
    }

    /** Close the connection to a learner (it fell silent, misbehaved, or is ahead of us). */
    record Disconnect(long sid, String reason) implements ZabOutput {
    }

    /** Append a txn to the local log (group commit is fine); report with {@code persisted(zxid)} once durable. */
    record Append(LoggedTxn txn) implements ZabOutput {
        @Override
        public String toString() {
            return "Append(" + Zxid.hex(txn.zxid()) + ")";
        }
    }

    /** Durably drop every logged txn after {@code zxid}, and rebuild the replica from what remains. */
    record Truncate(long zxid) implements ZabOutput {
        @Override
        public String toString() {
            return "Truncate(" + Zxid.hex(zxid) + ")";
        }
    }

    /**
     * Durably replace the replica and the log with the leader's snapshot at {@code zxid} (the log continues after
     * it); the snapshot must be written before anything that follows, so a crash cannot mix it with the old log.
     */
    record InstallSnapshot(long zxid, byte[] snapshot) implements ZabOutput {
        @Override
        public String toString() {
            return "InstallSnapshot(" + Zxid.hex(zxid) + ", " + snapshot.length + " bytes)";
        }
    }

    /** Durably record the epoch this server has promised to follow (ZooKeeper's acceptedEpoch file). */
    record WriteAcceptedEpoch(long epoch) implements ZabOutput {
    }

    /** Durably record the epoch whose history this server holds (ZooKeeper's currentEpoch file). */
    record WriteCurrentEpoch(long epoch) implements ZabOutput {
    }

    /** Apply a committed txn to the replica; emitted in zxid order. */
    record Apply(LoggedTxn txn) implements ZabOutput {
        @Override
        public String toString() {
            return "Apply(" + Zxid.hex(txn.zxid()) + ")";
        }
    }

    /**
     * A reconfiguration committed just before (its {@link Apply} came first) is to be activated, and the leader that
     * committed it names who leads in the new configuration: itself, or one of the new voters that acked it
     * (COMMITANDACTIVATE, INFORMANDACTIVATE).
     */
    record Activate(long zxid, long designatedLeader) implements ZabOutput {
    }

    /**
     * The leader has a quorum behind epoch {@code epoch}: its history up to {@code lastZxid} is committed and it
     * takes proposals from now on. For the leader's replica nothing is to apply: it already holds that history.
     */
    record Established(long epoch, long lastZxid) implements ZabOutput {
    }

    /** A learner got UPTODATE: its log now holds the leader's history and it may serve clients. */
    record Synced(long leaderSid, long epoch, SyncMode mode) implements ZabOutput {
    }

    /**
     * A packet the Zab core does not interpret, for the server: REQUEST, REVALIDATE and SYNC (request forwarding
     * and session revalidation), and on the leader a learner's PING reply carrying session touches (pairs of
     * long sessionId, int timeoutMs). The liveness effect of every packet is already taken into account.
     */
    record Deliver(long fromSid, QuorumPacket packet) implements ZabOutput {
        @Override
        public String toString() {
            return "Deliver(" + fromSid + ", " + PacketType.name(packet.type()) + " " + Zxid.hex(packet.zxid()) + ")";
        }
    }

    /** This role is over: the driver stops it and goes back to leader election. */
    record ElectionNeeded(String reason) implements ZabOutput {
    }

    enum SyncMode { DIFF, TRUNC, SNAP }
}
