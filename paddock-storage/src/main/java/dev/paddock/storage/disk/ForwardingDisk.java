package dev.paddock.storage.disk;

import java.io.IOException;
import java.util.List;

/**
 * A {@link Disk} that passes every call to an inner one. Wrappers that slow, hook or break a few operations
 * (fault injection, tests) extend it and override only those, instead of re-implementing the whole interface.
 * To wrap the files too, override {@link #wrap(String, DiskFile)} (usually with a {@link ForwardingDiskFile}).
 */
public abstract class ForwardingDisk implements Disk {
    private final Disk delegate;

    protected ForwardingDisk(Disk delegate) {
        this.delegate = delegate;
    }

    /** The disk every call goes to. */
    protected Disk delegate() {
        return delegate;
    }

    /** What {@link #open} (and {@link #openForStreaming}) returns for a file the inner disk opened: the file itself unless overridden. */
    protected DiskFile wrap(String name, DiskFile file) {
        return file;
    }

    @Override
    public List<String> list() throws IOException {
        return delegate.list();
    }

    @Override
    public boolean exists(String name) throws IOException {
        return delegate.exists(name);
    }

    @Override
    public DiskFile open(String name, boolean create) throws IOException {
        return wrap(name, delegate.open(name, create));
    }

    @Override
    public DiskFile openForStreaming(String name) throws IOException {
        return wrap(name, delegate.openForStreaming(name));
    }

    @Override
    public void rename(String from, String to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void delete(String name) throws IOException {
        delegate.delete(name);
    }

    @Override
    public void syncDir() throws IOException {
        delegate.syncDir();
    }

    @Override
    public String describe(String name) {
        return delegate.describe(name);
    }
}
