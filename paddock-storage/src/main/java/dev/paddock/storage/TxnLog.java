package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteOutput;
import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The writing end of the transaction log: appends framed records to the current file, pre-allocating it in
 * blocks so that a sync rarely has to update file metadata, and rolls to a new file on request. A sync makes
 * every record appended so far durable, so one sync serves a whole batch (group commit).
 *
 * <p>Pre-allocating sets the file's length only (a sparse file, as ZooKeeper's log is): the first write into
 * each block of a hole allocates it, and the sync after it must then commit the file system's journal as well as
 * the data, every few appends. So the log also writes real zeros a little ahead of its records, {@link
 * #ZERO_AHEAD} bytes at a time before the records reach them: one allocation per chunk, made durable by an
 * earlier sync, and the syncs of the records in it find their blocks allocated.
 */
public final class TxnLog implements Closeable {
    private final Disk disk;
    private final long preAllocBytes;
    private final JuteOutput buffer = new JuteOutput(64 * 1024);
    /**
     * How far ahead of the records zeros are written (topped up by {@link #topUpZeros} as records use them). Each
     * top-up allocates blocks, and the sync after it writes the file's block metadata as well; 64 KiB at a time
     * did that every few syncs under a heavy write load (about 15 % of the log thread's CPU per multi of two 1 KB
     * setData on ext4), a MiB at a time does it rarely.
     */
    static final int ZERO_AHEAD = 1024 * 1024;
    private final int zeroAhead;
    private final ByteBuffer zeros;
    /** The end of what has been written in the current file: the records, then zeros ahead of them. */
    private long written;
    private DiskFile current;
    private String currentName;
    private long position;
    private long allocated;
    private long syncedEndInHeader;
    private IOException syncFailure;
    private boolean dirDirty;
    private long lastZxid = -1;
    private int txnsInFile;

    /** Zeros go {@link #ZERO_AHEAD} bytes ahead, or one pre-allocation step if that is smaller. */
    public TxnLog(Disk disk, long preAllocBytes) {
        this(disk, preAllocBytes, (int) Math.min(ZERO_AHEAD, Math.max(4096, preAllocBytes)));
    }

    /** With zeros written {@code zeroAhead} bytes ahead instead of {@link #ZERO_AHEAD} (tests). */
    TxnLog(Disk disk, long preAllocBytes, int zeroAhead) {
        this.disk = disk;
        this.preAllocBytes = Math.max(4096, preAllocBytes);
        this.zeroAhead = zeroAhead;
        this.zeros = ByteBuffer.allocateDirect(zeroAhead);
    }

    /** Appends a batch; durable only after {@link #sync()}. Zxids must increase. */
    public void append(List<LoggedTxn> txns) throws IOException {
        appendAll(List.of(txns));
    }

    /**
     * Appends batches in order, as one write (one per {@link #WRITE_CHUNK} bytes of records): a group commit's
     * batches are often of one transaction each, and a write per batch cost more than the records' bytes. Durable
     * only after {@link #sync()}. Zxids must increase; if one does not, nothing of the call is written.
     */
    public void appendAll(List<? extends List<LoggedTxn>> batches) throws IOException {
        checkNotFailed();
        long previous = lastZxid;
        for (List<LoggedTxn> txns : batches) {
            for (LoggedTxn t : txns) {
                if (t.zxid() <= previous) {
                    throw new IllegalArgumentException("zxid 0x" + Long.toHexString(t.zxid()) + " after 0x"
                            + Long.toHexString(previous));
                }
                previous = t.zxid();
            }
        }
        buffer.reset();
        for (List<LoggedTxn> txns : batches) {
            for (LoggedTxn t : txns) {
                if (current == null) {
                    openNew(t.zxid());
                }
                LogCodec.writeRecord(buffer, t);
                lastZxid = t.zxid();
                txnsInFile++;
                if (buffer.size() >= WRITE_CHUNK) {
                    writeBuffer();
                }
            }
        }
        writeBuffer();
    }

    /** Records are written once this many bytes of them are encoded, or at the end of an append. */
    static final int WRITE_CHUNK = 1024 * 1024;

    /** Writes the encoded records at the end of the file (after zeros ahead of them, see the class comment). */
    private void writeBuffer() throws IOException {
        if (buffer.size() == 0) {
            return;
        }
        long end = position + buffer.size();
        // Room for the zeros ahead (and a zero length after the last record) inside the pre-allocation.
        if (end + zeroAhead + LogCodec.RECORD_OVERHEAD > allocated) {
            allocated = ((end + zeroAhead + LogCodec.RECORD_OVERHEAD) / preAllocBytes + 1) * preAllocBytes;
            current.write(allocated - 1, ByteBuffer.wrap(new byte[1]));
        }
        if (end > written) {
            zeroTo(end + zeroAhead); // past the zeros ahead (a long batch, or no top-up): zeros just before it
        }
        current.write(position, ByteBuffer.wrap(buffer.array(), 0, buffer.size()));
        position = end;
        buffer.reset();
    }

    /**
     * Writes more zeros ahead of the records (see the class comment) once less than half of them is left and the
     * caller has nothing waiting to be written, or once less than a quarter is left; they reach the disk with the
     * next sync, before records go there. The group commit calls it after it has reported a sync durable, so that
     * writing them never delays that acknowledgement, and preferably when no batch waits for the next sync. A log
     * that is not topped up writes the zeros just before the records that would pass them, in the same sync.
     */
    public void topUpZeros(boolean idle) throws IOException {
        long left = written - position;
        if (current != null && syncFailure == null && left < (idle ? zeroAhead / 2 : zeroAhead / 4)) {
            zeroTo(position + zeroAhead);
        }
    }

    /** Writes zeros from the end of what was written up to {@code limit} (within the pre-allocation). */
    private void zeroTo(long limit) throws IOException {
        long from = Math.max(written, position);
        long upTo = Math.min(allocated, limit);
        while (from < upTo) {
            int n = (int) Math.min(zeroAhead, upTo - from);
            current.write(from, zeros.duplicate().limit(n));
            from += n;
        }
        written = Math.max(written, upTo);
    }

    private void openNew(long firstZxid) throws IOException {
        currentName = LogCodec.fileName(firstZxid);
        current = disk.open(currentName, true);
        current.truncate(0);
        JuteOutput h = new JuteOutput(LogCodec.HEADER_BYTES);
        LogCodec.writeHeader(h);
        allocated = preAllocBytes;
        current.write(allocated - 1, ByteBuffer.wrap(new byte[1]));
        current.write(0, ByteBuffer.wrap(h.array(), 0, h.size()));
        position = LogCodec.HEADER_BYTES;
        written = position;
        zeroTo(position + zeroAhead);
        txnsInFile = 0;
        syncedEndInHeader = LogCodec.HEADER_BYTES;
        // The header (and the name) are made durable before any record is written, so that after a crash a file
        // either has its header or holds nothing but zeros: a bad header is then damage, never a crash leftover.
        current.sync();
        disk.syncDir();
        dirDirty = false;
    }

    /** When this returns, every appended record is durable. */
    public void sync() throws IOException {
        if (current == null) {
            return;
        }
        checkNotFailed();
        try {
            current.sync();
        } catch (IOException e) {
            syncFailure = new IOException("an earlier sync of " + disk.describe(currentName) + " failed ("
                    + e.getMessage() + "); the log cannot be trusted until restart and recovery", e);
            throw e;
        }
        if (dirDirty) {
            disk.syncDir();
            dirDirty = false;
        }
        // Record how far the file is now durable. Unsynced itself: it reaches the disk with the next sync or
        // earlier, and whichever value survives a crash is an extent that really was synced.
        if (position > syncedEndInHeader) {
            JuteOutput mark = new JuteOutput(8);
            mark.writeLong(position);
            current.write(LogCodec.SYNCED_END_AT, ByteBuffer.wrap(mark.array(), 0, mark.size()));
            syncedEndInHeader = position;
        }
    }

    /** Closes the current file; the next append starts a new one named by its first zxid. */
    public void roll() throws IOException {
        if (current != null) {
            try {
                sync();
            } finally {
                current.close();
                current = null;
                currentName = null;
            }
        }
    }

    /**
     * After a failed fsync the unsynced data may be lost although reads still show it, and a second fsync would
     * report success without writing it: nothing may be trusted to this log any more.
     */
    private void checkNotFailed() throws IOException {
        if (syncFailure != null) {
            throw new IOException(syncFailure.getMessage(), syncFailure.getCause());
        }
    }

    public int txnsInCurrentFile() {
        return current == null ? 0 : txnsInFile;
    }

    public long lastZxid() {
        return lastZxid;
    }

    /** Tells the log where recovery left off, so it refuses to go backwards. */
    public void setLastZxid(long zxid) {
        this.lastZxid = zxid;
    }

    public String currentFile() {
        return currentName;
    }

    @Override
    public void close() throws IOException {
        roll();
    }
}
