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

    public static byte[] readAll(Disk disk, String name) throws IOException {
        try (DiskFile f = disk.open(name, false)) {
            long size = f.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new StorageException(disk.describe(name) + " is too large to read (" + size + " bytes)");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            long pos = 0;
            while (buf.hasRemaining()) {
                int n = f.read(pos, buf);
                if (n < 0) {
                    break;
                }
                pos += n;
            }
            return buf.array();
        }
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
        try (DiskFile f = disk.open(name, false)) {
            Window w = new Window(f);
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
            int pos = LogCodec.HEADER_BYTES;
            int count = 0;
            long first = -1;
            long last = -1;
            while (w.ensure(pos + LogCodec.RECORD_OVERHEAD)) {
                byte[] b = w.buf;
                int len = new JuteInput(b, pos, 4).readInt();
                if (len == 0 && isZero(b, pos, LogCodec.RECORD_OVERHEAD)) {
                    break;
                }
                boolean whole = len > 0 && w.ensure(pos + LogCodec.RECORD_OVERHEAD + len);
                b = w.buf;
                long zxid = whole && len >= 20 ? new JuteInput(b, pos + LogCodec.RECORD_OVERHEAD + 12, 8).readLong() : -1;
                if (whole && zxid > last && zxid <= skipThrough) {
                    if (first < 0) {
                        first = zxid;
                    }
                    last = zxid;
                    count++;
                    pos += LogCodec.RECORD_OVERHEAD + len;
                    continue;
                }
                String problem = whole ? check(b, pos, len, last) : "bad record length " + len;
                if (problem != null) {
                    w.ensureAll();
                    boolean torn = !validRecordAfter(w.buf, w.filled, pos + 1, last);
                    return new Scan(name, count, first, last, pos, pos, problem, torn);
                }
                LoggedTxn t = LogCodec.readPayload(b, pos + LogCodec.RECORD_OVERHEAD, len);
                sink.accept(t);
                if (first < 0) {
                    first = t.zxid();
                }
                last = t.zxid();
                count++;
                pos += LogCodec.RECORD_OVERHEAD + len;
            }
            return new Scan(name, count, first, last, pos, -1, null, false);
        }
    }

    /** The file's bytes from the start, read in growing chunks as the scan needs them. */
    private static final class Window {
        private static final int CHUNK = 1 << 20;
        final DiskFile f;
        final long size;
        byte[] buf = new byte[64 * 1024];
        int filled;

        Window(DiskFile f) throws IOException {
            this.f = f;
            this.size = Math.min(f.size(), Integer.MAX_VALUE - 16);
        }

        /** Makes bytes [0, upTo) available; false if the file is shorter. */
        boolean ensure(long upTo) throws IOException {
            if (upTo > size) {
                ensureAll();
                return false;
            }
            while (filled < upTo) {
                int want = (int) Math.min(size, Math.max(upTo, (long) filled + CHUNK));
                if (want > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, (int) Math.min(size, Math.max(want, (long) buf.length * 2)));
                }
                int n = f.read(filled, ByteBuffer.wrap(buf, filled, want - filled));
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
