package dev.paddock.server.quorum;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds the end of the snapshot a leader writes after a SNAP packet and copies its bytes. The stream carries no
 * length, so the only way to know where it stops is to walk its structure (ZooKeeper's
 * {@code SerializeUtils.serializeSnapshot}); what the fields mean is left to the snapshot reader.
 * <pre>
 *   int sessionCount, (long sessionId, int timeoutMs)*
 *   int aclCount, (long aclRef, int n, (int perms, ustring scheme, ustring id){n})*
 *   (ustring path, buffer data, long aclRef, 60-byte StatPersisted)*   -- until the path "/"
 * </pre>
 * Counts below zero mean "none", as ZooKeeper's reader loops {@code while (count > 0)}. Every field is bounded by
 * {@link QuorumLimits#maxFieldBytes()} and the whole by {@link QuorumLimits#maxSnapshotBytes()}, so garbage ends in
 * a {@link QuorumWireException} rather than an endless read.
 */
final class SnapStreamCopier {
    /** czxid, mzxid, ctime, mtime (longs); version, cversion, aversion (ints); ephemeralOwner, pzxid (longs). */
    static final int STAT_PERSISTED_BYTES = 8 * 4 + 4 * 3 + 8 * 2;
    private static final String END_PATH = "/";

    private final DataInputStream in;
    private final QuorumLimits limits;
    private byte[] buf = new byte[64 * 1024];
    private int size;

    private SnapStreamCopier(DataInputStream in, QuorumLimits limits) {
        this.in = in;
        this.limits = limits;
    }

    /** Reads one snapshot (not the signature after it) and returns its bytes exactly as they arrived. */
    static byte[] copy(DataInputStream in, QuorumLimits limits) throws IOException {
        SnapStreamCopier c = new SnapStreamCopier(in, limits);
        try {
            c.copyAll();
        } catch (EOFException e) {
            throw new QuorumWireException("stream ended inside the snapshot after " + c.size + " bytes");
        }
        return Arrays.copyOf(c.buf, c.size);
    }

    private void copyAll() throws IOException {
        for (int sessions = copyInt(); sessions > 0; sessions--) {
            copyBytes(12);
        }
        for (int acls = copyInt(); acls > 0; acls--) {
            copyBytes(8);
            for (int n = copyInt(); n > 0; n--) {
                copyBytes(4);
                copyField("ACL scheme");
                copyField("ACL id");
            }
        }
        while (true) {
            int at = size;
            int len = copyField("path");
            if (len == 1 && buf[at + 4] == '/') {
                return;
            }
            if (len > 0 && buf[at + 4] != '/') {
                // not fatal for the framing, but no ZooKeeper writes it: say where the stream went wrong
                throw new QuorumWireException("snapshot path at byte " + at + " does not start with '/': \""
                        + new String(buf, at + 4, Math.min(len, 64), StandardCharsets.UTF_8) + "\"");
            }
            copyField("node data");
            copyBytes(8 + STAT_PERSISTED_BYTES);
        }
    }

    private int copyInt() throws IOException {
        copyBytes(4);
        return ((buf[size - 4] & 0xff) << 24) | ((buf[size - 3] & 0xff) << 16) | ((buf[size - 2] & 0xff) << 8)
                | (buf[size - 1] & 0xff);
    }

    /** Copies a length-prefixed string or buffer; returns its length (-1 for null). */
    private int copyField(String what) throws IOException {
        int at = size;
        int len = copyInt();
        if (len < -1 || len > limits.maxFieldBytes()) {
            throw new QuorumWireException("unreasonable " + what + " length " + len + " at snapshot byte " + at
                    + " (limit " + limits.maxFieldBytes() + ")");
        }
        if (len > 0) {
            copyBytes(len);
        }
        return len;
    }

    private void copyBytes(int n) throws IOException {
        if ((long) size + n > limits.maxSnapshotBytes()) {
            throw new QuorumWireException("snapshot larger than " + limits.maxSnapshotBytes() + " bytes");
        }
        if (buf.length - size < n) {
            long grown = Math.max((long) buf.length * 2, (long) size + n);
            buf = Arrays.copyOf(buf, (int) Math.min(grown, limits.maxSnapshotBytes()));
        }
        in.readFully(buf, size, n);
        size += n;
    }
}
