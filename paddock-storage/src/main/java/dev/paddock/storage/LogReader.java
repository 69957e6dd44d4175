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
        byte[] b = readAll(disk, name);
        if (b.length < LogCodec.HEADER_BYTES || new JuteInput(b).readInt() != LogCodec.MAGIC) {
            boolean empty = isZero(b, 0, b.length);
            return new Scan(name, 0, -1, -1, 0, 0, empty ? "empty file" : "bad file header", empty);
        }
        int version = new JuteInput(b, 4, 4).readInt();
        if (version != LogCodec.VERSION) {
            return new Scan(name, 0, -1, -1, 0, 4, "unsupported log version " + version, false);
        }
        int pos = LogCodec.HEADER_BYTES;
        int count = 0;
        long first = -1;
        long last = -1;
        while (pos + LogCodec.RECORD_OVERHEAD <= b.length) {
            int len = new JuteInput(b, pos, 4).readInt();
            if (len == 0 && isZero(b, pos, Math.min(b.length - pos, LogCodec.RECORD_OVERHEAD))) {
                break;
            }
            String problem = check(b, pos, len, last);
            if (problem != null) {
                boolean torn = !validRecordAfter(b, pos + 1, last);
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

    private static boolean validRecordAfter(byte[] b, int from, long lastZxid) {
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
