package dev.paddock.faults.net;

import java.util.List;

/** A system command (ip, iptables, mount) that failed: carries the command line, exit code and stderr. */
public final class CommandException extends RuntimeException {
    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    public CommandException(List<String> command, int exitCode, String stderr) {
        super("`" + String.join(" ", command) + "` exited with " + exitCode
                + (stderr.isBlank() ? "" : ": " + stderr.strip()));
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    public List<String> command() {
        return command;
    }

    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
