package dev.paddock.server.console;

import dev.paddock.server.core.ServerClock;
import dev.paddock.server.http.HttpCall;
import dev.paddock.server.net.CoreGateway;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's sessions on the core: one per login (found by its token, from the cookie or the
 * {@value #TOKEN_HEADER} header), and one anonymous (world) session per caller address, opened when first needed.
 * Sessions are pinged while idle on the core's timeout, logged out after {@link #IDLE_LOGOUT_MS} without HTTP
 * use, and dropped when the core stops.
 */
final class ConsoleSessions {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSessions.class);

    static final String COOKIE = "paddock_console";
    static final String TOKEN_HEADER = "X-Paddock-Console-Token";
    static final long IDLE_LOGOUT_MS = 15 * 60_000;
    static final int MAX_LOGINS = 256;
    /** Caller addresses with an anonymous session at once (each is a session on the core). */
    static final int MAX_ANONYMOUS = 256;
    static final long SWEEP_MS = 250;

    /** Shared by every console in the process: completes replies off the core thread, runs the sweeps. */
    private static final Executor COMPLETER = daemonPool();
    private static final ScheduledExecutorService TIMER = daemonTimer();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CoreGateway core;
    private final Map<String, ConsoleSession> logins = new ConcurrentHashMap<>();
    private final Map<String, ConsoleSession> anonymous = new ConcurrentHashMap<>();
    private final ScheduledFuture<?> sweep;

    ConsoleSessions(CoreGateway core) {
        this.core = core;
        this.sweep = TIMER.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
    }

    static long now() {
        return ServerClock.elapsedMs();
    }

    /** Executor for console work that must not run on the core or I/O threads. */
    static Executor worker() {
        return COMPLETER;
    }

    /** The caller's login token, or null. */
    static String token(HttpCall call) {
        String t = call.header(TOKEN_HEADER);
        if (t != null && !t.isBlank()) {
            return t.trim();
        }
        String cookies = call.header("cookie");
        if (cookies == null) {
            return null;
        }
        for (String part : cookies.split(";")) {
            String p = part.trim();
            if (p.startsWith(COOKIE + "=")) {
                String v = p.substring(COOKIE.length() + 1);
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }

    /**
     * The caller's session: its login's, or the anonymous one of its address. A token that names no live login
     * fails with {@link ApiError} 401, so the page knows its login has ended.
     */
    CompletableFuture<ConsoleSession> sessionFor(HttpCall call) {
        String token = token(call);
        long now = now();
        if (token != null) {
            ConsoleSession s = logins.get(token);
            if (s == null || s.isClosed()) {
                if (s != null) {
                    logins.remove(token, s);
                }
                return CompletableFuture.failedFuture(new ApiError(401, "LoginEnded",
                        "this console login has ended (logged out, idle, or the server's session was closed); log in again"));
            }
            s.touch(now);
            return CompletableFuture.completedFuture(s);
        }
        String ip = ip(call);
        if (anonymous.size() >= MAX_ANONYMOUS && !anonymous.containsKey(ip)) {
            return CompletableFuture.failedFuture(new ApiError(429, "TooManySessions", "the console has anonymous"
                    + " sessions for " + MAX_ANONYMOUS + " addresses open; try again when some have been idle for "
                    + IDLE_LOGOUT_MS / 60_000 + " minutes"));
        }
        ConsoleSession s = anonymous.compute(ip, (k, old) -> old == null || old.isClosed()
                ? new ConsoleSession(core, k, null, COMPLETER, now) : old);
        s.touch(now);
        return s.open(null, now).whenComplete((ok, error) -> {
            if (error != null) {
                anonymous.remove(ip, s);
                s.logout(now());
            }
        });
    }

    /** Opens a digest login; completes with its token. */
    CompletableFuture<String> login(HttpCall call, String user, String password) {
        if (logins.size() >= MAX_LOGINS) {
            return CompletableFuture.failedFuture(new ApiError(429, "TooManyLogins",
                    "the console has " + MAX_LOGINS + " logins open; log out of one first"));
        }
        long now = now();
        ConsoleSession s = new ConsoleSession(core, ip(call), user, COMPLETER, now);
        String token = newToken();
        return s.open(password, now).handle((ok, error) -> {
            if (error != null) {
                s.logout(now());
                throw new ApiError(502, "LoginFailed", "the login could not be opened: " + rootMessage(error));
            }
            logins.put(token, s);
            return token;
        });
    }

    /** Ends the caller's login, if it has one. */
    boolean logout(HttpCall call) {
        String token = token(call);
        ConsoleSession s = token == null ? null : logins.remove(token);
        if (s == null) {
            return false;
        }
        s.logout(now());
        return true;
    }

    /** The open console sessions' ids (so the sessions view can mark them). */
    List<Long> sessionIds() {
        List<Long> ids = new ArrayList<>();
        for (ConsoleSession s : logins.values()) {
            ids.add(s.sessionId());
        }
        for (ConsoleSession s : anonymous.values()) {
            ids.add(s.sessionId());
        }
        return ids;
    }

    private void sweep() {
        try {
            if (!core.isRunning()) {
                sweep.cancel(false);
                logins.clear();
                anonymous.clear();
                return;
            }
            long now = now();
            sweepOne(logins, now);
            sweepOne(anonymous, now);
        } catch (RuntimeException e) {
            LOG.warn("Console session sweep failed: {}", e.toString());
        }
    }

    private static void sweepOne(Map<String, ConsoleSession> table, long now) {
        for (Map.Entry<String, ConsoleSession> e : table.entrySet()) {
            ConsoleSession s = e.getValue();
            if (s.isClosed()) {
                table.remove(e.getKey(), s);
            } else if (s.idleMs(now) > IDLE_LOGOUT_MS) {
                LOG.info("Logging out idle {}", s);
                table.remove(e.getKey(), s);
                s.logout(now);
            } else {
                s.pingIfQuiet(now);
            }
        }
    }

    private static String ip(HttpCall call) {
        return call.remote() == null || call.remote().getAddress() == null ? "unknown"
                : call.remote().getAddress().getHostAddress();
    }

    private static String newToken() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        if (t instanceof java.util.concurrent.TimeoutException) {
            return "the server did not answer in time";
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static Executor daemonPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "paddock-console");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ScheduledExecutorService daemonTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "paddock-console-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
