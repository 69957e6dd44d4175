package dev.paddock.storage;

import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.data.ACL;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Paddock's snapshot format (see docs/storage.md): written to a temporary file, synced, renamed, and the
 * directory synced, so a snapshot is either whole or absent. The whole file is covered by a CRC32C.
 *
 * <pre>
 * file    := "PDSN" | version | zxid (long) | sessionCount | (sessionId long, timeout int)* | node* | 0 (int)
 *            | nodeCount (int) | crc32c of everything before (int)
 * node    := length (int) | path | data (buffer) | aclRef (int; -1 = a new ACL list follows) [acl vector]
 *            | czxid | mzxid | ctime | mtime | version | cversion | aversion | ephemeralOwner | pzxid
 * </pre>
 * A snapshot is fuzzy: nodes are read while the tree keeps changing, so it holds every change up to its zxid
 * and maybe some after; replaying the log from zxid+1 makes the tree exact.
 */
public final class Snapshots {
    public static final int MAGIC = 0x5044534E; // "PDSN"
    public static final int VERSION = 1;
    public static final String PREFIX = "snapshot.";
    /** A snapshot is written under its name plus this suffix and renamed when complete. */
    public static final String TMP_SUFFIX = ".tmp";
    private static final int CHUNK = 1 << 20;

    private Snapshots() {
    }

    public static String fileName(long zxid) {
        return String.format("%s%016x", PREFIX, zxid);
    }

    public static long zxidOf(String name) {
        return LogCodec.parseHexSuffix(name, PREFIX);
    }

    /** A loaded snapshot. */
    public record Loaded(long zxid, DataTree tree, Map<Long, Integer> sessions, int nodes, int dropped) {
    }

