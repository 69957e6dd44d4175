package dev.paddock.storage.disk;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link DiskFile} that passes every call to an inner one; the file-level half of {@link ForwardingDisk}.
 * Subclasses override only the operations they slow, hook or break.
 */
public abstract class ForwardingDiskFile implements DiskFile {
    private final DiskFile delegate;

    protected ForwardingDiskFile(DiskFile delegate) {
        this.delegate = delegate;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public void write(long position, ByteBuffer src) throws IOException {
        delegate.write(position, src);
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        return delegate.read(position, dst);
    }

    @Override
    public void truncate(long size) throws IOException {
        delegate.truncate(size);
    }

    @Override
    public void sync() throws IOException {
        delegate.sync();
    }

    @Override
    public int alignment() {
        return delegate.alignment();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
