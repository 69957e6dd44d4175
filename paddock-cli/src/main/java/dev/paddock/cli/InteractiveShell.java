package dev.paddock.cli;

import dev.paddock.client.ClientState;
import dev.paddock.client.PaddockClient;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.history.DefaultHistory;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** The interactive prompt: JLine line editing, persistent history, completion of commands and znode paths. */
final class InteractiveShell {
    private final PaddockCli cli;

    InteractiveShell(PaddockCli cli) {
        this.cli = cli;
    }

    void run() throws IOException, InterruptedException {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            run(terminal, Paths.get(System.getProperty("user.home"), ".paddock_cli_history"));
        }
    }

    /** Runs the prompt on {@code terminal} until end of input or {@code quit}. */
    void run(Terminal terminal, Path historyFile) throws IOException, InterruptedException {
        {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("paddock-cli")
                    .completer(new ZNodeCompleter(cli))
                    .history(new DefaultHistory())
                    .variable(LineReader.HISTORY_FILE, historyFile)
                    .option(LineReader.Option.AUTO_FRESH_LINE, true)
                    .build();
            cli.setEventPrinter(text -> {
                if (reader.isReading()) {
                    reader.printAbove(text);
                } else {
                    terminal.writer().println(text);
                    terminal.writer().flush();
                }
            });
            while (!cli.quitRequested()) {
                String line;
                try {
                    line = reader.readLine(cli.prompt());
                } catch (UserInterruptException | EndOfFileException e) {
                    // Ctrl-C ends the shell as it does zkCli; Ctrl-D (end of input) too.
                    break;
                }
                cli.executeLine(line.trim().isEmpty() ? "" : line);
            }
            reader.getHistory().save();
            cli.setEventPrinter(text -> cli.out().println(text));
        }
    }

    /** Completes the first word as a command and any word starting with '/' as a znode path. */
    static final class ZNodeCompleter implements Completer {
        private final PaddockCli cli;

        ZNodeCompleter(PaddockCli cli) {
            this.cli = cli;
        }

        @Override
        public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
            String word = line.word().substring(0, Math.min(line.wordCursor(), line.word().length()));
            if (line.wordIndex() == 0) {
                for (String c : PaddockCli.commandNames()) {
                    if (c.startsWith(word)) {
                        candidates.add(new Candidate(c));
                    }
                }
                return;
            }
            if (!word.startsWith("/")) {
                return;
            }
            PaddockClient zk = cli.client();
            if (zk == null || zk.getState() != ClientState.CONNECTED
                    && zk.getState() != ClientState.CONNECTED_READ_ONLY) {
                return;
            }
            int slash = word.lastIndexOf('/');
            String dir = word.substring(0, slash + 1);
            String parent = dir.length() > 1 ? dir.substring(0, dir.length() - 1) : "/";
            String prefix = word.substring(slash + 1);
            try {
                List<String> children = zk.getChildrenAsync(parent, false).get(2, TimeUnit.SECONDS);
                for (String child : children) {
                    if (child.startsWith(prefix)) {
                        String full = dir + child;
                        candidates.add(new Candidate(full, full, null, null, null, null, false));
                    }
                }
            } catch (Exception e) {
                // no completion when the parent is missing or the server is slow
            }
        }
    }
}
