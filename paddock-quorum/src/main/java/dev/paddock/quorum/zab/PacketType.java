package dev.paddock.quorum.zab;

/**
 * The {@code type} field of a {@code QuorumPacket}, with ZooKeeper 3.9's numbers (they are on the wire, so they
 * must match exactly). Kept as int constants because the packet record carries an int; {@link #name} is for logs.
 */
public final class PacketType {
    public static final int REQUEST = 1;
    public static final int PROPOSAL = 2;
    public static final int ACK = 3;
    public static final int COMMIT = 4;
    public static final int PING = 5;
    public static final int REVALIDATE = 6;
    public static final int SYNC = 7;
    public static final int INFORM = 8;
    public static final int COMMITANDACTIVATE = 9;
    public static final int NEWLEADER = 10;
    public static final int FOLLOWERINFO = 11;
    public static final int UPTODATE = 12;
    public static final int DIFF = 13;
    public static final int TRUNC = 14;
    public static final int SNAP = 15;
    public static final int OBSERVERINFO = 16;
    public static final int LEADERINFO = 17;
    public static final int ACKEPOCH = 18;
    public static final int INFORMANDACTIVATE = 19;

    /** Zab 1.0, as ZooKeeper 3.4+ sends in LearnerInfo and LEADERINFO. */
    public static final int PROTOCOL_VERSION = 0x10000;

    private PacketType() {
    }

    public static String name(int type) {
        return switch (type) {
            case REQUEST -> "REQUEST";
            case PROPOSAL -> "PROPOSAL";
            case ACK -> "ACK";
            case COMMIT -> "COMMIT";
            case PING -> "PING";
            case REVALIDATE -> "REVALIDATE";
            case SYNC -> "SYNC";
            case INFORM -> "INFORM";
            case COMMITANDACTIVATE -> "COMMITANDACTIVATE";
            case NEWLEADER -> "NEWLEADER";
            case FOLLOWERINFO -> "FOLLOWERINFO";
            case UPTODATE -> "UPTODATE";
            case DIFF -> "DIFF";
            case TRUNC -> "TRUNC";
            case SNAP -> "SNAP";
            case OBSERVERINFO -> "OBSERVERINFO";
            case LEADERINFO -> "LEADERINFO";
            case ACKEPOCH -> "ACKEPOCH";
            case INFORMANDACTIVATE -> "INFORMANDACTIVATE";
            default -> "UNKNOWN(" + type + ")";
        };
    }
}
