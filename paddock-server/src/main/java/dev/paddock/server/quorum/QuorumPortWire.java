package dev.paddock.server.quorum;

import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.quorum.QuorumPacket;

/**
 * Facts of ZooKeeper 3.9's quorum port (leader to learners), which Paddock speaks byte for byte.
 *
 * <p>Each side wraps the socket in buffered streams and writes jute {@code QuorumPacket} records back to back, with
 * no length prefix of their own and no greeting: with quorum SASL off (the default) the auth step exchanges no
 * bytes, so the learner's FOLLOWERINFO/OBSERVERINFO is the first thing on the wire.
 * <pre>
 *   packet:   int type, long zxid, buffer data (int length or -1 for null, bytes), vector&lt;Id&gt; authinfo
 *             (int count or -1 for null, then per Id: ustring scheme, ustring id)
 *   after SNAP (leader to learner only): the database as ZooKeeper serializes it (no length prefix; see
 *             {@link SnapStreamCopier}), then the ustring "BenWasHere", then packets again
 * </pre>
 * A string or buffer longer than jute.maxbuffer + zookeeper.jute.maxbuffer.extrasize (both 0xfffff by default)
 * is refused by ZooKeeper's reader; vector counts are not checked there.
 */
public final class QuorumPortWire {
    /** Packet types the transport itself must recognise (the rest are Zab's business). */
    public static final int FOLLOWERINFO = 11;
    public static final int SNAP = 15;
    public static final int OBSERVERINFO = 16;
    /** Written after the snapshot that follows a SNAP packet. */
    public static final String SNAP_SIGNATURE = "BenWasHere";
    /** ZooKeeper's jute.maxbuffer default. */
    public static final int ZK_JUTE_MAXBUFFER = 0xfffff;
    /** ZooKeeper's zookeeper.jute.maxbuffer.extrasize default (it equals jute.maxbuffer, never below 1024). */
    public static final int ZK_JUTE_EXTRASIZE = ZK_JUTE_MAXBUFFER;
    /** Learner: connect attempts per leader address (Learner.LeaderConnector). */
    public static final int ZK_CONNECT_TRIES = 5;
    /** Learner: pause between connect attempts (zookeeper.leaderConnectDelayDuringRetryMs). */
    public static final int ZK_CONNECT_RETRY_DELAY_MS = 100;

    private QuorumPortWire() {
    }

    /** One packet as jute writes it. */
    public static byte[] encode(QuorumPacket p) {
        JuteOutput out = new JuteOutput(32 + (p.data() == null ? 0 : p.data().length));
        p.write(out);
        return out.toByteArray();
    }

    /** The signature as a jute ustring. */
    static byte[] encodedSignature() {
        JuteOutput out = new JuteOutput(16);
        out.writeString(SNAP_SIGNATURE);
        return out.toByteArray();
    }

    static String typeName(int type) {
        return switch (type) {
            case 1 -> "REQUEST";
            case 2 -> "PROPOSAL";
            case 3 -> "ACK";
            case 4 -> "COMMIT";
            case 5 -> "PING";
            case 6 -> "REVALIDATE";
            case 7 -> "SYNC";
            case 8 -> "INFORM";
            case 9 -> "COMMITANDACTIVATE";
            case 10 -> "NEWLEADER";
            case FOLLOWERINFO -> "FOLLOWERINFO";
            case 12 -> "UPTODATE";
            case 13 -> "DIFF";
            case 14 -> "TRUNC";
            case SNAP -> "SNAP";
            case OBSERVERINFO -> "OBSERVERINFO";
            case 17 -> "LEADERINFO";
            case 18 -> "ACKEPOCH";
            case 19 -> "INFORMANDACTIVATE";
            default -> "type " + type;
        };
    }
}
