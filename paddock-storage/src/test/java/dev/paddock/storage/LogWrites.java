package dev.paddock.storage;

import java.nio.ByteBuffer;

/** What a write to a log file was, for tests that watch the log's writes through a forwarding disk. */
final class LogWrites {
    private LogWrites() {
    }

    /** True if a write of {@code src} at {@code position} put records in a log file: past the header, not zeros. */
    static boolean isRecords(long position, ByteBuffer src) {
        if (position < LogCodec.HEADER_BYTES) {
            return false;
        }
        ByteBuffer d = src.duplicate();
        while (d.hasRemaining()) {
            if (d.get() != 0) {
                return true;
            }
        }
        return false;
    }
}
