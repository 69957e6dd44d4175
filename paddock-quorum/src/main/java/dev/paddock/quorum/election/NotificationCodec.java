package dev.paddock.quorum.election;

import java.nio.ByteBuffer;

/**
 * The bytes of an election notification, as ZooKeeper 3.9 writes and reads them (big-endian):
 *
 * <pre>
 *  0  int  state (0 LOOKING, 1 FOLLOWING, 2 LEADING, 3 OBSERVING)
 *  4  long leader
 * 12  long zxid
 * 20  long electionEpoch
 * 28  long peerEpoch
 * 36  int  version (2)
 * 40  int  config length n
 * 44  n bytes of config text
 * </pre>
 *
 * Reading accepts what ZooKeeper accepts: exactly 28 bytes (pre-3.4 format, peerEpoch taken from the zxid's high
 * half), exactly 40 bytes (peerEpoch but the version word is not read, so version 0), or 40 and more with a version
 * word; only a version above 1 carries a config. Trailing bytes are ignored. Anything else is {@link Malformed}.
 * A decode never throws.
 */
public final class NotificationCodec {

    /** The shortest message ZooKeeper accepts (state, leader, zxid, electionEpoch). */
    public static final int MIN_LENGTH = 28;
    /** Length of the 3.4-era format with peerEpoch and a version word that readers ignore. */
    public static final int V1_LENGTH = 40;
    /** Length of the current format without its config bytes. */
    public static final int HEADER_LENGTH = 44;

    private NotificationCodec() {
    }

    /** The outcome of reading one message. */
    public sealed interface DecodeResult permits Decoded, Malformed {
    }

    public record Decoded(Notification notification) implements DecodeResult {
    }

    /** A message ZooKeeper would skip; {@code reason} says why, for the log. */
    public record Malformed(String reason) implements DecodeResult {
    }

    /** The current (version 2) format, as {@code FastLeaderElection.buildMsg} with config data writes it. */
    public static byte[] encode(Notification n) {
        byte[] config = n.config();
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + config.length);
        b.putInt(n.state().wireCode());
        b.putLong(n.leader());
        b.putLong(n.zxid());
        b.putLong(n.electionEpoch());
        b.putLong(n.peerEpoch());
        b.putInt(Notification.CURRENT_VERSION);
        b.putInt(config.length);
        b.put(config);
        return b.array();
    }

    public static DecodeResult decode(byte[] message) {
        if (message == null) {
            return new Malformed("no bytes");
        }
        int length = message.length;
        if (length < MIN_LENGTH) {
            return new Malformed("short message: " + length + " bytes, at least " + MIN_LENGTH + " needed");
        }
        ByteBuffer b = ByteBuffer.wrap(message);
        int stateCode = b.getInt();
        long leader = b.getLong();
        long zxid = b.getLong();
        long electionEpoch = b.getLong();
        long peerEpoch;
        int version = 0;
        byte[] config = new byte[0];
        if (length == MIN_LENGTH) {
            // before peerEpoch was sent, the epoch was the zxid's high half (arithmetic shift, as ZooKeeper)
            peerEpoch = zxid >> 32;
        } else {
            if (length < 36) {
                return new Malformed("truncated message: " + length + " bytes ends inside peerEpoch");
            }
            peerEpoch = b.getLong();
            if (length != V1_LENGTH) {
                if (length < V1_LENGTH) {
                    return new Malformed("truncated message: " + length + " bytes ends inside the version");
                }
                version = b.getInt();
            }
        }
        if (version > 1) {
            if (length < HEADER_LENGTH) {
                return new Malformed("truncated message: " + length + " bytes ends inside the config length");
            }
            int configLength = b.getInt();
            // the bound against the whole length (not the remainder) is ZooKeeper's; the remainder check follows
            if (configLength < 0 || configLength > length) {
                return new Malformed("invalid config length " + configLength + " in a " + length + "-byte message");
            }
            if (configLength > b.remaining()) {
                return new Malformed("config length " + configLength + " but only " + b.remaining() + " bytes left");
            }
            config = new byte[configLength];
            b.get(config);
        }
        ServerState state = ServerState.fromWireCode(stateCode);
        if (state == null) {
            return new Malformed("unknown state " + stateCode);
        }
        return new Decoded(new Notification(state, leader, zxid, electionEpoch, peerEpoch, version, config));
    }
}
