package dev.paddock.server;

import dev.paddock.server.net.ConnectionRegistry;
import dev.paddock.server.net.CoreGateway;
import dev.paddock.server.net.ServerStats;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What the four-letter words, the admin server, the metrics and the console look at.
 *
 * @param port      the port actually bound
 * @param mode      "standalone", or an ensemble member's "leader", "follower", "observer" ("looking" while it
 *                  does not serve)
 * @param isServing whether the server answers clients: always when standalone; an ensemble member only in a
 *                  role and synced (ZooKeeper has no ZooKeeperServer while it looks for a leader, and its
 *                  commands say it is not serving)
 */
public record ServerView(ServerConfig config, IntSupplier port, ServerStats stats, ConnectionRegistry connections,
        CoreGateway core, Supplier<String> mode, BooleanSupplier isServing) {
    public int boundPort() {
        return port.getAsInt();
    }

    public String state() {
        return mode.get();
    }

    public boolean serving() {
        return isServing.getAsBoolean();
    }
}
