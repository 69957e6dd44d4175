package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads one log file and tells a torn tail from corruption. A record that fails its checks is a torn tail when
 * no valid record follows it anywhere in the file (a crash interrupted the last write); it is corruption when a
 * valid record follows (something damaged data that had been written and synced).
 */
public final class LogReader {
    /** What a scan found. {@code badOffset} is -1 when every record was good. */
    public record Scan(String file, int records, long firstZxid, long lastZxid, long validEnd, long badOffset,
                       String problem, boolean tornTail) {
        public boolean clean() {
            return badOffset < 0;
        }
    }

    private LogReader() {
    }

    /** Reads every good record of {@code name} in order, handing each to {@code sink}. */
    public static Scan scan(Disk disk, String name, Consumer<LoggedTxn> sink) throws IOException {
        return scan(disk, name, -1, sink);
    }

    /**
     * As {@link #scan(Disk, String, Consumer)}, but records with a zxid at or below {@code skipThrough} (already
     * in the snapshot) are framed and skipped without being checksummed or decoded. The file is read on demand,
     * so the zero-filled pre-allocated tail is never read unless a damaged record forces a look past it.
     */
    public static Scan scan(Disk disk, String name, long skipThrough, Consumer<LoggedTxn> sink) throws IOException {
        return scan(disk, name, skipThrough, sink, Window.CHUNK);
    }

    /** As {@link #scan(Disk, String, long, Consumer)}, reading {@code chunk} bytes at a time (tests use less). */
    static Scan scan(Disk disk, String name, long skipThrough, Consumer<LoggedTxn> sink, int chunk) throws IOException {
        try (DiskFile f = disk.open(name, false)) {
            Window w = new Window(f, chunk);
            w.ensure(LogCodec.HEADER_BYTES);
            byte[] head = w.buf;
            if (w.filled < LogCodec.HEADER_BYTES || new JuteInput(head, 0, 4).readInt() != LogCodec.MAGIC) {
                w.ensureAll();
                boolean empty = isZero(w.buf, 0, w.filled);
                return new Scan(name, 0, -1, -1, 0, 0, empty ? "empty file" : "bad file header", empty);
            }
            int version = new JuteInput(head, 4, 4).readInt();
            if (version != LogCodec.VERSION) {
                return new Scan(name, 0, -1, -1, 0, 4, "unsupported log version " + version, false);
            }
            long pos = LogCodec.HEADER_BYTES;
            int count = 0;
            long first = -1;
            long last = -1;
            while (w.ensure(pos + LogCodec.RECORD_OVERHEAD)) {
                byte[] b = w.buf;
                int at = w.at(pos);
                int len = new JuteInput(b, at, 4).readInt();
                if (len == 0 && isZero(b, at, LogCodec.RECORD_OVERHEAD)) {
                    break;
                }
                boolean whole = len > 0 && w.ensure(pos + LogCodec.RECORD_OVERHEAD + len);
                b = w.buf;
                at = w.at(pos);
                long zxid = whole && len >= 20 ? new JuteInput(b, at + LogCodec.RECORD_OVERHEAD + 12, 8).readLong() : -1;
                if (whole && zxid > last && zxid <= skipThrough) {
                    if (first < 0) {
                        first = zxid;
                    }
                    last = zxid;
                    count++;
                    pos += LogCodec.RECORD_OVERHEAD + len;
                    w.release(pos);
                    continue;
                }
                String problem = whole ? check(b, at, len, last) : "bad record length " + len;
                if (problem != null) {
                    w.ensureAll();
                    boolean torn = !validRecordAfter(w.buf, w.filled, w.at(pos) + 1, last);
                    return new Scan(name, count, first, last, pos, pos, problem, torn);
                }
                LoggedTxn t = LogCodec.readPayload(b, at + LogCodec.RECORD_OVERHEAD, len);
                sink.accept(t);
                if (first < 0) {
                    first = t.zxid();
                }
                last = t.zxid();
                count++;
                pos += LogCodec.RECORD_OVERHEAD + len;
                w.release(pos);
            }
            return new Scan(name, count, first, last, pos, -1, null, false);
        }
    }

    /**
     * A window on the file's bytes, read in chunks as the scan needs them. Bytes before the point the scan has
     * {@linkplain #release released} are dropped at the next refill, so the window holds about a chunk plus the
     * record being read; after {@link #ensureAll()} it holds everything from that point to the end.
     */
    private static final class Window {
        static final int CHUNK = 1 << 20;
        final DiskFile f;
        final long size;
        final int chunk;
        byte[] buf;
        long base;
        int filled;
        private long released;

        Window(DiskFile f, int chunk) throws IOException {
            this.f = f;
            this.size = Math.min(f.size(), Integer.MAX_VALUE - 16);
            this.chunk = chunk;
            this.buf = new byte[(int) Math.min(size, Math.min(chunk, 64 * 1024))];
        }

        /** Where the byte at file offset {@code offset} is in {@link #buf}. */
        int at(long offset) {
            return (int) (offset - base);
        }

        /** The scan no longer needs the bytes before {@code offset}. */
        void release(long offset) {
            released = offset;
        }

        /** Makes the bytes up to {@code upTo} available; false if the file is shorter. */
        boolean ensure(long upTo) throws IOException {
            if (upTo > size) {
                ensureAll();
                return false;
            }
            while (base + filled < upTo) {
                if (released > base) {
                    int drop = at(released);
                    System.arraycopy(buf, drop, buf, 0, filled - drop);
                    filled -= drop;
                    base = released;
                }
                int want = (int) Math.min(size - base, Math.max(upTo - base, (long) filled + chunk));
                if (want > buf.length) {
                    long grown = Math.max(want, (long) buf.length * 2);
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(size - base, grown));
                }
                int n = f.read(base + filled, ByteBuffer.wrap(buf, filled, want - filled));
                if (n < 0) {
                    return false;
                }
                filled += n;
            }
            return true;
        }

        void ensureAll() throws IOException {
            ensure(size);
        }
    }

    /** Why the record at {@code pos} is bad, or null if it is good. */
    private static String check(byte[] b, int pos, int len, long lastZxid) {
        if (len <= 0 || len > b.length - pos - LogCodec.RECORD_OVERHEAD) {
            return "bad record length " + len;
        }
        int crc = new JuteInput(b, pos + 4, 4).readInt();
        if (crc != LogCodec.crc(b, pos + LogCodec.RECORD_OVERHEAD, len)) {
            return "checksum mismatch";
        }
        try {
            LoggedTxn t = LogCodec.readPayload(b, pos + LogCodec.RECORD_OVERHEAD, len);
            if (t.zxid() <= lastZxid) {
                return "zxid 0x" + Long.toHexString(t.zxid()) + " does not follow 0x" + Long.toHexString(lastZxid);
            }
        } catch (JuteException | IllegalArgumentException | ClassCastException e) {
            return "malformed record: " + e.getMessage();
        }
        return null;
    }

    private static boolean validRecordAfter(byte[] b, int length, int from, long lastZxid) {
        b = java.util.Arrays.copyOf(b, length);
        for (int p = from; p + LogCodec.RECORD_OVERHEAD < b.length; p++) {
            if (b[p] == 0 && b[p + 1] == 0 && b[p + 2] == 0 && b[p + 3] == 0) {
                continue;
            }
            int len = new JuteInput(b, p, 4).readInt();
            if (len > 0 && len <= b.length - p - LogCodec.RECORD_OVERHEAD && check(b, p, len, lastZxid) == null) {
                return true;
            }
        }
        return false;
    }

    static boolean isZero(byte[] b, int from, int len) {
        for (int i = from; i < from + len; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
