package dev.paddock.faults.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The record of live sandboxes on this machine: one {@code <name>.owner} file per sandbox under
 * {@code /run/paddock-faults} (or {@code -Dpaddock.faults.stateDir}) holding the owner's pid and start time and
 * every tmpfs mount it made. A sandbox whose owner is gone (a killed build) is found and removed from these files.
 * Claims and sweeps run under a file lock, so two JVMs never take the same index.
 */
final class StateDir {
    static final Path DIR = Path.of(System.getProperty("paddock.faults.stateDir", "/run/paddock-faults"));

    private StateDir() {
    }

    /** Runs {@code action} holding the machine-wide lock (and this JVM's monitor, as FileLock is per process). */
    static synchronized <T> T locked(Supplier<T> action) {
        try {
            Files.createDirectories(DIR);
            try (FileChannel ch = FileChannel.open(DIR.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                return action.get();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + DIR, e);
        }
    }

    static Path ownerFile(String name) {
        return DIR.resolve(name + ".owner");
    }

    /** Writes a fresh owner file for {@code name}, owned by this JVM. */
    static void claim(String name) {
        ProcessHandle me = ProcessHandle.current();
        String text = "pid=" + me.pid() + "\nstart=" + startOf(me) + "\n";
        write(ownerFile(name), text, StandardOpenOption.CREATE_NEW);
    }

    static void addMount(String name, Path dir) {
        write(ownerFile(name), "mount=" + dir + "\n", StandardOpenOption.APPEND);
    }

    static void removeMount(String name, Path dir) {
        Path f = ownerFile(name);
        try {
            if (Files.exists(f)) {
                List<String> kept = new ArrayList<>(Files.readAllLines(f));
                kept.remove("mount=" + dir);
                Files.write(f, kept);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + f, e);
        }
    }

    /** The mounts the owner file lists, newest last. */
    static List<Path> mounts(String name) {
        List<Path> out = new ArrayList<>();
        for (String line : lines(name)) {
            if (line.startsWith("mount=")) {
                out.add(Path.of(line.substring("mount=".length())));
            }
        }
        return out;
    }

    /** Names of every sandbox with an owner file. */
    static List<String> names() {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(DIR)) {
            return out;
        }
        try (var s = Files.list(DIR)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".owner"))
                    .forEach(n -> out.add(n.substring(0, n.length() - ".owner".length())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + DIR, e);
        }
        return out;
    }

    /** True while the process that wrote the owner file (same pid and start time) still runs. */
    static boolean ownerAlive(String name) {
        long pid = -1;
        String start = "";
        for (String line : lines(name)) {
            if (line.startsWith("pid=")) {
                pid = Long.parseLong(line.substring(4).trim());
            } else if (line.startsWith("start=")) {
                start = line.substring(6).trim();
            }
        }
        if (pid < 0) {
            return false;
        }
        String expected = start;
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(h -> startOf(h).equals(expected))
                .orElse(false);
    }

    /** Replaces the owner pid (tests simulate an owner that died). */
    static void rewriteOwner(String name, long pid) {
        Path f = ownerFile(name);
        try {
            List<String> out = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("pid=")) {
                    out.add("pid=" + pid);
                } else if (!line.startsWith("start=")) {
                    out.add(line);
                }
            }
            out.add("start=" + ProcessHandle.of(pid).map(StateDir::startOf).orElse("gone"));
            Files.write(f, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + f, e);
        }
    }

    static void release(String name) {
        try {
            Files.deleteIfExists(ownerFile(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + ownerFile(name), e);
        }
    }

    private static String startOf(ProcessHandle h) {
        Optional<java.time.Instant> start = h.info().startInstant();
        return start.map(i -> Long.toString(i.toEpochMilli())).orElse("unknown");
    }

    private static List<String> lines(String name) {
        try {
            Path f = ownerFile(name);
            return Files.exists(f) ? Files.readAllLines(f) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read owner file of " + name, e);
        }
    }

    private static void write(Path f, String text, StandardOpenOption mode) {
        try {
            Files.writeString(f, text, StandardCharsets.UTF_8, mode, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
