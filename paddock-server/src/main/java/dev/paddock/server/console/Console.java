package dev.paddock.server.console;

import dev.paddock.server.ServerView;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.http.HttpRoute;
import java.util.concurrent.CompletableFuture;

/** The web console at {@code /console} and its JSON API. (Being built: answers 404 for now.) */
public final class Console {
    private Console() {
    }

    public static HttpRoute route(ServerView view) {
        return new HttpRoute() {
            @Override
            public boolean matches(String path) {
                return path.equals("/console") || path.startsWith("/console/");
            }

            @Override
            public CompletableFuture<HttpReply> handle(dev.paddock.server.http.HttpCall call) {
                return CompletableFuture.completedFuture(HttpReply.text(404, "not yet\n"));
            }
        };
    }
}
