package dev.paddock.server.admin;

import dev.paddock.core.tree.DataTree;
import dev.paddock.core.zkformat.TreeDigest;
import dev.paddock.core.zkformat.ZkSnapshotFormat;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import java.util.Map;
import java.util.zip.Adler32;

/**
 * A snapshot file in ZooKeeper 3.9's layout, as its snapshot admin command streams it and its restore command
 * reads it: the file header ("ZKSN", version 2, dbid -1), the database (sessions, ACL cache, nodes, "/"), then
 * three sealed sections, each seal being the Adler-32 of every byte before it and the string "/": after the
 * database, after the tree digest (zxid, digest version, digest) and after the last processed zxid.
 */
public final class ZkSnapshotFile {
    /** "ZKSN" as a big-endian int. */
    public static final int MAGIC = 0x5A4B534E;
    public static final int VERSION = 2;
    private static final long DB_ID = -1;

    private ZkSnapshotFile() {
    }

    /** A snapshot read back: the database and the zxid it was taken at. */
    public record Contents(ZkSnapshotFormat.Snapshot snapshot, long lastZxid) {
    }

    /** The file's bytes for {@code tree} at {@code lastZxid}; call where the tree does not change meanwhile. */
    public static byte[] write(DataTree tree, Map<Long, Integer> sessions, long lastZxid) {
        JuteOutput out = new JuteOutput(64 * 1024);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(DB_ID);
        ZkSnapshotFormat.write(tree, sessions, out);
        seal(out);
        out.writeLong(lastZxid);
        out.writeInt(TreeDigest.VERSION);
        out.writeLong(TreeDigest.compute(tree));
        seal(out);
        out.writeLong(lastZxid);
        seal(out);
        return out.toByteArray();
    }

    private static void seal(JuteOutput out) {
        Adler32 sum = new Adler32();
        sum.update(out.array(), 0, out.size());
        out.writeLong(sum.getValue());
        out.writeString("/");
    }

    /**
     * Reads a file written by {@link #write} or by ZooKeeper 3.9 (whose digest and last-zxid sections are each
     * optional). Throws {@link IllegalArgumentException} naming what is wrong: bad magic, a checksum that does not
     * match, a truncated or inconsistent stream.
     */
    public static Contents read(byte[] file) {
        JuteInput in = new JuteInput(file);
        try {
            int magic = in.readInt();
            if (magic != MAGIC) {
                throw new IllegalArgumentException("not a ZooKeeper snapshot: magic 0x" + Integer.toHexString(magic)
                        + " is not ZKSN");
            }
            in.readInt(); // version
            in.readLong(); // dbid
            ZkSnapshotFormat.Snapshot snapshot = ZkSnapshotFormat.read(in);
            checkSeal(file, in);
            long lastZxid = snapshot.tree().lastProcessedZxid();
            if (in.remaining() > 0) {
                in.readLong(); // the digest's zxid
                if (in.readInt() < 2) {
                    in.readString(); // digest versions before 2 wrote the digest as a hex string
                } else {
                    in.readLong();
                }
                checkSeal(file, in);
            }
            if (in.remaining() > 0) {
                lastZxid = in.readLong();
                checkSeal(file, in);
            }
            return new Contents(snapshot, lastZxid);
        } catch (JuteException e) {
            throw new IllegalArgumentException("not a ZooKeeper snapshot: " + e.getMessage(), e);
        }
    }

    private static void checkSeal(byte[] file, JuteInput in) {
        Adler32 sum = new Adler32();
        sum.update(file, 0, in.position());
        long expected = sum.getValue();
        long found = in.readLong();
        in.readString();
        if (found != expected) {
            throw new IllegalArgumentException("ZooKeeper snapshot checksum mismatch at byte " + in.position());
        }
    }
}
