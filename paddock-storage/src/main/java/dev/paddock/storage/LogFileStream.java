package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the records of one log file front to back through a bounded buffer, so a file of any size is read
 * without holding it in memory. Unlike {@link LogReader#scan} it does not look past a bad record to tell a torn
 * tail from corruption; it reports the record and lets the caller decide.
 */
final class LogFileStream implements Closeable {
    private static final int MIN_BUFFER = 64 * 1024;

    /** One framed record: where it starts and ends in the file, its zxid, and the decoded txn if asked for. */
    record Record(long offset, long end, long zxid, LoggedTxn txn) {
        int bytes() {
            return (int) (end - offset);
        }
    }

    private final Disk disk;
    private final String name;
    private final DiskFile file;
    private byte[] buf = new byte[MIN_BUFFER];
    private long bufStart;
    private int bufLen;
    private long pos;
    private long lastZxid = -1;
    private long syncedEnd;
    private boolean empty;

    /** Opens {@code name} and checks its header; a file of zeros (a crash right after creating it) is empty. */
    LogFileStream(Disk disk, String name) throws IOException {
        this.disk = disk;
        this.name = name;
        this.file = disk.open(name, false);
        try {
            int have = fill(0, LogCodec.HEADER_BYTES);
            if (have < LogCodec.HEADER_BYTES || readInt(0) != LogCodec.MAGIC) {
                // Zeros where the header belongs and where the first record would start: a file created but
                // never written. Anything else there is a damaged header.
                int probe = fill(0, LogCodec.HEADER_BYTES + LogCodec.RECORD_OVERHEAD);
                if (LogReader.isZero(buf, 0, probe)) {
                    empty = true;
                    return;
                }
                throw new StorageException("transaction log " + disk.describe(name) + " has a bad header");
            }
            int version = readInt(4);
            if (version != LogCodec.VERSION) {
                throw new StorageException("transaction log " + disk.describe(name) + " has unsupported version "
                        + version);
            }
            syncedEnd = new JuteInput(buf, LogCodec.SYNCED_END_AT, 8).readLong();
            pos = LogCodec.HEADER_BYTES;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    String name() {
        return name;
    }

    /** How far the header says the file was once synced; 0 when not known. */
    long syncedEnd() {
        return syncedEnd;
    }

    /** Where the next record would start: after the last record returned (or the header). */
    long position() {
        return pos;
    }

    /**
     * The next record, or null at the end of the data (the zero fill, or the end of the file). With
     * {@code verify} the checksum is checked and the txn decoded; without it only the framing is read (for
     * sizing and seeking). A bad record raises {@link StorageException} naming the file and offset.
     */
    Record next(boolean verify) throws IOException {
        if (empty) {
            return null;
        }
        int have = fill(pos, LogCodec.RECORD_OVERHEAD);
        if (have == 0) {
            return null;
        }
        int at = (int) (pos - bufStart);
        if (have < LogCodec.RECORD_OVERHEAD) {
            if (LogReader.isZero(buf, at, have)) {
                return null;
            }
            throw bad("a record header is cut short");
        }
        int len = readInt(at);
        if (len == 0 && LogReader.isZero(buf, at, LogCodec.RECORD_OVERHEAD)) {
            return null;
        }
        if (len < 32 || len > Integer.MAX_VALUE - 64) {
            throw bad("bad record length " + len);
        }
        int total = LogCodec.RECORD_OVERHEAD + len;
        // A damaged length must not make the buffer grow past what the file can hold.
        if (total > buf.length && pos + total > file.size()) {
            throw bad("bad record length " + len + ": the record would run past the end of the file");
        }
        if (fill(pos, total) < total) {
            throw bad("the record runs past the end of the file");
        }
        at = (int) (pos - bufStart);
        int payload = at + LogCodec.RECORD_OVERHEAD;
        long zxid = new JuteInput(buf, payload + 12, 8).readLong();
        LoggedTxn txn = null;
        if (verify) {
            if (readInt(at + 4) != LogCodec.crc(buf, payload, len)) {
                throw bad("checksum mismatch");
            }
            try {
                txn = LogCodec.readPayload(buf, payload, len);
            } catch (JuteException | IllegalArgumentException | ClassCastException e) {
                throw bad("malformed record: " + e.getMessage());
            }
        }
        if (zxid <= lastZxid) {
            throw bad("zxid 0x" + Long.toHexString(zxid) + " does not follow 0x" + Long.toHexString(lastZxid));
        }
        Record r = new Record(pos, pos + total, zxid, txn);
        lastZxid = zxid;
        pos += total;
        return r;
    }

    /**
     * The zxid of the next record from its framing alone, without consuming it; -1 at the end or when the
     * record does not even frame (then {@link #next} reports why).
     */
    long peekZxid() throws IOException {
        if (empty) {
            return -1;
        }
        int head = LogCodec.RECORD_OVERHEAD + 20;
        if (fill(pos, head) < head) {
            return -1;
        }
        int at = (int) (pos - bufStart);
        int len = readInt(at);
        if (len < 32) {
            return -1;
        }
        return new JuteInput(buf, at + LogCodec.RECORD_OVERHEAD + 12, 8).readLong();
    }

    private StorageException bad(String problem) {
        return new StorageException("transaction log " + disk.describe(name) + " at offset " + pos + ": " + problem);
    }

    private int readInt(int at) {
        return new JuteInput(buf, at, 4).readInt();
    }

    /**
     * Makes bytes [from, from + want) available in the buffer, reading as needed; returns how many of them the
     * file has (fewer than {@code want} at its end).
     */
    private int fill(long from, int want) throws IOException {
        long bufEnd = bufStart + bufLen;
        if (from >= bufStart && from + want <= bufEnd) {
            return want;
        }
        if (from < bufStart || from > bufEnd) {
            bufStart = from;
            bufLen = 0;
        } else {
            int keep = (int) (bufEnd - from);
            System.arraycopy(buf, (int) (from - bufStart), buf, 0, keep);
            bufStart = from;
            bufLen = keep;
        }
        if (want > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(want, buf.length * 2));
        }
        while (bufLen < want) {
            int n = file.read(bufStart + bufLen, ByteBuffer.wrap(buf, bufLen, buf.length - bufLen));
            if (n <= 0) {
                break;
            }
            bufLen += n;
        }
        return Math.min(want, bufLen);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
