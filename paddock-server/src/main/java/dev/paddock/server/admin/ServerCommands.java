package dev.paddock.server.admin;

import static dev.paddock.server.admin.AdminCommand.anytime;
import static dev.paddock.server.admin.AdminCommand.get;

import dev.paddock.core.CoreFigures;
import dev.paddock.server.fourlw.DumpFigures;
import dev.paddock.server.fourlw.FourLetterWordCommands;
import dev.paddock.server.fourlw.ServerFigures;
import dev.paddock.server.fourlw.WatchFigures;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.metrics.Monitor;
import dev.paddock.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin commands that report on one server (the ones with a four-letter word, and a few more). */
final class ServerCommands {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCommands.class);

    private final ServerFigures figures;
    private final String initialConfig;

    ServerCommands(ServerFigures figures) {
        this.figures = figures;
        this.initialConfig = readConfigFile(figures.view().config().configFile());
    }

    /** ZooKeeper's initial_configuration is the text of the config file the server started from. */
    private static String readConfigFile(Path file) {
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            LOG.warn("Cannot read {} for initial_configuration: {}", file, e.toString());
            return null;
        }
    }

    List<AdminCommand> commands() {
        return List.of(
                get((n, c) -> {
                    figures.resetConnectionStats();
                    return AdminAnswer.of(n).done();
                }, "connection_stat_reset", "crst"),
                get((n, c) -> AdminAnswer.of(n).putAll(figures.conf().json()).done(),
                        "configuration", "conf", "config"),
                get((n, c) -> AdminAnswer.of(n)
                        .put("connections", figures.connections().stream().map(i -> i.json(false)).toList())
                        .put("secure_connections", List.of()).done(), "connections", "cons"),
                get((n, c) -> AdminAnswer.of(n).put("digests", List.of()).done(), "hash"),
                get((n, c) -> AdminAnswer.of(n).putAll(figures.conf().dirsJson()).done(), "dirs"),
                get((n, c) -> onCore(n, q -> DumpFigures.of(q.sessions()).json()), "dump"),
                anytime((n, c) -> AdminAnswer.of(n).putAll(ServerFigures.environment()).done(),
                        "environment", "env", "envi"),
                anytime((n, c) -> AdminAnswer.of(n).put("tracemask", figures.traceMask()).done(),
                        "get_trace_mask", "gtmk"),
                get((n, c) -> AdminAnswer.of(n).put("initial_configuration", initialConfig).done(),
                        "initial_configuration", "icfg"),
                get((n, c) -> AdminAnswer.of(n).put("read_only", figures.readOnly()).done(), "is_read_only", "isro"),
                get(this::lastSnapshot, "last_snapshot", "lsnp"),
                anytime(this::monitor, "monitor", "mntr"),
                get((n, c) -> AdminAnswer.of(n).done(), "ruok"),
                anytime(this::setTraceMask, "set_trace_mask", "stmk"),
                get((n, c) -> onCore(n, q -> figures.stat(q, false).json()), "server_stats", "srvr"),
                get((n, c) -> onCore(n, q -> figures.stat(q, true).json()), "stats", "stat"),
                get((n, c) -> {
                    figures.resetServerStats();
                    return AdminAnswer.of(n).done();
                }, "stat_reset", "srst"),
                anytime((n, c) -> AdminAnswer.of(n).putAll(systemProperties()).done(),
                        "system_properties", "sysp"),
                get((n, c) -> onCore(n, q -> WatchFigures.of(q).bySessionJson()), "watches", "wchc"),
                get((n, c) -> onCore(n, q -> WatchFigures.of(q).byPathJson()), "watches_by_path", "wchp"),
                get((n, c) -> onCore(n, q -> WatchFigures.of(q).summaryJson()), "watch_summary", "wchs"));
    }

    /** Runs {@code body} on the core thread (one consistent picture); a core that does not answer: not serving. */
    private CompletableFuture<AdminAnswer> onCore(String name, Function<CoreFigures, Map<String, Object>> body) {
        return figures.view().core().query(body)
                .thenApply(m -> m == null ? notServing(name) : AdminAnswer.of(name).putAll(m))
                .exceptionally(t -> {
                    LOG.warn("Admin command {} could not reach the core: {}", name, t.toString());
                    return notServing(name);
                });
    }

    static AdminAnswer notServing(String name) {
        return AdminAnswer.error(name, FourLetterWordCommands.NOT_SERVING, 200);
    }

    private CompletableFuture<AdminAnswer> monitor(String name, HttpCall call) {
        if (!figures.running()) {
            return notServing(name).done();
        }
        return onCore(name, q -> Monitor.values(figures.view(), q));
    }

    private CompletableFuture<AdminAnswer> setTraceMask(String name, HttpCall call) {
        String arg = call.param("traceMask");
        if (arg == null) {
            return AdminAnswer.of(name).put("error", "setTraceMask requires long traceMask argument").done();
        }
        long mask;
        try {
            mask = Long.parseLong(arg);
        } catch (NumberFormatException e) {
            return AdminAnswer.of(name).put("error", "setTraceMask requires long traceMask argument, got " + arg)
                    .done();
        }
        figures.setTraceMask(mask);
        LOG.info("Set text trace mask to 0x{}", Long.toHexString(mask));
        return AdminAnswer.of(name).put("tracemask", mask).done();
    }

    private static Map<String, Object> systemProperties() {
        Map<String, Object> sorted = new TreeMap<>();
        System.getProperties().forEach((k, v) -> sorted.put(k.toString(), v.toString()));
        return sorted;
    }

    /**
     * The newest snapshot Paddock has written: its zxid in hex (no 0x, as ZooKeeper writes it) and its time in
     * seconds; "ffffffffffffffff" and -1 when there is none.
     */
    private CompletableFuture<AdminAnswer> lastSnapshot(String name, HttpCall call) {
        long zxid = -1;
        long seconds = -1;
        Path dir = figures.view().config().dataDir().resolve(Storage.SUBDIR);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String f = p.getFileName().toString();
                if (f.matches("snapshot\\.[0-9a-f]{16}")) {
                    long z = Long.parseUnsignedLong(f.substring("snapshot.".length()), 16);
                    if (zxid == -1 || Long.compareUnsigned(z, zxid) > 0) {
                        zxid = z;
                        seconds = Files.getLastModifiedTime(p).toMillis() / 1000;
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("No snapshot directory {}: {}", dir, e.toString());
        }
        return AdminAnswer.of(name).put("zxid", Long.toHexString(zxid)).put("timestamp", seconds).done();
    }
}
