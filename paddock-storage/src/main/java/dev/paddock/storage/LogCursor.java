package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.core.sync.TxnHistory;
import dev.paddock.storage.disk.Disk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Logged transactions from a given zxid on, across log files, read lazily one record at a time with every
 * checksum verified. A damaged record is corruption and throws {@link UncheckedIOException} (wrapping a
 * {@link StorageException} naming file and offset), except past the synced end recorded in the newest file's
 * header: there it ends the cursor, being what a crash (or a write still under way) leaves, which recovery cuts.
 * A log's header is synced before any record goes in, so a bad header is damage wherever it is; a header of
 * zeros is a file created and never written, read as empty.
 *
 * <p>Files are listed when the cursor opens; close it to release the open file.
 */
public final class LogCursor implements TxnHistory.Tail {
    private final Disk disk;
    private final List<String> files;
    private int fileIndex;
    private LogFileStream stream;
    private LoggedTxn next;
    private long previousZxid = -1;
    private boolean done;
    private IOException failure;

    private LogCursor(Disk disk, List<String> files, int startIndex) {
        this.disk = disk;
        this.files = files;
        this.fileIndex = startIndex;
    }

    /** A cursor at the first logged txn whose zxid is at least {@code fromZxid}. */
    public static LogCursor open(Disk disk, long fromZxid) throws IOException {
        List<String> files = Recovery.logFiles(disk);
        LogCursor c = new LogCursor(disk, files, startIndex(files, fromZxid));
        try {
            c.skipBelow(fromZxid);
            while (c.advance()) {
                if (c.next.zxid() >= fromZxid) {
                    return c;
                }
                c.previousZxid = c.next.zxid();
            }
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A cursor over every record of {@code files} from the one at {@code index} on. */
    static LogCursor fromFile(Disk disk, List<String> files, int index) throws IOException {
        LogCursor c = new LogCursor(disk, files, index);
        try {
            c.advance();
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Counts the records of one file by their framing alone (no checksums); a torn newest file counts to its tear. */
    static int countRecords(Disk disk, String name, boolean newest) throws IOException {
        int n = 0;
        try (LogFileStream s = new LogFileStream(disk, name)) {
            while (readOrEnd(s, newest, false) != null) {
                n++;
            }
        }
        return n;
    }

    /** The last file that starts before {@code zxid} (it may hold the txns just before it), else the first. */
    static int startIndex(List<String> files, long zxid) {
        int start = 0;
        for (int i = 0; i < files.size(); i++) {
            if (LogCodec.firstZxid(files.get(i)) < zxid) {
                start = i;
            }
        }
        return start;
    }

    /**
     * The storage bytes (framing included) of the logged txns after {@code zxid}; counting stops as soon as
     * the total exceeds {@code limitBytes} when that is positive, so a large log is not read to the end.
     */
    public static long bytesAfter(Disk disk, long zxid, long limitBytes) throws IOException {
        List<String> files = Recovery.logFiles(disk);
        long total = 0;
        for (int i = startIndex(files, zxid + 1); i < files.size(); i++) {
            boolean newest = i == files.size() - 1;
            try (LogFileStream s = new LogFileStream(disk, files.get(i))) {
                LogFileStream.Record r;
                while ((r = readOrEnd(s, newest, false)) != null) {
                    if (r.zxid() > zxid) {
                        total += r.bytes();
                        if (limitBytes > 0 && total > limitBytes) {
                            return total;
                        }
                    }
                }
            }
        }
        return total;
    }

    /**
     * A record, or null at the end. A bad record in the newest file past the extent its header says was synced
     * is treated as its end: a crash's leftover, or a write still under way; anywhere else it is damage.
     */
    static LogFileStream.Record readOrEnd(LogFileStream s, boolean newest, boolean verify)
            throws IOException {
        try {
            return s.next(verify);
        } catch (StorageException e) {
            if (newest && s.position() >= s.syncedEnd()) {
                return null;
            }
            throw e;
        }
    }

    /**
     * Passes over the records of the first file below {@code zxid} by their framing alone (no checksum, no
     * decoding): they are not returned, only the last one's zxid is remembered as {@link #previousZxid()}.
     */
    private void skipBelow(long zxid) throws IOException {
        if (fileIndex >= files.size()) {
            return;
        }
        stream = new LogFileStream(disk, files.get(fileIndex));
        long z;
        boolean newest = fileIndex == files.size() - 1;
        while ((z = stream.peekZxid()) >= 0 && z < zxid && z > previousZxid) {
            if (readOrEnd(stream, newest, false) == null) {
                break;
            }
            previousZxid = z;
        }
    }

    /** Reads the following record into {@link #next}; false at the end of the log. */
    private boolean advance() throws IOException {
        next = null;
        while (!done) {
            if (stream == null) {
                if (fileIndex >= files.size()) {
                    done = true;
                    break;
                }
                stream = new LogFileStream(disk, files.get(fileIndex));
            }
            LogFileStream.Record r = readOrEnd(stream, fileIndex == files.size() - 1, true);
            if (r != null) {
                next = r.txn();
                return true;
            }
            stream.close();
            stream = null;
            fileIndex++;
        }
        return false;
    }

    /** The zxid of the last logged txn before the first one this cursor yields; -1 if it saw none. */
    @Override
    public long previousZxid() {
        return previousZxid;
    }

    /** The zxid {@link #next()} would return, or -1 at the end. */
    public long peekZxid() {
        return next == null ? -1 : next.zxid();
    }

    /** Throws {@link UncheckedIOException} once, where the following record could not be read. */
    @Override
    public boolean hasNext() {
        if (failure != null) {
            IOException e = failure;
            failure = null;
            throw new UncheckedIOException(e);
        }
        return next != null;
    }

    @Override
    public LoggedTxn next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        LoggedTxn t = next;
        try {
            advance();
        } catch (IOException e) {
            done = true;
            next = null;
            failure = e;
        }
        return t;
    }

    @Override
    public void close() throws IOException {
        done = true;
        next = null;
        if (stream != null) {
            stream.close();
            stream = null;
        }
    }
}
