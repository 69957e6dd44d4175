package dev.paddock.storage.disk;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real directory. {@code sync} is fdatasync (FileChannel.force(false)) unless the operator turned syncing off
 * (forceSync=no), in which case nothing is forced and a power loss may lose acknowledged writes.
 */
public final class RealDisk implements Disk {
    private final Path dir;
    private static final Logger LOG = LoggerFactory.getLogger(RealDisk.class);
    /** The largest block size a file opened with O_DIRECT is aligned to; a file system with larger blocks is not. */
    private static final int MAX_DIRECT_BLOCK = 64 << 10;
    private final boolean forceSync;
    /** Whether opening a file with O_DIRECT failed here once (said once in the log, then tried again silently). */
    private volatile boolean directRefused;

    public RealDisk(Path dir, boolean forceSync) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.forceSync = forceSync;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public List<String> list() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (Files.isRegularFile(p)) {
                    out.add(p.getFileName().toString());
                }
            }
        }
        Collections.sort(out);
        return out;
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(dir.resolve(name));
    }

    @Override
    public DiskFile open(String name, boolean create) throws IOException {
        FileChannel ch = create
                ? FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)
                : FileChannel.open(dir.resolve(name), StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new ChannelFile(ch, 1);
    }

    /**
     * Opens the file with O_DIRECT where the file system supports it (aligned to its block size); elsewhere (tmpfs,
     * say) as an ordinary file.
     */
    @Override
    public DiskFile openForStreaming(String name) throws IOException {
        Path path = dir.resolve(name);
        int block;
        FileChannel ch;
        try {
            block = Math.toIntExact(Files.getFileStore(dir).getBlockSize());
            if (Integer.bitCount(block) != 1 || block > MAX_DIRECT_BLOCK) {
                throw new IOException("block size " + block + " is not a power of two up to " + MAX_DIRECT_BLOCK);
            }
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException | ArithmeticException e) {
            if (!directRefused) {
                directRefused = true;
                LOG.info("Direct I/O not used in {} ({}); snapshots go through the OS's cache", dir,
                        e.toString());
            }
            return Disk.super.openForStreaming(name);
        }
        return new ChannelFile(ch, block);
    }

    private final class ChannelFile implements DiskFile {
        private final FileChannel ch;
        private final int alignment;

        ChannelFile(FileChannel ch, int alignment) {
            this.ch = ch;
            this.alignment = alignment;
        }

        @Override
        public long size() throws IOException {
            return ch.size();
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            long p = position;
            while (src.hasRemaining()) {
                p += ch.write(src, p);
            }
        }

        @Override
        public int read(long position, ByteBuffer dst) throws IOException {
            return ch.read(dst, position);
        }

        @Override
        public void truncate(long size) throws IOException {
            ch.truncate(size);
        }

        @Override
        public void sync() throws IOException {
            if (forceSync) {
                ch.force(false);
            }
        }

        @Override
        public int alignment() {
            return alignment;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Files.move(dir.resolve(from), dir.resolve(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(dir.resolve(name));
    }

    @Override
    public void syncDir() throws IOException {
        if (!forceSync) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems refuse to open a directory for syncing; nothing more can be done there.
            if (!e.getMessage().contains("Is a directory")) {
                throw e;
            }
        }
    }

    @Override
    public String describe(String name) {
        return dir.resolve(name).toString();
    }
}
