package dev.paddock.storage;

import dev.paddock.jute.JuteException;
import dev.paddock.jute.JuteInput;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads the bytes [0, end) of a file front to back through one buffer of a chunk (larger only while a single
 * record needs more), computing the CRC32C of every byte as it is loaded. {@link #need(int)} hands out a
 * {@link JuteInput} over the loaded bytes; the caller reads from it and asks again before the next record, so a
 * field that straddles two chunks is never split.
 */
final class ChunkedReader {
    private final DiskFile file;
    private final long end;
    private final CRC32C crc = new CRC32C();
    private byte[] buf;
    private int filled;
    private long loaded;
    private JuteInput in;

    ChunkedReader(DiskFile file, long end, int chunk) {
        this.file = file;
        this.end = end;
        this.buf = new byte[(int) Math.min(chunk, Math.max(end, 16))];
        this.in = new JuteInput(buf, 0, 0);
    }

    /** The file offset of the next unread byte. */
    long offset() {
        return loaded - (filled - in.position());
    }

    /**
     * Returns an input holding at least {@code n} unread bytes, positioned at the next unread byte; it throws
     * {@link JuteException} when the file ends first.
     */
    JuteInput need(int n) throws IOException {
        int unread = filled - in.position();
        if (unread >= n && n >= 0) {
            return in;
        }
        if (n < 0 || n > end - offset()) {
            throw new JuteException("record of " + n + " bytes at byte " + offset() + " runs past the end ("
                    + (end - offset()) + " bytes left)");
        }
        if (n > buf.length) {
            byte[] bigger = new byte[n];
            System.arraycopy(buf, in.position(), bigger, 0, unread);
            buf = bigger;
        } else {
            System.arraycopy(buf, in.position(), buf, 0, unread);
        }
        filled = unread;
        while (filled < n) {
            load();
        }
        in = new JuteInput(buf, 0, filled);
        return in;
    }

    /** True once every byte up to the end has been read. */
    boolean atEnd() {
        return loaded == end && in.position() == filled;
    }

    /** Reads whatever is left and compares the checksum of all bytes [0, end) with {@code expected}. */
    boolean checksumIs(int expected) throws IOException {
        while (loaded < end) {
            filled = 0;
            load();
        }
        in = new JuteInput(buf, 0, 0);
        filled = 0;
        return (int) crc.getValue() == expected;
    }

    /** Appends at least one byte from the file to the buffer, up to its capacity. */
    private void load() throws IOException {
        int want = (int) Math.min(buf.length - filled, end - loaded);
        int n = file.read(loaded, ByteBuffer.wrap(buf, filled, want));
        if (n <= 0) {
            throw new IOException("file ended at byte " + loaded + ", expected " + end + " bytes");
        }
        crc.update(buf, filled, n);
        filled += n;
        loaded += n;
    }
}
