package dev.paddock.server.http;

import java.util.concurrent.CompletableFuture;

/** A part of an HTTP endpoint: the admin commands, the console, the metrics. */
public interface HttpRoute {
    /** Whether this route answers {@code path} (decoded, without the query string). */
    boolean matches(String path);

    /**
     * Answers one request. May complete on any thread; must not block the I/O thread (run slow work elsewhere and
     * complete the future there). A failed future becomes a 500 answer with the error's message.
     */
    CompletableFuture<HttpReply> handle(HttpCall call);
}
