package dev.paddock.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory directory that keeps the durable state apart from what was merely written. A crash keeps the
 * durable state plus, chosen from a seed, a prefix of the unsynced operations, the last of them possibly torn.
 * Names follow the same rule with syncDir. It can also run out of space and flip bits.
 */
public final class SimDisk implements Disk {
    private static final class Node {
        byte[] durable = new byte[0];
        byte[] current = new byte[0];
        final List<long[]> opsMeta = new ArrayList<>(); // {kind 0=write 1=truncate, position/size}
        final List<byte[]> opsData = new ArrayList<>();
    }

    private TreeMap<String, Node> names = new TreeMap<>();
    private TreeMap<String, Node> durableNames = new TreeMap<>();
    private long capacity = Long.MAX_VALUE;
    private final Random random;

    /** A disk whose crash choices come from {@code seed}: the same seed and calls give the same outcome. */
    public SimDisk(long seed) {
        this.random = new Random(seed);
    }

    public SimDisk() {
        this(0);
    }

    /** Total bytes the files may hold; a write that would grow past it fails as a full disk does. */
    public void setCapacity(long bytes) {
        capacity = bytes;
    }

    private long used() {
        long n = 0;
        for (Node f : names.values()) {
            n += f.current.length;
        }
        return n;
    }

    @Override
    public List<String> list() {
        return new ArrayList<>(names.keySet());
    }

    @Override
    public boolean exists(String name) {
        return names.containsKey(name);
    }

    @Override
    public DiskFile open(String name, boolean create) throws IOException {
        Node f = names.get(name);
        if (f == null) {
            if (!create) {
                throw new java.nio.file.NoSuchFileException(name);
            }
            f = new Node();
            names.put(name, f);
        }
        Node node = f;
        return new DiskFile() {
            @Override
            public long size() {
                return node.current.length;
            }

            @Override
            public void write(long position, ByteBuffer src) throws IOException {
                byte[] data = new byte[src.remaining()];
                src.get(data);
                long end = position + data.length;
                if (end > node.current.length && used() + (end - node.current.length) > capacity) {
                    throw new IOException("No space left on device");
                }
                apply(node, 0, position, data);
                node.opsMeta.add(new long[] {0, position});
                node.opsData.add(data);
            }

            @Override
            public int read(long position, ByteBuffer dst) {
                if (position >= node.current.length) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), node.current.length - position);
                dst.put(node.current, (int) position, n);
                return n;
            }

            @Override
            public void truncate(long size) {
                apply(node, 1, size, null);
                node.opsMeta.add(new long[] {1, size});
                node.opsData.add(null);
            }

            @Override
            public void sync() {
                node.durable = node.current.clone();
                node.opsMeta.clear();
                node.opsData.clear();
            }

            @Override
            public void close() {
            }
        };
    }

    private static void apply(Node f, int kind, long pos, byte[] data) {
        f.current = applyTo(f.current, kind, pos, data);
    }

    private static byte[] applyTo(byte[] base, int kind, long pos, byte[] data) {
        if (kind == 1) {
            return Arrays.copyOf(base, (int) pos);
        }
        int end = (int) pos + data.length;
        byte[] out = end > base.length ? Arrays.copyOf(base, end) : base.clone();
        System.arraycopy(data, 0, out, (int) pos, data.length);
        return out;
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Node f = names.remove(from);
        if (f == null) {
            throw new java.nio.file.NoSuchFileException(from);
        }
        names.put(to, f);
    }

    @Override
    public void delete(String name) {
        names.remove(name);
    }

    @Override
    public void syncDir() {
        durableNames = new TreeMap<>(names);
    }

    @Override
    public String describe(String name) {
        return "sim:/" + name;
    }

    /** Power loss, with the choices drawn from this disk's own seeded generator. */
    public void crash() {
        crash(random);
    }

    /** Power loss: keep what was durable, plus a random prefix of unsynced operations, the last maybe torn. */
    public void crash(Random r) {
        for (Node f : new java.util.HashSet<>(names.values())) {
            byte[] state = f.durable;
            int n = f.opsMeta.size();
            int keep = n == 0 ? 0 : r.nextInt(n + 1);
            for (int i = 0; i < keep; i++) {
                state = applyTo(state, (int) f.opsMeta.get(i)[0], f.opsMeta.get(i)[1], f.opsData.get(i));
            }
            if (keep < n && f.opsMeta.get(keep)[0] == 0 && r.nextBoolean()) {
                byte[] d = f.opsData.get(keep);
                byte[] part = Arrays.copyOf(d, r.nextInt(d.length + 1));
                state = applyTo(state, 0, f.opsMeta.get(keep)[1], part);
            }
            f.durable = state;
            f.current = state.clone();
            f.opsMeta.clear();
            f.opsData.clear();
        }
        names = new TreeMap<>(durableNames);
    }

    /** Flips one bit of a file, durably: media corruption. */
    public void flipBit(String name, long offset, int bit) {
        Node f = names.get(name);
        f.current[(int) offset] ^= (byte) (1 << bit);
        f.durable = f.current.clone();
    }
}
