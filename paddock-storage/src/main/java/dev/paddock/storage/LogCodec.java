package dev.paddock.storage;

import dev.paddock.core.LoggedTxn;
import dev.paddock.jute.JuteInput;
import dev.paddock.jute.JuteOutput;
import dev.paddock.jute.OpCode;
import dev.paddock.jute.TxnCodec;
import dev.paddock.jute.txn.TxnHeader;
import java.util.zip.CRC32C;

/**
 * Paddock's transaction log format (see docs/storage.md).
 *
 * <pre>
 * file   := header record* zero-fill
 * header := magic "PDLG" (int) | version (int) | synced end (long)        16 bytes
 * record := length (int, > 0) | crc32c of payload (int) | payload
 * payload:= TxnHeader (jute) | transaction body (jute, by the header's type)
 * </pre>
 * A length of 0 marks the end: files are pre-allocated with zeros, so the end of data is where zeros begin.
 * The synced end is an offset up to which the file was once fsynced (0: not known, in files older writers
 * left). A new file's header says the header itself is synced (it is, before any record is written); the writer
 * moves it on after each sync; recovery uses it to tell a crash's leftovers (past it) from damage to synced data
 * (before it).
 */
public final class LogCodec {
    public static final int MAGIC = 0x50444C47; // "PDLG"
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 16;
    public static final int RECORD_OVERHEAD = 8;
    /** Where the header holds the synced end. */
    public static final int SYNCED_END_AT = 8;
    public static final String PREFIX = "log.";

    private LogCodec() {
    }

    public static String fileName(long firstZxid) {
        return String.format("%s%016x", PREFIX, firstZxid);
    }

    /** The first zxid of a log file from its name, or -1 if the name is not a log file's. */
    public static long firstZxid(String name) {
        return parseHexSuffix(name, PREFIX);
    }

    static long parseHexSuffix(String name, String prefix) {
        if (!name.startsWith(prefix) || name.length() != prefix.length() + 16) {
            return -1;
        }
        try {
            return Long.parseUnsignedLong(name.substring(prefix.length()), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static void writeHeader(JuteOutput out) {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(HEADER_BYTES);
    }

    /** Appends one framed record to {@code out}. */
    public static void writeRecord(JuteOutput out, LoggedTxn txn) {
        int start = out.size();
        out.writeInt(0);
        out.writeInt(0);
        txn.header().write(out);
        txn.txn().write(out);
        int len = out.size() - start - RECORD_OVERHEAD;
        CRC32C crc = new CRC32C();
        crc.update(out.array(), start + RECORD_OVERHEAD, len);
        out.setInt(start, len);
        out.setInt(start + 4, (int) crc.getValue());
    }

    public static int crc(byte[] buf, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(buf, off, len);
        return (int) crc.getValue();
    }

    /** Decodes a record's payload. */
    public static LoggedTxn readPayload(byte[] buf, int off, int len) {
        JuteInput in = new JuteInput(buf, off, len);
        TxnHeader hdr = TxnHeader.read(in);
        LoggedTxn t = new LoggedTxn(hdr, TxnCodec.readTxn(OpCode.of(hdr.type()), in));
        if (in.remaining() != 0) {
            throw new dev.paddock.jute.JuteException(in.remaining() + " unexpected bytes after the record");
        }
        return t;
    }
}
