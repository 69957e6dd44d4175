package dev.paddock.core.zkformat;

import dev.paddock.jute.JuteException;
import java.util.Arrays;

/**
 * Finds the end of the snapshot that follows a SNAP packet in a learner's byte stream. ZooKeeper sends the
 * snapshot unframed (no length prefix) between the SNAP packet and the next packet, so a non-blocking transport
 * must walk its fields to know where it stops. Bytes are offered as they arrive; each field is scanned once, so
 * the cost is linear in the snapshot however it is chunked. When {@link #isComplete()}, {@link #body()} is what
 * {@link ZkSnapshotFormat#readSync} takes.
 */
public final class ZkSnapshotFramer {
    private enum Phase { SESSION_COUNT, SESSIONS, ACL_COUNT, ACL_ENTRY, ACL_ITEMS, NODES, SIGNATURE, DONE }

    /** An ACL reference (long) and a StatPersisted (4 longs, 3 ints, 2 longs) after each node's data. */
    private static final int NODE_TAIL_BYTES = 8 + 60;

    private final int maxFieldBytes;
    private final long maxTotalBytes;
    private byte[] buf = new byte[4096];
    private int size;
    private int pos;
    private Phase phase = Phase.SESSION_COUNT;
    /** Sessions or ACL entries still to come in the current section. */
    private long left;
    private long aclItemsLeft;

    /**
     * @param maxFieldBytes the largest string or buffer accepted (ZooKeeper's jute.maxbuffer plus extrasize)
     * @param maxTotalBytes the largest snapshot accepted, so a runaway stream cannot take all memory
     */
    public ZkSnapshotFramer(int maxFieldBytes, long maxTotalBytes) {
        this.maxFieldBytes = maxFieldBytes;
        this.maxTotalBytes = Math.min(maxTotalBytes, Integer.MAX_VALUE - 8);
    }

    /**
     * Takes bytes from the stream. Returns how many of them belong to the snapshot: fewer than {@code len} once
     * it is complete, the rest being the packets that follow.
     */
    public int offer(byte[] b, int off, int len) {
        if (phase == Phase.DONE) {
            return 0;
        }
        int take = (int) Math.min(len, maxTotalBytes - size + 1L);
        if (buf.length - size < take) {
            buf = Arrays.copyOf(buf, (int) Math.min(Math.max((long) buf.length * 2, (long) size + take),
                    maxTotalBytes + 1));
        }
        System.arraycopy(b, off, buf, size, take);
        size += take;
        scan();
        if (phase == Phase.DONE) {
            int extra = size - pos;
            size = pos;
            return take - extra;
        }
        if (size > maxTotalBytes) {
            throw new JuteException("snapshot from the leader is over " + maxTotalBytes + " bytes");
        }
        return take;
    }

    public boolean isComplete() {
        return phase == Phase.DONE;
    }

    /** The snapshot and its signature, once complete. */
    public byte[] body() {
        if (phase != Phase.DONE) {
            throw new IllegalStateException("snapshot not complete: " + size + " bytes so far");
        }
        return Arrays.copyOf(buf, size);
    }

    private void scan() {
        while (true) {
            switch (phase) {
                case SESSION_COUNT, ACL_COUNT -> {
                    if (!have(4)) {
                        return;
                    }
                    int count = intAt(pos);
                    if (count < 0) {
                        throw bad("negative count " + count);
                    }
                    pos += 4;
                    left = count;
                    phase = phase == Phase.SESSION_COUNT ? Phase.SESSIONS : Phase.ACL_ENTRY;
                }
                case SESSIONS -> {
                    while (left > 0 && have(12)) {
                        pos += 12;
                        left--;
                    }
                    if (left > 0) {
                        return;
                    }
                    phase = Phase.ACL_COUNT;
                }
                case ACL_ENTRY -> {
                    if (left == 0) {
                        phase = Phase.NODES;
                    } else {
                        if (!have(12)) {
                            return;
                        }
                        int items = intAt(pos + 8);
                        if (items < 0) {
                            throw bad("ACL list of length " + items);
                        }
                        pos += 12;
                        left--;
                        aclItemsLeft = items;
                        phase = Phase.ACL_ITEMS;
                    }
                }
                case ACL_ITEMS -> {
                    while (aclItemsLeft > 0) {
                        int scheme = fieldEnd(pos + 4);
                        int id = scheme < 0 ? -1 : fieldEnd(scheme);
                        if (id < 0) {
                            return;
                        }
                        pos = id;
                        aclItemsLeft--;
                    }
                    phase = Phase.ACL_ENTRY;
                }
                case NODES -> {
                    int path = fieldEnd(pos);
                    if (path < 0) {
                        return;
                    }
                    if (path - pos == 5 && buf[pos + 4] == '/') {
                        pos = path;
                        phase = Phase.SIGNATURE;
                        continue;
                    }
                    int data = fieldEnd(path);
                    if (data < 0 || size - data < NODE_TAIL_BYTES) {
                        return;
                    }
                    pos = data + NODE_TAIL_BYTES;
                }
                case SIGNATURE -> {
                    int end = fieldEnd(pos);
                    if (end < 0) {
                        return;
                    }
                    pos = end;
                    phase = Phase.DONE;
                }
                case DONE -> {
                    return;
                }
                default -> throw new IllegalStateException(phase.name());
            }
        }
    }

    private boolean have(int n) {
        return size - pos >= n;
    }

    /** Where the string or buffer starting at {@code at} ends, or -1 when its bytes are not all here yet. */
    private int fieldEnd(int at) {
        if (size - at < 4) {
            return -1;
        }
        int len = intAt(at);
        if (len == -1) {
            return at + 4;
        }
        if (len < 0 || len > maxFieldBytes) {
            throw bad("field length " + len + " (limit " + maxFieldBytes + ")");
        }
        return size - at - 4 >= len ? at + 4 + len : -1;
    }

    private int intAt(int at) {
        return ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8)
                | (buf[at + 3] & 0xff);
    }

    private JuteException bad(String what) {
        return new JuteException("ZooKeeper snapshot stream corrupt at byte " + pos + ": " + what);
    }
}
