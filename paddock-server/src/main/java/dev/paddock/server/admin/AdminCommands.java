package dev.paddock.server.admin;

import dev.paddock.server.ServerView;
import dev.paddock.server.http.HttpReply;
import dev.paddock.server.http.HttpRoute;
import java.util.concurrent.CompletableFuture;

/** ZooKeeper's AdminServer commands under {@code admin.commandURL}. (Being built: answers 404 for now.) */
public final class AdminCommands {
    private AdminCommands() {
    }

    public static HttpRoute route(ServerView view) {
        String prefix = view.config().admin().commandUrl();
        return new HttpRoute() {
            @Override
            public boolean matches(String path) {
                return path.equals(prefix) || path.startsWith(prefix + "/");
            }

            @Override
            public CompletableFuture<HttpReply> handle(dev.paddock.server.http.HttpCall call) {
                return CompletableFuture.completedFuture(HttpReply.text(404, "not yet\n"));
            }
        };
    }
}
