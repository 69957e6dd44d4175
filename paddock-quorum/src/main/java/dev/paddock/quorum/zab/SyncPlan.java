package dev.paddock.quorum.zab;

import dev.paddock.core.LoggedTxn;
import java.util.List;

/**
 * How the leader brings one learner to its committed history: the op packet (DIFF, TRUNC or SNAP) and the
 * committed txns that follow it as PROPOSAL + COMMIT pairs, in zxid order.
 */
public sealed interface SyncPlan {
    List<LoggedTxn> txns();

    /** The op packet's type: DIFF, TRUNC or SNAP. */
    int packetType();

    /** The zxid up to which the learner's log holds our history once the op packet is carried out. */
    long baseZxid(long peerLastZxid);

    /** For logs. */
    String describe();

    /**
     * The learner's log is a prefix of ours: send what follows it. {@code opZxid} is the DIFF packet's zxid
     * (ZooKeeper sends its last committed zxid, or the learner's own when it is already in sync); -1 means ours.
     */
    record Diff(long opZxid, List<LoggedTxn> txns) implements SyncPlan {
        public Diff {
            txns = List.copyOf(txns);
        }

        public Diff(List<LoggedTxn> txns) {
            this(-1, txns);
        }

        @Override
        public int packetType() {
            return PacketType.DIFF;
        }

        @Override
        public long baseZxid(long peerLastZxid) {
            return peerLastZxid;
        }

        @Override
        public String describe() {
            return "DIFF";
        }
    }

    /** The learner holds txns we do not: it drops everything after {@code truncZxid}, then takes the txns. */
    record Trunc(long truncZxid, List<LoggedTxn> txns) implements SyncPlan {
        public Trunc {
            txns = List.copyOf(txns);
        }

        @Override
        public int packetType() {
            return PacketType.TRUNC;
        }

        @Override
        public long baseZxid(long peerLastZxid) {
            return truncZxid;
        }

        @Override
        public String describe() {
            return "TRUNC to " + Zxid.hex(truncZxid) + " + DIFF";
        }
    }

    /** The learner is too far behind for the log we keep: it loads our snapshot at {@code zxid}, then the txns. */
    record Snap(long zxid, byte[] snapshot, List<LoggedTxn> txns) implements SyncPlan {
        public Snap {
            txns = List.copyOf(txns);
        }

        @Override
        public int packetType() {
            return PacketType.SNAP;
        }

        @Override
        public long baseZxid(long peerLastZxid) {
            return zxid;
        }

        @Override
        public String describe() {
            return "SNAP at " + Zxid.hex(zxid);
        }
    }
}
