package dev.paddock.clients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * Runs an external program (a client under test, a compiler, a package manager) to its end with a time limit, and
 * skips a test, with one line naming what is missing, when a program or package is not there.
 */
final class Tool {
    /** What a finished program left: its exit code and its stdout and stderr together. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Tool() {
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added to this JVM's environment, no input, and its output
     * to {@code log} (kept for inspection); kills it (and its children) after {@code limit}, which is a failure.
     */
    static Result run(List<String> command, Path dir, Map<String, String> env, Path log, Duration limit)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(p);
                throw new AssertionError(String.join(" ", command) + " did not finish within " + limit
                        + "; output:\n" + tail(log, 40));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            kill(p);
        }
    }

    /** Kills a process and everything it started (SIGTERM, then SIGKILL to what is left after 30 s). */
    static void kill(Process p) {
        List<ProcessHandle> all = new java.util.ArrayList<>();
        p.descendants().forEach(all::add);
        all.add(p.toHandle());
        all.forEach(ProcessHandle::destroy);
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Skips the test unless {@code path} exists; {@code what} names the missing thing and how to get it. */
    static void assumeFile(Path path, String what) {
        Assumptions.assumeTrue(Files.exists(path), () -> "skipped: " + what + " is missing (" + path + ")");
    }

    /** Skips the test unless {@code command} runs and exits 0; {@code what} names the missing thing. */
    static void assumeRuns(String what, String... command) {
        boolean ok;
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            kill(p);
        } catch (IOException e) {
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        boolean found = ok;
        Assumptions.assumeTrue(found, () -> "skipped: " + what + " is missing (" + String.join(" ", command)
                + " failed)");
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no output)";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
