package dev.paddock.faults.nemesis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real wall-clock jump for one server process, through libfaketime (Debian package {@code faketime}). The
 * process is started with {@link #env()}: the library is preloaded and reads its offset from {@code controlFile},
 * which {@link #jump} and {@link #reset} rewrite while the process runs. Only the wall clock moves (as
 * {@code date -s} would move it): {@code System.currentTimeMillis()} jumps, {@code System.nanoTime()},
 * {@code Thread.sleep} and timed waits run on, and file timestamps are left alone.
 *
 * <p>Settings, checked with OpenJDK 17 and libfaketime 0.9.10 (ClockFaultTest):
 * <ul>
 *   <li>{@code FAKETIME_DONT_FAKE_MONOTONIC=1} is required: without it libfaketime fakes CLOCK_MONOTONIC too,
 *       and a JVM is known to hang (libfaketime's README); it is also what makes this a wall-clock-only jump.</li>
 *   <li>{@code FAKETIME_CACHE_DURATION=1}: the control file is re-read at most once a second, so a jump reaches
 *       the process within {@link #PICKUP}. {@code FAKETIME_NO_CACHE=1} would make it immediate, but then every
 *       clock read opens the file: measured at 80-120 µs a {@code currentTimeMillis()} call (4 threads, busy 2-core
 *       box), against 2-7 µs with the one-second cache and 0.3 µs without libfaketime.</li>
 *   <li>the pthread-safe build (libfaketimeMT) when present, since a JVM reads the clock from many threads.</li>
 *   <li>{@code NO_FAKE_STAT=1}: file times stay what the kernel recorded.</li>
 * </ul>
 * Works the same under {@code ip netns exec} (a namespace keeps the environment and shares the clocks).
 */
public final class ClockFault {
    /** The longest a running process may take to see a change of the control file. */
    public static final Duration PICKUP = Duration.ofSeconds(1);

    /** Where Debian and a source install put the library; the pthread-safe build first. */
    private static final List<String> LIBRARY_CANDIDATES = List.of(
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1",
            "/usr/local/lib/faketime/libfaketimeMT.so.1",
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/local/lib/faketime/libfaketime.so.1");

    private final Path controlFile;
    private final Path library;
    private volatile Duration offset = Duration.ZERO;

    /**
     * A fault driven through {@code controlFile}, which is created (or overwritten) with no offset now, so that a
     * process started with {@link #env()} begins on the true time.
     *
     * @throws IllegalStateException if libfaketime is not installed ({@code apt-get install -y faketime})
     */
    public ClockFault(Path controlFile) {
        this(controlFile, findLibrary().orElseThrow(() -> new IllegalStateException(
                "libfaketime not found in " + LIBRARY_CANDIDATES + "; install it: apt-get install -y faketime")));
    }

    /** As {@link #ClockFault(Path)}, with the library given. */
    public ClockFault(Path controlFile, Path library) {
        this.controlFile = controlFile.toAbsolutePath();
        this.library = library;
        write("+0");
    }

    /** The installed libfaketime, preferring its pthread-safe build; empty if it is not installed. */
    public static Optional<Path> findLibrary() {
        return LIBRARY_CANDIDATES.stream().map(Path::of).filter(Files::isReadable).findFirst();
    }

    /** The environment variables a server process must be started with (added to its own environment). */
    public Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LD_PRELOAD", library.toString());
        env.put("FAKETIME_TIMESTAMP_FILE", controlFile.toString());
        env.put("FAKETIME_CACHE_DURATION", Long.toString(PICKUP.toSeconds()));
        env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        env.put("NO_FAKE_STAT", "1");
        return env;
    }

    /**
     * Sets the process's wall clock to the true time plus {@code offset} (negative: behind). Offsets do not add
     * up: {@code jump(+1 h)} then {@code jump(-1 h)} leaves the clock an hour behind, a two-hour step back. The
     * offset is rounded to whole seconds (a fraction's delimiter would depend on the process's locale). The
     * process sees the new time within {@link #PICKUP}.
     *
     * @return the offset applied
     */
    public Duration jump(Duration offset) {
        long seconds = Math.round(offset.toMillis() / 1000.0);
        write((seconds >= 0 ? "+" : "") + seconds + "s");
        this.offset = Duration.ofSeconds(seconds);
        return this.offset;
    }

    /** Back to the true time (within {@link #PICKUP}). */
    public void reset() {
        write("+0");
        offset = Duration.ZERO;
    }

    /** The offset last set: what the process's wall clock is ahead of the true time (once picked up). */
    public Duration offset() {
        return offset;
    }

    public Path controlFile() {
        return controlFile;
    }

    public Path library() {
        return library;
    }

    /** Replaces the control file at once (write aside, rename): libfaketime never reads half a line. */
    private synchronized void write(String spec) {
        Path tmp = controlFile.resolveSibling(controlFile.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, spec + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, controlFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the clock offset " + spec + " to " + controlFile, e);
        }
    }

    @Override
    public String toString() {
        return "clock offset " + offset.toSeconds() + " s via " + controlFile;
    }
}
