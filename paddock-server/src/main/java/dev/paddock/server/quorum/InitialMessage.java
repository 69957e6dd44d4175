package dev.paddock.server.quorum;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The first bytes on an election connection: who is dialling, and where it listens (so the receiver can dial
 * back). {@link #legacy(long)} is the pre-3.5 form, a bare sid with no version and no address.
 *
 * @param protocolVersion {@link ElectionWire#PROTOCOL_VERSION_V1}, {@link ElectionWire#PROTOCOL_VERSION_V2}, or the
 *                        sid itself for the legacy form
 * @param sid             the dialling server's id
 * @param electionAddresses "host:port" strings (IPv6 literals in brackets), empty for the legacy form
 */
public record InitialMessage(long protocolVersion, long sid, List<String> electionAddresses) {
    public InitialMessage {
        electionAddresses = List.copyOf(electionAddresses);
    }

    public static InitialMessage legacy(long sid) {
        return new InitialMessage(sid, sid, List.of());
    }

    /** Version 2 when several addresses are advertised (multiAddress), version 1 otherwise, as ZooKeeper sends. */
    public static InitialMessage of(long sid, List<String> electionAddresses, boolean multiAddress) {
        List<String> sent = multiAddress ? electionAddresses : electionAddresses.subList(0, 1);
        return new InitialMessage(multiAddress ? ElectionWire.PROTOCOL_VERSION_V2 : ElectionWire.PROTOCOL_VERSION_V1,
                sid, sent);
    }

    public boolean isLegacy() {
        return protocolVersion >= 0;
    }

    /** The bytes a dialling server writes. */
    public byte[] encode() {
        if (isLegacy()) {
            return ByteBuffer.allocate(8).putLong(sid).array();
        }
        byte[] addr = String.join("|", electionAddresses).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + 8 + 4 + addr.length).putLong(protocolVersion).putLong(sid)
                .putInt(addr.length).put(addr).array();
    }
}
