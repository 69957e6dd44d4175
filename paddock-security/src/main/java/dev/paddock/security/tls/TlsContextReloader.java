package dev.paddock.security.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link TlsContext} current: a daemon thread polls the key and trust store files (modification time and
 * size) and, when one changed, builds a new context from the same settings. New connections get the new context;
 * open ones keep theirs. A store that cannot be read after a change leaves the old context in place, with one
 * WARN line. This is what ZooKeeper's {@code client.certReload} / {@code sslQuorumReloadCertFiles} do.
 */
public final class TlsContextReloader implements Supplier<TlsContext>, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContextReloader.class);
    public static final long DEFAULT_POLL_MS = 1000;

    private final TlsSettings settings;
    private final Function<TlsSettings, TlsContext> builder;
    private final AtomicReference<TlsContext> current = new AtomicReference<>();
    private final ScheduledExecutorService poller;
    private volatile List<String> stamps;
    private final java.util.concurrent.atomic.AtomicLong checks = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param builder e.g. {@code TlsContext::forServer}; called once now (errors propagate) and on every change
     * @param pollMs  how often the files are looked at
     */
    public TlsContextReloader(TlsSettings settings, Function<TlsSettings, TlsContext> builder, long pollMs) {
        this.settings = settings;
        this.builder = builder;
        this.stamps = stamps();
        current.set(builder.apply(settings));
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "paddock-tls-reload");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::check, pollMs, pollMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public TlsContext get() {
        return current.get();
    }

    /** How many times the files have been looked at (tests wait on it). */
    public long checks() {
        return checks.get();
    }

    private void check() {
        try {
            reloadIfChanged();
        } finally {
            checks.incrementAndGet();
        }
    }

    private void reloadIfChanged() {
        List<String> now = stamps();
        if (Objects.equals(now, stamps)) {
            return;
        }
        stamps = now;
        try {
            current.set(builder.apply(settings));
            LOG.info("TLS key/trust store changed ({}, {}): new connections use the reloaded certificates",
                    settings.keyStoreLocation(), settings.trustStoreLocation());
        } catch (RuntimeException e) {
            LOG.warn("TLS key/trust store changed but cannot be used; keeping the previous ones: {}",
                    e.getMessage());
        }
    }

    private List<String> stamps() {
        List<String> out = new ArrayList<>();
        for (String location : new String[] {settings.keyStoreLocation(), settings.trustStoreLocation()}) {
            if (location == null) {
                continue;
            }
            try {
                BasicFileAttributes a = Files.readAttributes(Path.of(location), BasicFileAttributes.class);
                out.add(location + "@" + a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey());
            } catch (IOException | RuntimeException e) {
                out.add(location + "@missing");
            }
        }
        return out;
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
