package dev.paddock.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory directory that keeps what is durable apart from what was merely written, and loses the
 * difference the way a real disk may when the power goes. Every choice comes from a seeded generator, so a seed
 * and a sequence of calls always give the same outcome.
 *
 * <p>What a {@link #crash} keeps:
 * <ul>
 *   <li>File contents: everything synced, plus, for each {@value #SECTOR_BYTES}-byte sector touched since the
 *       last sync, the sector as it was at one moment in that time (chosen independently per sector). So
 *       unsynced writes persist in any subset and order, a write may be torn at any sector boundary, and a later
 *       write may survive where an earlier one did not. The file's size is its size after some prefix of the
 *       unsynced writes and truncations.</li>
 *   <li>Names: creations, renames and deletions are durable only after {@link #syncDir()}; a crash keeps a
 *       prefix of the unsynced ones, in order (a rename is atomic). A deleted file may come back, whole.</li>
 * </ul>
 * It can also run out of space ({@link #setCapacity}), fail an fsync ({@link #failNextSyncs}) and flip bits.
 * Thread-safe (one lock), so a log thread and a snapshot thread may share it.
 */
public final class SimDisk implements Disk {
    /** The unit a disk writes atomically. */
    public static final int SECTOR_BYTES = 512;

    /** A file's contents (an inode): names point at it. */
    private static final class Node {
        byte[] durable = new byte[0];
        byte[] current = new byte[0];
        final List<Op> pending = new ArrayList<>(); // unsynced changes, oldest first
    }

    /** An unsynced change: a write of {@code data} at {@code position}, or a truncation to {@code position}. */
    private record Op(long position, byte[] data) {
        boolean truncate() {
            return data == null;
        }
    }

    /** An unsynced directory change: each name set to a node, or removed (null). */
    private record DirOp(Map<String, Node> assignments) {
    }

    private final Random random;
    private TreeMap<String, Node> names = new TreeMap<>();
    private TreeMap<String, Node> durableNames = new TreeMap<>();
    private final List<DirOp> dirOps = new ArrayList<>();
    private long capacity = Long.MAX_VALUE;
    private int syncFailures;

    /** A disk whose choices come from {@code seed}: the same seed and calls give the same outcome. */
    public SimDisk(long seed) {
        // Scrambled: java.util.Random's first draws for neighbouring seeds (0, 1, 2...) are nearly alike.
        this.random = new Random(mix(seed));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public SimDisk() {
        this(0);
    }

    /** Total bytes the files may hold; a write that would grow past it fails as a full disk does. */
    public synchronized void setCapacity(long bytes) {
        capacity = bytes;
    }

    /**
     * The next {@code count} file syncs fail with an IOException. As on Linux, a failed fsync may already have
     * lost the unsynced data for good: each unsynced sector is either persisted or dropped, the page cache still
     * shows the new data, and a later sync that succeeds does not bring the dropped data back.
     */
    public synchronized void failNextSyncs(int count) {
        syncFailures = count;
    }

    private long used() {
        long n = 0;
        for (Node f : names.values()) {
            n += f.current.length;
        }
        return n;
    }

    @Override
    public synchronized List<String> list() {
        return new ArrayList<>(names.keySet());
    }

    @Override
    public synchronized boolean exists(String name) {
        return names.containsKey(name);
    }

    @Override
    public synchronized DiskFile open(String name, boolean create) throws IOException {
        Node f = names.get(name);
        if (f == null) {
            if (!create) {
                throw new NoSuchFileException(name);
            }
            f = new Node();
            setName(name, f);
        }
        return new SimFile(f);
    }

    private void setName(String name, Node node) {
        if (node == null) {
            names.remove(name);
        } else {
            names.put(name, node);
        }
        Map<String, Node> one = new TreeMap<>();
        one.put(name, node);
        dirOps.add(new DirOp(one));
    }

    private final class SimFile implements DiskFile {
        private final Node node;

        SimFile(Node node) {
            this.node = node;
        }

        @Override
        public long size() {
            synchronized (SimDisk.this) {
                return node.current.length;
            }
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            synchronized (SimDisk.this) {
                byte[] data = new byte[src.remaining()];
                src.get(data);
                long end = position + data.length;
                if (end > node.current.length && used() + (end - node.current.length) > capacity) {
                    throw new IOException("No space left on device");
                }
                Op op = new Op(position, data);
                node.current = applyTo(node.current, op);
                node.pending.add(op);
            }
        }

        @Override
        public int read(long position, ByteBuffer dst) {
            synchronized (SimDisk.this) {
                if (position >= node.current.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), node.current.length - position);
                dst.put(node.current, (int) position, n);
                return n;
            }
        }

        @Override
        public void truncate(long size) {
            synchronized (SimDisk.this) {
                Op op = new Op(size, null);
                node.current = applyTo(node.current, op);
                node.pending.add(op);
            }
        }

        @Override
        public void sync() throws IOException {
            synchronized (SimDisk.this) {
                if (syncFailures > 0) {
                    syncFailures--;
                    node.durable = settle(node, random);
                    node.pending.clear();
                    throw new IOException("Input/output error (injected fsync failure)");
                }
                // Only the changes since the last sync reach the disk: data a failed sync dropped stays dropped
                // although reads still see it (the page cache marked it clean).
                for (Op op : node.pending) {
                    node.durable = applyTo(node.durable, op);
                }
                node.pending.clear();
            }
        }

        @Override
        public void close() {
        }
    }

    private static byte[] applyTo(byte[] base, Op op) {
        if (op.truncate()) {
            return Arrays.copyOf(base, (int) op.position());
        }
        int end = (int) op.position() + op.data().length;
        byte[] out = end > base.length ? Arrays.copyOf(base, end) : base.clone();
        System.arraycopy(op.data(), 0, out, (int) op.position(), op.data().length);
        return out;
    }

    /** Applies {@code op} to the bytes [start, start + buf.length) of a file, held in {@code buf}. */
    private static void applyToSector(byte[] buf, long start, Op op) {
        long end = start + buf.length;
        if (op.truncate()) {
            for (long p = Math.max(start, op.position()); p < end; p++) {
                buf[(int) (p - start)] = 0; // bytes past a truncation read as zero if the file grows again
            }
            return;
        }
        long from = Math.max(start, op.position());
        long to = Math.min(end, op.position() + op.data().length);
        if (from < to) {
            System.arraycopy(op.data(), (int) (from - op.position()), buf, (int) (from - start), (int) (to - from));
        }
    }

    private static boolean touches(Op op, long start, long end) {
        return op.truncate() ? op.position() < end : op.position() < end && op.position() + op.data().length > start;
    }

    /** What a node's contents become when its unsynced changes meet a power loss (or a failed fsync). */
    private static byte[] settle(Node f, Random r) {
        List<Op> ops = f.pending;
        if (ops.isEmpty()) {
            return f.durable;
        }
        long size = f.durable.length;
        long reach = size;
        List<Long> sizes = new ArrayList<>();
        sizes.add(size);
        for (Op op : ops) {
            size = op.truncate() ? op.position() : Math.max(size, op.position() + op.data().length);
            sizes.add(size);
            reach = Math.max(reach, size);
        }
        int length = (int) (long) sizes.get(r.nextInt(sizes.size()));
        byte[] out = Arrays.copyOf(f.durable, length);
        for (long start = 0; start < Math.min(length, reach); start += SECTOR_BYTES) {
            long end = start + SECTOR_BYTES;
            List<Op> touching = new ArrayList<>();
            for (Op op : ops) {
                if (touches(op, start, end)) {
                    touching.add(op);
                }
            }
            if (touching.isEmpty()) {
                continue;
            }
            int version = r.nextInt(touching.size() + 1); // 0: as synced; i: as after the i-th change to it
            byte[] sector = new byte[SECTOR_BYTES];
            if (start < f.durable.length) {
                System.arraycopy(f.durable, (int) start, sector, 0, (int) Math.min(SECTOR_BYTES, f.durable.length - start));
            }
            for (int i = 0; i < version; i++) {
                applyToSector(sector, start, touching.get(i));
            }
            System.arraycopy(sector, 0, out, (int) start, (int) Math.min(SECTOR_BYTES, length - start));
        }
        return out;
    }

    @Override
    public synchronized void rename(String from, String to) throws IOException {
        Node f = names.remove(from);
        if (f == null) {
            throw new NoSuchFileException(from);
        }
        names.put(to, f);
        Map<String, Node> both = new TreeMap<>();
        both.put(from, null);
        both.put(to, f);
        dirOps.add(new DirOp(both));
    }

    @Override
    public synchronized void delete(String name) {
        if (names.containsKey(name)) {
            setName(name, null);
        }
    }

    @Override
    public synchronized void syncDir() {
        durableNames = new TreeMap<>(names);
        dirOps.clear();
    }

    @Override
    public String describe(String name) {
        return "sim:/" + name;
    }

    /** Power loss, with the choices drawn from this disk's own seeded generator. */
    public void crash() {
        crash(random);
    }

    /** Power loss: what survives is described in the class comment; choices come from {@code r}. */
    public synchronized void crash(Random r) {
        TreeMap<String, Node> after = new TreeMap<>(durableNames);
        int keep = r.nextInt(dirOps.size() + 1);
        for (DirOp op : dirOps.subList(0, keep)) {
            op.assignments().forEach((name, node) -> {
                if (node == null) {
                    after.remove(name);
                } else {
                    after.put(name, node);
                }
            });
        }
        // Settle each surviving file once, in name order, so the same seed gives the same disk.
        Set<Node> settled = new LinkedHashSet<>();
        for (Node f : after.values()) {
            if (settled.add(f)) {
                f.durable = settle(f, r);
            }
        }
        for (Node f : settled) {
            f.current = f.durable.clone();
            f.pending.clear();
        }
        names = after;
        durableNames = new TreeMap<>(after);
        dirOps.clear();
    }

    /** Flips one bit of a file, durably: media corruption. */
    public synchronized void flipBit(String name, long offset, int bit) {
        Node f = names.get(name);
        f.current[(int) offset] ^= (byte) (1 << bit);
        if (offset < f.durable.length) {
            f.durable[(int) offset] ^= (byte) (1 << bit);
        }
    }
}
