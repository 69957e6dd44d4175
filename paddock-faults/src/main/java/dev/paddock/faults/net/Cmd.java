package dev.paddock.faults.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs short system commands (ip, iptables, mount, kill) to completion. A failure is a {@link CommandException}
 * naming the command and its stderr, so a broken sandbox says which step broke and why.
 */
public final class Cmd {
    private static final long TIMEOUT_SECONDS = 60;

    private Cmd() {
    }

    /** Runs {@code command}; returns its stdout; throws if it exits non-zero. */
    public static String run(String... command) {
        return run(List.of(command));
    }

    public static String run(List<String> command) {
        Result r = exec(command);
        if (r.exitCode() != 0) {
            throw new CommandException(command, r.exitCode(), r.stderr());
        }
        return r.stdout();
    }

    /** Runs {@code command} and returns whatever happened, failing only if it cannot be started or hangs. */
    public static Result exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(
                    new java.io.File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CommandException(command, -1, "no exit within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run `" + String.join(" ", command) + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** A finished command: exit code, stdout, stderr. */
    public record Result(int exitCode, String stdout, String stderr) {
    }
}
