package dev.paddock.storage;

import dev.paddock.storage.disk.Disk;
import dev.paddock.storage.disk.DiskFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zab's two durable epochs, kept as ZooKeeper's QuorumPeer keeps them: files {@code acceptedEpoch} (the newest
 * epoch this server agreed to follow, written on NEWEPOCH/LEADERINFO) and {@code currentEpoch} (the epoch whose
 * history this server holds, written on NEWLEADER), each holding the number in decimal text, in the snapshot
 * directory.
 *
 * <p>A value is written to {@code <name>.tmp}, synced, renamed over {@code <name>}, and the directory synced; only
 * then does the in-memory value change (ZOOKEEPER-2307), so a crash at any point leaves the old value or the new
 * one, never a torn file. A leftover {@code .tmp} is harmless: the next write replaces it.
 */
public final class EpochFiles {
    private static final Logger LOG = LoggerFactory.getLogger(EpochFiles.class);
    public static final String CURRENT_EPOCH = "currentEpoch";
    public static final String ACCEPTED_EPOCH = "acceptedEpoch";
    public static final String TMP_SUFFIX = ".tmp";
    private static final int MAX_BYTES = 64;

    private final Disk disk;
    private long currentEpoch = -1;
    private long acceptedEpoch = -1;

    public EpochFiles(Disk disk) {
        this.disk = disk;
    }

    /**
     * Reads both epochs at start-up, after recovery, as ZooKeeper's {@code QuorumPeer.loadDataBase} does: a
     * missing file is created holding the epoch of {@code lastZxid} (a data directory from before epochs were
     * kept); if {@code currentEpoch} is older than that epoch but a {@code currentEpoch.tmp} survives (a crash
     * between writing it and the rename, ZOOKEEPER-4269) its value is adopted; a current epoch older than the
     * last zxid's, or an accepted epoch below the current one, stops start-up.
     */
    public void load(long lastZxid) throws IOException {
        long zxidEpoch = lastZxid < 0 ? 0 : lastZxid >>> 32;
        OptionalLong current = read(CURRENT_EPOCH);
        if (current.isEmpty()) {
            LOG.info("{} not found; creating it with the epoch of the last zxid 0x{}: {}",
                    disk.describe(CURRENT_EPOCH), Long.toHexString(lastZxid), zxidEpoch);
            write(CURRENT_EPOCH, zxidEpoch);
            current = OptionalLong.of(zxidEpoch);
        }
        currentEpoch = current.getAsLong();
        if (zxidEpoch > currentEpoch) {
            // A learner makes its synced history durable before it writes currentEpoch (ZOOKEEPER-3911 and
            // friends), so a crash in between leaves txns of an epoch above the file's. ZooKeeper refuses to start
            // then; the log can only be a prefix of that epoch's leader's history, so its epoch is the right one.
            OptionalLong tmp = read(CURRENT_EPOCH + TMP_SUFFIX);
            long adopted = tmp.isPresent() && tmp.getAsLong() >= zxidEpoch ? tmp.getAsLong() : zxidEpoch;
            LOG.warn("{} says {} but the log holds zxid 0x{} of epoch {}: taking {} (a crash came between logging "
                    + "the synced history and writing the epoch)", disk.describe(CURRENT_EPOCH), currentEpoch,
                    Long.toHexString(lastZxid), zxidEpoch, adopted);
            setCurrentEpoch(adopted);
        }
        OptionalLong accepted = read(ACCEPTED_EPOCH);
        if (accepted.isEmpty()) {
            LOG.info("{} not found; creating it with the epoch of the last zxid 0x{}: {}",
                    disk.describe(ACCEPTED_EPOCH), Long.toHexString(lastZxid), zxidEpoch);
            write(ACCEPTED_EPOCH, zxidEpoch);
            accepted = OptionalLong.of(zxidEpoch);
        }
        acceptedEpoch = accepted.getAsLong();
        if (acceptedEpoch < currentEpoch) {
            if (acceptedEpoch < zxidEpoch && currentEpoch == zxidEpoch) {
                // the same crash window as above, one step earlier: the epoch was accepted in memory only
                LOG.warn("{} says {} below the log's epoch {}: taking {}", disk.describe(ACCEPTED_EPOCH),
                        acceptedEpoch, zxidEpoch, zxidEpoch);
                setAcceptedEpoch(zxidEpoch);
                return;
            }
            throw new StorageException("the accepted epoch " + acceptedEpoch + " in " + disk.describe(ACCEPTED_EPOCH)
                    + " is less than the current epoch " + currentEpoch + " in " + disk.describe(CURRENT_EPOCH));
        }
    }

    /** The current epoch; {@link #load} must have run. */
    public long currentEpoch() {
        requireLoaded(currentEpoch, CURRENT_EPOCH);
        return currentEpoch;
    }

    /** The accepted epoch; {@link #load} must have run. */
    public long acceptedEpoch() {
        requireLoaded(acceptedEpoch, ACCEPTED_EPOCH);
        return acceptedEpoch;
    }

    /** Durably records the current epoch, then remembers it; on failure the old value stays in effect. */
    public void setCurrentEpoch(long epoch) throws IOException {
        write(CURRENT_EPOCH, epoch);
        currentEpoch = epoch;
    }

    /** Durably records the accepted epoch, then remembers it; on failure the old value stays in effect. */
    public void setAcceptedEpoch(long epoch) throws IOException {
        write(ACCEPTED_EPOCH, epoch);
        acceptedEpoch = epoch;
    }

    private void requireLoaded(long value, String name) {
        if (value < 0) {
            throw new IllegalStateException(name + " has not been loaded");
        }
    }

    /** The value in {@code name}; empty if there is no such file. Garbage raises an error naming the file. */
    public OptionalLong read(String name) throws IOException {
        if (!disk.exists(name)) {
            return OptionalLong.empty();
        }
        byte[] b;
        try (DiskFile f = disk.open(name, false)) {
            long size = f.size();
            if (size > MAX_BYTES) {
                throw new StorageException(disk.describe(name) + " should hold one number but is " + size + " bytes long");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining() && f.read(buf.position(), buf) > 0) {
                // keep reading until the file is in
            }
            b = java.util.Arrays.copyOf(buf.array(), buf.position());
        } catch (java.nio.file.NoSuchFileException e) {
            return OptionalLong.empty();
        }
        String text = new String(b, StandardCharsets.ISO_8859_1).strip();
        try {
            long v = Long.parseLong(text);
            if (v < 0) {
                throw new NumberFormatException("negative");
            }
            return OptionalLong.of(v);
        } catch (NumberFormatException e) {
            throw new StorageException("found \"" + printable(text) + "\" in " + disk.describe(name)
                    + ", which should hold an epoch (a non-negative decimal number)");
        }
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
            if (out.length() > 40) {
                return out + "...";
            }
        }
        return out.toString();
    }

    /** tmp + sync + rename + directory sync. ZooKeeper writes the number without a newline; so does this. */
    private void write(String name, long value) throws IOException {
        String tmp = name + TMP_SUFFIX;
        byte[] bytes = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
        try (DiskFile f = disk.open(tmp, true)) {
            f.truncate(0);
            f.write(0, ByteBuffer.wrap(bytes));
            f.sync();
        }
        disk.rename(tmp, name);
        disk.syncDir();
    }
}
