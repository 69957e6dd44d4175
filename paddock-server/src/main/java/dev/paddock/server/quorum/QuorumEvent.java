package dev.paddock.server.quorum;

import dev.paddock.jute.quorum.QuorumPacket;
import java.net.InetSocketAddress;

/**
 * What the quorum-port transport reports to its owner. Events of one connection come from that connection's reader
 * thread, in order: {@link Connected}, then packets and snapshots as they arrived, then exactly one {@link Lost}.
 */
public sealed interface QuorumEvent {

    /** A learner's connection was accepted (leader side) or the leader was reached (learner side). */
    record Connected(QuorumConnection connection) implements QuorumEvent {
    }

    record PacketReceived(QuorumConnection connection, QuorumPacket packet) implements QuorumEvent {
        @Override
        public String toString() {
            return "PacketReceived(#" + connection.id() + ", " + QuorumPortWire.typeName(packet.type()) + " 0x"
                    + Long.toHexString(packet.zxid()) + ")";
        }
    }

    /**
     * Learner side: a SNAP packet at {@code zxid} and the snapshot after it, as the snapshot reader made it; the
     * signature was checked. {@code streamBytes} is the size of the snapshot on the wire.
     */
    record SnapshotReceived<T>(QuorumConnection connection, long zxid, T snapshot, int streamBytes)
            implements QuorumEvent {
        /**
         * For a snapshot read with {@link LeaderConnector#RAW_SNAPSHOT}: the SNAP packet as Paddock's Zab layer takes
         * it, the snapshot stream (without the signature) as its data.
         */
        public QuorumPacket toSnapPacket() {
            if (!(snapshot instanceof byte[] bytes)) {
                throw new IllegalStateException("snapshot was not read raw: " + snapshot.getClass().getName());
            }
            return new QuorumPacket(QuorumPortWire.SNAP, zxid, bytes, null);
        }

        @Override
        public String toString() {
            return "SnapshotReceived(#" + connection.id() + ", 0x" + Long.toHexString(zxid) + ", " + streamBytes
                    + " bytes)";
        }
    }

    /** The connection is closed, by either side or by bad input; nothing more comes from it. */
    record Lost(QuorumConnection connection, String reason) implements QuorumEvent {
    }

    /** Learner side: no address of the leader could be reached within the connect attempts. */
    record DialFailed(long leaderSid, java.util.List<InetSocketAddress> addresses, String reason)
            implements QuorumEvent {
    }
}
