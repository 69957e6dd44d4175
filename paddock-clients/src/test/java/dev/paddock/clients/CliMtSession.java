package dev.paddock.clients;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;

/**
 * Drives the C client's shell {@code cli_mt} through a script, one command at a time. cli_mt runs most commands
 * asynchronously and prints their completions (an {@code rc = } line, then the result) from its completion thread,
 * while it prints some lines from the thread that reads commands; sent all at once, their output would interleave by
 * timing. Here each asynchronous command is sent only after the previous one's completion has been printed to its
 * last line (which line that is depends on the kind of completion: see {@link #END}), so the transcript depends on
 * the server's answers alone. Watch events come through the same completion thread, in the order the server sent
 * them relative to the replies.
 */
final class CliMtSession {
    static final Path CLI_MT = Path.of("/usr/lib/zookeeper/bin/cli_mt");
    /** Commands cli_mt answers through a completion (the rest are synchronous or print nothing). */
    private static final Pattern ASYNC = Pattern.compile("^a?(get|set|ls|ls2|create|create2|delete|sync) .*");
    private static final Pattern COMPLETION = Pattern.compile("rc = (-?\\d+)");
    /** The last line of a successful completion, by command: a stat's last line, ls's closing time, create's name. */
    private static final java.util.Map<String, Pattern> END = java.util.Map.of(
            "get", Pattern.compile("(ephemeralOwner = [0-9a-f]+|null)\n"),
            "set", Pattern.compile("(ephemeralOwner = [0-9a-f]+|null)\n"),
            "ls2", Pattern.compile("(ephemeralOwner = [0-9a-f]+|null)\n"),
            "ls", Pattern.compile("time = \\d+ msec\n"),
            "create", Pattern.compile("name = .*\n"),
            "sync", Pattern.compile("name = .*\n"));
    private static final Duration STEP = Duration.ofSeconds(15);

    private CliMtSession() {
    }

    /** Runs {@code script} (one command a line; blank lines and # comments skipped) and returns the transcript. */
    static String run(String connectString, List<String> script, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(CLI_MT.toString(), "-h", connectString).redirectErrorStream(true).start();
        OutputCollector out = new OutputCollector(p.getInputStream(), "cli_mt");
        try {
            try (OutputStream in = p.getOutputStream()) {
                Awaitility.await("cli_mt connects").atMost(STEP).pollInterval(Duration.ofMillis(10))
                        .until(() -> out.text().contains("Got a new session id"));
                for (String line : script) {
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    int before = count(out.text(), COMPLETION);
                    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                    in.flush();
                    Matcher async = ASYNC.matcher(line);
                    if (async.matches()) {
                        awaitCompletion(out, before + 1, async.group(1), line);
                    }
                }
                in.write("quit\n".getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(STEP.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("cli_mt did not quit; output:\n" + out.text());
            }
            out.join(STEP);
            return out.text();
        } finally {
            Tool.kill(p);
            Files.writeString(log, out.text());
        }
    }

    /** Waits for the n-th completion and, when it succeeded, for its last line. */
    private static void awaitCompletion(OutputCollector out, int n, String verb, String command) {
        Awaitility.await("cli_mt completes '" + command + "'").atMost(STEP).pollInterval(Duration.ofMillis(5))
                .until(() -> completionDone(out.text(), n, END.get(verb)));
    }

    private static boolean completionDone(String text, int n, Pattern end) {
        Matcher m = COMPLETION.matcher(text);
        for (int i = 0; i < n; i++) {
            if (!m.find()) {
                return false;
            }
        }
        boolean onlyOnSuccess = end == null || end.pattern().startsWith("name");
        if (end == null || (onlyOnSuccess && !m.group(1).equals("0"))) {
            return text.indexOf('\n', m.end()) >= 0;
        }
        return end.matcher(text).region(m.end(), text.length()).find();
    }

    private static int count(String text, Pattern p) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