    /** Writes a snapshot of {@code tree} as of {@code zxid}; returns the file name. */
    public static String write(Disk disk, DataTree tree, Map<Long, Integer> sessions, long zxid) throws IOException {
        String name = fileName(zxid);
        String tmp = name + TMP_SUFFIX;
        try (DiskFile f = disk.openForStreaming(tmp)) {
            Writer w = new Writer(f);
            w.room(20).putInt(MAGIC).putInt(VERSION).putLong(zxid).putInt(sessions.size());
            for (Map.Entry<Long, Integer> s : sessions.entrySet()) {
                w.room(12).putLong(s.getKey()).putInt(s.getValue());
            }
            Map<List<ACL>, Integer> aclRefs = new IdentityHashMap<>();
            JuteOutput newAcl = new JuteOutput();
            int[] count = new int[1];
            try {
                // Parent first, children in listing order: a restore links each node as it reads it.
                tree.forEachNodeUtf8((path, pathLength, n) -> {
                    byte[] data = n.data();
                    List<ACL> acl = n.acl();
                    Integer ref = aclRefs.get(acl);
                    newAcl.reset();
                    if (ref == null) {
                        newAcl.writeList(acl, (o, a) -> a.write(o));
                        aclRefs.put(acl, aclRefs.size());
                    }
                    int length = 4 + pathLength + 4 + (data == null ? 0 : data.length) + 4 + newAcl.size() + STAT_BYTES;
                    ByteBuffer b;
                    try {
                        b = w.room(4 + length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    int end = b.position() + 4 + length;
                    b.putInt(length);
                    b.putInt(pathLength).put(path, 0, pathLength); // a jute string: its UTF-8 length, then the bytes
                    if (data == null) {
                        b.putInt(-1);
                    } else {
                        b.putInt(data.length).put(data);
                    }
                    if (ref == null) {
                        b.putInt(-1).put(newAcl.array(), 0, newAcl.size());
                    } else {
                        b.putInt(ref);
                    }
                    b.putLong(n.czxid()).putLong(n.mzxid()).putLong(n.ctime()).putLong(n.mtime())
                            .putInt(n.version()).putInt(n.cversion()).putInt(n.aversion())
                            .putLong(n.ephemeralOwner()).putLong(n.pzxid());
                    if (b.position() != end) {
                        throw new IllegalStateException("node " + n.name() + " took " + (b.position() - end + length)
                                + " bytes, not the " + length + " its length says");
                    }
                    count[0]++;
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            w.room(8).putInt(0).putInt(count[0]);
            w.finish();
            f.sync();
        }
        disk.rename(tmp, name);
        disk.syncDir();
        return name;
    }

    /** A node's stat as the file keeps it: czxid, mzxid, ctime, mtime, three versions, owner, pzxid. */
    private static final int STAT_BYTES = 8 * 4 + 4 * 3 + 8 * 2;

    /**
     * The file's bytes on their way to the disk, a chunk at a time, from a direct buffer (a write from the heap would
     * first be copied into one by the JDK). Every write but the last is a whole chunk at a multiple of the chunk
     * size; the last is padded to the file's {@link DiskFile#alignment()} and the file cut back to its length, so a
     * file opened past the OS's cache takes the same writes as any other.
     */
    private static final class Writer {
        /** Room past a chunk for the node that crosses its end; a larger node gets a larger buffer. */
        private static final int SLACK = 64 << 10;
        final DiskFile f;
        final int align;
        final CRC32C crc = new CRC32C();
        ByteBuffer buf;
        long pos;

        Writer(DiskFile f) {
            this.f = f;
            this.align = f.alignment();
            if (Integer.bitCount(align) != 1 || align > CHUNK) {
                throw new IllegalArgumentException("cannot align snapshot writes to " + align + " bytes");
            }
            this.buf = allocate(CHUNK + SLACK);
        }

        private ByteBuffer allocate(int capacity) {
            return ByteBuffer.allocateDirect(capacity + align - 1).alignedSlice(align);
        }

        private int aligned(int n) {
            return (n + align - 1) & -align;
        }

        /** The buffer, with room for {@code n} more bytes. */
        ByteBuffer room(int n) throws IOException {
            while (buf.position() >= CHUNK) {
                writeChunk();
            }
            if (buf.remaining() < n) {
                ByteBuffer bigger = allocate(aligned(buf.position() + n));
                bigger.put(buf.flip());
                buf = bigger;
            }
            return buf;
        }

        private void writeChunk() throws IOException {
            ByteBuffer chunk = buf.duplicate().position(0).limit(CHUNK);
            crc.update(chunk);
            f.write(pos, chunk.position(0));
            pos += CHUNK;
            buf.limit(buf.position()).position(CHUNK);
            buf.compact();
        }

        /** Writes what is left, then the checksum of everything before it. */
        void finish() throws IOException {
            room(0);
            crc.update(buf.duplicate().flip());
            room(4 + align).putInt((int) crc.getValue());
            long length = pos + buf.position();
            int padded = aligned(buf.position());
            while (buf.position() < padded) {
                buf.put((byte) 0);
            }
            f.write(pos, buf.flip());
            if (pos + padded != length) {
                f.truncate(length);
            }
        }
    }

    /**
     * Loads and verifies a snapshot; a damaged one raises {@link StorageException}. The file is read once, front
     * to back, through a buffer of a megabyte (more only for a node that is larger), its checksum computed on the
     * way; the tree is given up if the checksum fails, and a file whose checksum fails is reported as such
     * whatever else looks wrong in it.
     */
    public static Loaded read(Disk disk, String name) throws IOException {
        return read(disk, name, CHUNK);
    }

    static Loaded read(Disk disk, String name, int chunk) throws IOException {
        String where = disk.describe(name);
        try (DiskFile f = disk.open(name, false)) {
            long size = f.size();
            if (size < 28) {
                throw new StorageException("snapshot " + where + " is truncated (" + size + " bytes)");
            }
            ChunkedReader src = new ChunkedReader(f, size - 4, chunk);
            Body body = null;
            StorageException problem = null;
            try {
                body = readBody(src, where);
            } catch (StorageException e) {
                problem = e;
            } catch (RuntimeException e) {
                problem = new StorageException("snapshot " + where + " is malformed near byte " + src.offset()
                        + ": " + e.getMessage());
            }
            if (!src.checksumIs(storedChecksum(f, size))) {
                throw new StorageException("snapshot " + where + " fails its checksum");
            }
            if (problem != null) {
                throw problem;
            }
            if (body.tree.get("/") == null) {
                throw new StorageException("snapshot " + where + " has no root node");
            }
            try {
                int dropped = body.tree.finishRestore();
                body.tree.setLastProcessedZxid(body.zxid);
                return new Loaded(body.zxid, body.tree, body.sessions, body.count, dropped);
            } catch (RuntimeException e) {
                throw new StorageException("snapshot " + where + " is malformed: " + e.getMessage());
            }
        }
    }

    private record Body(long zxid, DataTree tree, Map<Long, Integer> sessions, int count) {
    }

    private static int storedChecksum(DiskFile f, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4);
        while (b.hasRemaining()) {
            if (f.read(size - 4 + b.position(), b) < 0) {
                throw new IOException("file ended before its checksum");
            }
        }
        return b.getInt(0);
    }

    /** Everything up to the checksum; the tree is not finished yet. */
    private static Body readBody(ChunkedReader src, String where) throws IOException {
        JuteInput in = src.need(20);
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new StorageException("snapshot " + where + " has a bad header");
        }
        long zxid = in.readLong();
        int sessionCount = in.readInt();
        Map<Long, Integer> sessions = new HashMap<>();
        for (int i = 0; i < sessionCount; i++) {
            in = src.need(12);
            sessions.put(in.readLong(), in.readInt());
        }
        DataTree tree = DataTree.forRestore();
        List<List<ACL>> acls = new ArrayList<>();
        int count = 0;
        while (true) {
            int len = src.need(4).readInt();
            if (len == 0) {
                break;
            }
            in = src.need(len);
            int start = in.position();
            String path = in.readString();
            byte[] data = in.readBuffer();
            int ref = in.readInt();
            List<ACL> acl;
            if (ref == -1) {
                // immutable, so the tree's interning takes this very list instead of copying it for every node
                acl = List.copyOf(in.readList(ACL::read));
                acls.add(acl);
            } else {
                acl = acls.get(ref);
            }
            tree.restoreNode(path, data, acl, in.readLong(), in.readLong(), in.readLong(), in.readLong(),
                    in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong());
            if (in.position() - start != len) {
                throw new JuteException("node " + path + " takes " + (in.position() - start) + " bytes but declares "
                        + len);
            }
            count++;
        }
        int declared = src.need(4).readInt();
        if (declared != count || !src.atEnd()) {
            throw new StorageException("snapshot " + where + " declares " + declared + " nodes but holds " + count);
        }
        return new Body(zxid, tree, sessions, count);
    }
}
