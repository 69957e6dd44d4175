package dev.paddock.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paddock.server.ServerView;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.http.HttpRoute;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console at {@code /console} (on the admin server, when {@code paddock.console.enabled=true}): a page of
 * plain HTML, CSS and JavaScript from the jar, and the JSON API under {@code /console/api/} that the page uses and
 * scripts may use too. Every tree operation runs as the caller's own session on the core ({@link ConsoleSession}):
 * anonymous callers as world, logged-in callers with their digest id (or super).
 *
 * <pre>
 * GET    /console/api/whoami                    the caller's session and ids
 * POST   /console/api/login   {user, password}   a digest login; answers a token (also set as a cookie)
 * POST   /console/api/logout
 * GET    /console/api/node?path=P               data (text, hex, JSON), Stat, ACL; sets a data watch
 * GET    /console/api/children?path=P           children with their Stat; sets a child watch
 * POST   /console/api/node    {path, data, encoding, mode, ttl, acl}
 * PUT    /console/api/node    {path, data, encoding, version}     409 on a version conflict
 * DELETE /console/api/node?path=P&amp;version=V                       409 on a version conflict
 * GET    /console/api/events?since=N            watch events of the caller's session
 * GET    /console/api/sessions                  sessions with ephemerals and watches
 * GET    /console/api/server                    role, zxid, ensemble members
 * GET    /console/api/stats                     mntr's values, for the charts
 * </pre>
 * Errors answer {@code {"error", "message"}} with a 4xx status for bad input; a digest's hash is never shown.
 */
public final class Console implements HttpRoute {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    static final String PREFIX = "/console";
    static final String API = PREFIX + "/api/";
    private static final String ASSETS = "/dev/paddock/server/console/";
    private static final Map<String, String> FILES = Map.of("index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8", "app.css", "text/css; charset=utf-8",
            "favicon.svg", "image/svg+xml");
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final Map<String, HttpReply> assets = new LinkedHashMap<>();
    private final ConsoleSessions sessions;
    private final TreeApi tree;
    private final StatusApi status;
    private final int maxBodyBytes;

    private Console(ServerView view) {
        this.sessions = new ConsoleSessions(view.core());
        int maxData = view.config().juteMaxBuffer();
        this.tree = new TreeApi(maxData, view.config().core().extendedTypesEnabled());
        this.status = new StatusApi(view, sessions);
        this.maxBodyBytes = maxData * 4 + 64 * 1024; // room for hex or base64 data in JSON
        for (Map.Entry<String, String> f : FILES.entrySet()) {
            try (InputStream in = Console.class.getResourceAsStream(ASSETS + f.getKey())) {
                if (in == null) {
                    LOG.warn("Console asset {} is missing from the jar", f.getKey());
                    continue;
                }
                assets.put(f.getKey(), asset(HttpReply.of(200, f.getValue(), in.readAllBytes())));
            } catch (IOException e) {
                LOG.warn("Console asset {} cannot be read: {}", f.getKey(), e.toString());
            }
        }
    }

    public static HttpRoute route(ServerView view) {
        return new Console(view);
    }

    @Override
    public boolean matches(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/");
    }

