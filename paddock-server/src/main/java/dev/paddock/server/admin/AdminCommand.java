package dev.paddock.server.admin;

import dev.paddock.server.http.HttpCall;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One admin command as ZooKeeper registers it.
 *
 * @param names          the primary name first, then the aliases
 * @param post           answers POST (restore) rather than GET
 * @param serverRequired answers only while the server serves (otherwise: 200 with ZooKeeper's not-serving error)
 * @param auth           the permission the caller must hold, or null when the command needs no credentials
 */
public record AdminCommand(List<String> names, boolean post, boolean serverRequired, AdminAuth.Request auth,
        Handler handler) {

    /** Runs the command once the checks have passed. */
    @FunctionalInterface
    public interface Handler {
        CompletableFuture<AdminAnswer> run(String primaryName, HttpCall call);
    }

    public AdminCommand {
        names = List.copyOf(names);
        if (auth != null && !serverRequired) {
            throw new IllegalArgumentException("a command that checks an ACL needs a serving server: " + names);
        }
    }

    public String primaryName() {
        return names.get(0);
    }

    /** A GET command that needs a serving server. */
    static AdminCommand get(Handler h, String... names) {
        return new AdminCommand(List.of(names), false, true, null, h);
    }

    /** A GET command that answers whether or not the server serves. */
    static AdminCommand anytime(Handler h, String... names) {
        return new AdminCommand(List.of(names), false, false, null, h);
    }
}
