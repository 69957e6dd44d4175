package dev.paddock.server.faults;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Test-only fault injection, driven by a control file an operator or a fault harness edits while the server runs.
 * Off unless the system property {@value #PROPERTY} names a file; when it is off the wiring holds {@code null}
 * and every hook is a single null check.
 *
 * <p>The file is Java properties with the keys of {@link FaultSettings}. It is looked at no more often than every
 * {@value #CHECK_INTERVAL_MS} ms, and read again only when its modification time or size changed. A missing or
 * blank file means no faults. The clock, the sleeper and the jitter source are injectable so tests need no timing.
 *
 * <p>One instance per server: in-process ensembles pass each server its own; {@link #fromSystemProperty} is what a
 * real server uses. Thread-safe.
 */
public final class FaultControl {
    /** The system property naming the control file. */
    public static final String PROPERTY = "paddock.faults.control";
    public static final long CHECK_INTERVAL_MS = 50;

    /** Waits; the real one is {@link Thread#sleep(long)}. */
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FaultControl.class);
    private static final long CHECK_INTERVAL_NANOS = CHECK_INTERVAL_MS * 1_000_000L;

    /** What was last seen of the file: null fields when it was missing. */
    private record Stamp(Object modified, long size) {
        static final Stamp MISSING = new Stamp(null, -1);
    }

    private final Path file;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private final LongUnaryOperator random;
    private final Object lock = new Object();
    private volatile FaultSettings settings = FaultSettings.NONE;
    private volatile long nextCheckNanos;
    private Stamp seen = Stamp.MISSING;

    /** The control of a real server: null (hooks off) unless {@value #PROPERTY} is set, else one WARN line. */
    public static FaultControl fromSystemProperty() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        Path file = Path.of(value.trim()).toAbsolutePath();
        LOG.warn("fault injection hooks active, control file {} (testing only: {})", file, PROPERTY);
        return new FaultControl(file);
    }

    public FaultControl(Path file) {
        this(file, System::nanoTime, Thread::sleep, bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    /**
     * @param nanoClock a monotonic clock in nanoseconds (System::nanoTime)
     * @param sleeper   how hooks wait
     * @param random    given a bound n > 0, a number in [0, n): the jitter draw
     */
    public FaultControl(Path file, LongSupplier nanoClock, Sleeper sleeper, LongUnaryOperator random) {
        this.file = file;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.random = random;
        this.nextCheckNanos = nanoClock.getAsLong();
        settings();
    }

    public Path file() {
        return file;
    }

    /** The faults in force now, re-reading the file if it is due for a look and has changed. */
    public FaultSettings settings() {
        long now = nanoClock.getAsLong();
        if (now - nextCheckNanos >= 0) {
            synchronized (lock) {
                if (now - nextCheckNanos >= 0) {
                    nextCheckNanos = now + CHECK_INTERVAL_NANOS;
                    refresh();
                }
            }
        }
        return settings;
    }

    public long nanoTime() {
        return nanoClock.getAsLong();
    }

    public void sleep(long millis) throws InterruptedException {
        sleeper.sleep(millis);
    }

    /** A uniform draw from [0, bound), 0 when bound is 0. */
    public long draw(long bound) {
        return bound <= 0 ? 0 : random.applyAsLong(bound);
    }

    private void refresh() {
        Stamp now;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            now = new Stamp(a.lastModifiedTime(), a.size());
        } catch (NoSuchFileException e) {
            now = Stamp.MISSING;
        } catch (IOException e) {
            LOG.warn("fault control file {} unreadable, keeping {}: {}", file, settings, e.toString());
            return;
        }
        if (now.equals(seen)) {
            return;
        }
        FaultSettings next = FaultSettings.NONE;
        if (now != Stamp.MISSING) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (NoSuchFileException e) {
                now = Stamp.MISSING;
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("fault control file {} unreadable, keeping {}: {}", file, settings, e.toString());
                return;
            }
            next = FaultSettings.parse(p, w -> LOG.warn("fault control file {}: {}", file, w));
        }
        seen = now;
        if (!next.equals(settings)) {
            LOG.info("fault injection now {} (control file {})", next, file);
            settings = next;
        }
    }
}
