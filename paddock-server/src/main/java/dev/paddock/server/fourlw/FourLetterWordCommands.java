package dev.paddock.server.fourlw;

import dev.paddock.core.CoreFigures;
import dev.paddock.server.ServerView;
import dev.paddock.server.metrics.Monitor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers four-letter words with the same text ZooKeeper 3.9.3 prints, from the figures the admin server's
 * commands report too ({@link ServerFigures}). Words that need the core's data run a query on the core thread;
 * the answer is a future so no I/O thread waits.
 */
public final class FourLetterWordCommands {
    private static final Logger LOG = LoggerFactory.getLogger(FourLetterWordCommands.class);

    public static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";

    private final ServerView server;
    private final ServerFigures figures;

    public FourLetterWordCommands(ServerView server) {
        this.server = server;
        this.figures = new ServerFigures(server);
    }

    /** This server's figures, shared with its admin server. */
    public ServerFigures figures() {
        return figures;
    }

    /**
     * The reply to {@code word} from {@code from}. Completes with null when ZooKeeper would send nothing and
     * treat the bytes as a bad length instead (the telnet-close code when it is whitelisted).
     */
    public CompletableFuture<String> execute(FourLetterWord word, long argument, String from) {
        if (!server.config().isFourLetterWordEnabled(word)) {
            LOG.debug("Command {} is not executed because it is not in the whitelist.", word.word);
            return done(word.word + " is not executed because it is not in the whitelist.\n");
        }
        if (word == FourLetterWord.TELNET_CLOSE) {
            return done(null);
        }
        LOG.info("Processing {} command from {}", word.word, from);
        try {
            return run(word, argument);
        } catch (RuntimeException e) {
            LOG.warn("Four-letter word {} failed: {}", word.word, e.toString(), e);
            return done(NOT_SERVING + "\n");
        }
    }

    private CompletableFuture<String> run(FourLetterWord word, long argument) {
        return switch (word) {
            case RUOK -> done("imok");
            case GTMK -> done(Long.toString(figures.traceMask()));
            case STMK -> {
                figures.setTraceMask(argument);
                LOG.info("Set text trace mask to 0x{}", Long.toHexString(argument));
                yield done(Long.toString(argument));
            }
            case ISRO -> done(!figures.running() ? "null" : figures.readOnly() ? "ro" : "rw");
            case ENVI -> done(envi());
            case CONF -> withCore(figures::confText);
            case DIRS -> serving(() -> figures.conf().dirsText());
            case CONS -> serving(this::cons);
            case CRST -> serving(() -> {
                figures.resetConnectionStats();
                return "Connection stats reset.\n";
            });
            case SRST -> serving(() -> {
                figures.resetServerStats();
                return "Server stats reset.\n";
            });
            case SRVR -> withCore(q -> figures.stat(q, false).text());
            case STAT -> withCore(q -> figures.stat(q, true).text());
            case MNTR -> withCore(this::mntr);
            case DUMP -> withCore(q -> DumpFigures.of(q.sessions()).text());
            case WCHS -> withCore(q -> WatchFigures.of(q).summaryText());
            case WCHC -> withCore(q -> WatchFigures.of(q).bySessionText());
            case WCHP -> withCore(q -> WatchFigures.of(q).byPathText());
            case HASH -> figures.running() ? done("") : done(NOT_SERVING); // Paddock keeps no digest log
            case TELNET_CLOSE -> done(null);
        };
    }

    private static CompletableFuture<String> done(String s) {
        return CompletableFuture.completedFuture(s);
    }

    private CompletableFuture<String> serving(Supplier<String> body) {
        if (!figures.running()) {
            return done(NOT_SERVING + "\n");
        }
        return done(body.get());
    }

    /**
     * Runs {@code body} on the core thread. The connection list and counters are read there too, so one
     * answer is one consistent picture.
     */
    private CompletableFuture<String> withCore(Function<CoreFigures, String> body) {
        if (!figures.running()) {
            return done(NOT_SERVING + "\n");
        }
        return server.core().query(body).exceptionally(t -> {
            LOG.warn("Four-letter word could not reach the core: {}", t.toString());
            return NOT_SERVING + "\n";
        });
    }

    private String cons() {
        StringBuilder sb = new StringBuilder();
        for (ConnectionInfo c : figures.connections()) {
            sb.append(c.text(false)).append('\n');
        }
        return sb.append('\n').toString();
    }

    private static String envi() {
        StringBuilder sb = new StringBuilder("Environment:\n");
        for (Map.Entry<String, String> e : ServerFigures.environment().entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }

    private String mntr(CoreFigures q) {
        Map<String, Object> values = Monitor.values(server, q);
        if (values == null) {
            return NOT_SERVING + "\n";
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            sb.append("zk_").append(e.getKey()).append('\t').append(Monitor.text(e.getValue())).append('\n');
        }
        return sb.toString();
    }
}