    @Override
    public CompletableFuture<HttpReply> handle(HttpCall call) {
        CompletableFuture<HttpReply> answer;
        try {
            answer = call.path().startsWith(API) ? api(call, call.path().substring(API.length())) : page(call);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.exceptionally(e -> failure(call, e));
    }

    private CompletableFuture<HttpReply> page(HttpCall call) {
        if (!call.method().equals("GET") && !call.method().equals("HEAD")) {
            throw new ApiError(405, "MethodNotAllowed", call.method() + " is not allowed on " + call.path());
        }
        String name = call.path().equals(PREFIX) || call.path().equals(PREFIX + "/") ? "index.html"
                : call.path().substring(PREFIX.length() + 1);
        HttpReply a = assets.get(name);
        if (a == null) {
            throw new ApiError(404, "NotFound", "no console file " + call.path());
        }
        return CompletableFuture.completedFuture(a);
    }

    private CompletableFuture<HttpReply> api(HttpCall call, String name) {
        String m = call.method();
        switch (name) {
            case "login" -> {
                expect(call, "POST");
                return login(call, body(call));
            }
            case "logout" -> {
                expect(call, "POST");
                ObjectNode o = ConsoleJson.object();
                o.put("loggedOut", sessions.logout(call));
                return CompletableFuture.completedFuture(ConsoleJson.ok(o).withHeader("Set-Cookie",
                        ConsoleSessions.COOKIE + "=; Path=" + PREFIX + "; Max-Age=0; HttpOnly; SameSite=Strict"));
            }
            case "node" -> {
                return switch (m) {
                    case "GET" -> withSession(call, s -> tree.node(s, call));
                    case "POST" -> {
                        JsonNode body = body(call);
                        yield withSession(call, s -> tree.create(s, body));
                    }
                    case "PUT" -> {
                        JsonNode body = body(call);
                        yield withSession(call, s -> tree.update(s, body));
                    }
                    case "DELETE" -> withSession(call, s -> tree.delete(s, call));
                    default -> throw new ApiError(405, "MethodNotAllowed", m + " is not allowed on " + call.path());
                };
            }
            case "children" -> {
                expect(call, "GET");
                return withSession(call, s -> tree.children(s, call));
            }
            case "whoami" -> {
                expect(call, "GET");
                return withSession(call, status::whoami);
            }
            case "events" -> {
                expect(call, "GET");
                return withSession(call, s -> CompletableFuture.completedFuture(status.events(s, call)));
            }
            case "sessions" -> {
                expect(call, "GET");
                return status.sessions();
            }
            case "server" -> {
                expect(call, "GET");
                return status.server();
            }
            case "stats" -> {
                expect(call, "GET");
                return status.stats();
            }
            default -> throw new ApiError(404, "NotFound", "no console API " + call.path());
        }
    }

    private CompletableFuture<HttpReply> login(HttpCall call, JsonNode body) {
        JsonNode user = body.get("user");
        JsonNode password = body.get("password");
        if (user == null || !user.isTextual() || user.asText().isEmpty() || user.asText().contains(":")) {
            throw ApiError.badRequest("\"user\" is required: a digest user name without ':'");
        }
        if (password == null || !password.isTextual()) {
            throw ApiError.badRequest("\"password\" is required");
        }
        return sessions.login(call, user.asText(), password.asText()).thenApply(token -> {
            ObjectNode o = ConsoleJson.object();
            o.put("user", user.asText());
            o.put("token", token);
            return ConsoleJson.ok(o).withHeader("Set-Cookie", ConsoleSessions.COOKIE + "=" + token + "; Path=" + PREFIX
                    + "; HttpOnly; SameSite=Strict");
        });
    }

    private CompletableFuture<HttpReply> withSession(HttpCall call,
            java.util.function.Function<ConsoleSession, CompletableFuture<HttpReply>> work) {
        return sessions.sessionFor(call).thenCompose(work);
    }

    private static void expect(HttpCall call, String method) {
        if (!call.method().equals(method)) {
            throw new ApiError(405, "MethodNotAllowed", call.method() + " is not allowed on " + call.path()
                    + " (use " + method + ")");
        }
    }

    /** The JSON body of a POST or PUT; only application/json is taken, so a plain HTML form cannot post here. */
    private JsonNode body(HttpCall call) {
        String type = call.header("content-type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "UnsupportedMediaType", "send the body as application/json");
        }
        if (call.body().length > maxBodyBytes) {
            throw new ApiError(413, "TooLarge", "the body has " + call.body().length + " bytes; at most "
                    + maxBodyBytes + " are taken");
        }
        JsonNode n;
        try {
            n = ConsoleJson.MAPPER.readTree(call.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ApiError(400, "BadJson", "the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiError(400, "BadJson", "the body cannot be read: " + e.getMessage());
        }
        if (n == null || !n.isObject()) {
            throw new ApiError(400, "BadJson", "the body must be a JSON object");
        }
        return n;
    }

    private static HttpReply failure(HttpCall call, Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ApiError a) {
            return ConsoleJson.error(a);
        }
        if (t instanceof ConsoleSession.SessionLostException) {
            return ConsoleJson.error(new ApiError(503, "SessionLost", t.getMessage() + "; try again"));
        }
        if (t instanceof TimeoutException) {
            return ConsoleJson.error(new ApiError(504, "Timeout", "the server did not answer in time"));
        }
        if (t instanceof IllegalStateException || t instanceof java.util.concurrent.RejectedExecutionException) {
            return ConsoleJson.error(new ApiError(503, "NotServing", "the server is not serving: " + t.getMessage()));
        }
        LOG.warn("Console {} {} failed: {}", call.method(), call.path(), t.toString(), t);
        return ConsoleJson.error(new ApiError(500, "InternalError", String.valueOf(t.getMessage())));
    }

    private static HttpReply asset(HttpReply r) {
        return r.withHeader("Content-Security-Policy", CSP).withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("Referrer-Policy", "no-referrer").withHeader("Cache-Control", "no-cache");
    }
}
