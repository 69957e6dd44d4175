package dev.paddock.server.admin;

import dev.paddock.jute.data.Id;
import dev.paddock.server.net.X509Ids;
import dev.paddock.server.ServerView;
import dev.paddock.server.fourlw.ServerFigures;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.http.HttpRoute;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ZooKeeper 3.9's AdminServer commands under {@code admin.commandURL}: {@code GET <url>} lists them as links,
 * {@code GET <url>/<name>} (POST for restore) runs one. The checks run in ZooKeeper's order with its answers: an
 * unknown command and a server that does not serve are 200 with an error; a command that needs credentials
 * without an Authorization header is 401, with credentials no provider accepts 401, without the permission 403.
 */
public final class AdminCommands implements HttpRoute {
    private static final Logger LOG = LoggerFactory.getLogger(AdminCommands.class);
    private static final long AUTH_TIMEOUT_MS = 10_000;

    private final ServerView view;
    private final ServerFigures figures;
    private final String prefix;
    private final Map<String, AdminCommand> byName = new HashMap<>();
    private final List<String> primaryNames;

    private AdminCommands(ServerFigures figures, Restorer restorer) {
        this.figures = figures;
        this.view = figures.view();
        String url = view.config().admin().commandUrl();
        this.prefix = url.equals("/") ? "" : url; // "/" puts the commands at the top: "/ruok", the links at "/"
        List<AdminCommand> all = new ArrayList<>();
        all.addAll(new ServerCommands(figures).commands());
        all.addAll(new EnsembleCommands(figures).commands());
        all.addAll(new SnapshotCommands(figures, restorer).commands());
        TreeSet<String> primaries = new TreeSet<>();
        for (AdminCommand c : all) {
            primaries.add(c.primaryName());
            for (String n : c.names()) {
                if (byName.put(n, c) != null) {
                    throw new IllegalStateException("admin command name used twice: " + n);
                }
            }
        }
        this.primaryNames = List.copyOf(primaries);
    }

    /**
     * The route serving {@code figures}' server's commands.
     *
     * @param restorer how the server restores a snapshot (the restore command), or null where it cannot
     */
    public static AdminCommands route(ServerFigures figures, Restorer restorer) {
        return new AdminCommands(figures, restorer);
    }

    /** The primary names, sorted (what the listing links to). */
    public List<String> primaryNames() {
        return primaryNames;
    }

    @Override
    public boolean matches(String path) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        String method = call.method();
        switch (method) {
            case "GET", "POST", "HEAD" -> {
            }
            case "OPTIONS" -> {
                return done(HttpReply.of(200, "", new byte[0]).withHeader("Allow", "GET, HEAD, POST, TRACE, OPTIONS"));
            }
            case "TRACE" -> {
                return done(HttpReply.text(403, "TRACE is not allowed\n"));
            }
            default -> {
                return done(HttpReply.text(405, "HTTP method " + method + " is not supported by this URL\n"));
            }
        }
        String rest = call.path().length() > prefix.length() ? call.path().substring(prefix.length() + 1) : "";
        if (rest.isEmpty()) {
            return done(HttpReply.of(200, "", listing()));
        }
        CompletableFuture<AdminAnswer> answer = run(rest, "POST".equals(method), call);
        // answers built on the core thread are written to JSON elsewhere, so the core never waits for that
        return answer.thenApplyAsync(a -> {
            HttpReply r = a.toReply();
            return "HEAD".equals(method) ? new HttpReply(r.status(), r.contentType(), new byte[0], r.headers()) : r;
        });
    }

    private static CompletableFuture<HttpReply> done(HttpReply r) {
        return CompletableFuture.completedFuture(r);
    }

    /** The links page: one link per primary name, sorted, each followed by a line break. */
    private byte[] listing() {
        StringBuilder sb = new StringBuilder();
        for (String name : primaryNames) {
            sb.append("<a href=\"").append(prefix).append('/').append(name).append("\">").append(name)
                    .append("</a>\n<br/>\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Runs command {@code name} after ZooKeeper's checks, in its order. */
    CompletableFuture<AdminAnswer> run(String name, boolean post, HttpCall call) {
        AdminCommand command = byName.get(name);
        if (command == null) {
            LOG.warn("Unknown admin command {} from {}", name, call.remote());
            return AdminAnswer.error(name, "Unknown command: " + name, 200).done();
        }
        if (command.serverRequired() && !figures.running()) {
            return ServerCommands.notServing(name).done();
        }
        CompletableFuture<AdminAnswer> checked = command.auth() == null ? CompletableFuture.completedFuture(null)
                : authorize(name, command.auth(), call);
        return checked.thenCompose(refused -> {
            if (refused != null) {
                return refused.done();
            }
            if (command.post() != post) {
                // ZooKeeper fails here with an internal error (500); say why
                return AdminAnswer.error(name, command.primaryName() + " is a " + (command.post() ? "POST" : "GET")
                        + " command", 500).done();
            }
            LOG.debug("Admin command {} from {}", command.primaryName(), call.remote());
            return command.handler().run(command.primaryName(), call);
        });
    }

    /** Null when the caller may run the command, else the refusal. */
    private CompletableFuture<AdminAnswer> authorize(String name, AdminAuth.Request need, HttpCall call) {
        String header = call.header("Authorization");
        if (header == null) {
            LOG.warn("Admin command {} from {}: no Authorization header", name, call.remote());
            return AdminAnswer.error(name, "Auth info is missing for the command", 401).done();
        }
        List<Id> ids;
        try {
            ids = AdminAuth.authenticate(header, call.remote(), view.config().toCoreConfig().superDigest(),
                    X509Ids.of(call.tls(), view.config().clientTls().x509SuperUser()));
        } catch (AdminAuth.NotAuthenticated e) {
            LOG.warn("Admin command {} from {}: not authenticated ({})", name, call.remote(), e.getMessage());
            return AdminAnswer.error(name, "Not authenticated", 401).done();
        }
        if (view.config().core().skipAcl()) {
            return CompletableFuture.completedFuture(null); // skipACL=yes: authenticated is enough, as in ZooKeeper
        }
        CompletableFuture<AdminAuth.Outcome> outcome = new CompletableFuture<>();
        view.core().run("admin auth " + name, (core, now) -> {
            try {
                outcome.complete(AdminAuth.authorize(core.tree(), ids, need));
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        });
        return outcome.orTimeout(AUTH_TIMEOUT_MS, TimeUnit.MILLISECONDS).handle((o, error) -> {
            if (error == null && o == AdminAuth.Outcome.ALLOWED) {
                return null;
            }
            if (error == null && o == AdminAuth.Outcome.DENIED) {
                LOG.warn("Admin command {} from {}: not authorized", name, call.remote());
                return AdminAnswer.error(name, "Not authorized", 403);
            }
            LOG.warn("Admin command {} from {}: auth check failed ({})", name, call.remote(),
                    error != null ? error.toString() : "no node " + need.path());
            return AdminAnswer.error(name, "Error occurred during auth", 500);
        });
    }
}
