package dev.paddock.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * The admin HTTP server's keys (ZooKeeper's, with its defaults) and Paddock's console switch.
 *
 * @param idleTimeoutMs  {@code admin.idleTimeout}: an idle admin connection is closed after this long
 * @param consoleEnabled {@code paddock.console.enabled}: serve the web console at /console (off by default)
 * @param other          the other admin.* keys, without the prefix
 */
public record AdminSettings(boolean enableServer, int serverPort, String serverAddress, String commandUrl,
        long idleTimeoutMs, boolean consoleEnabled, Map<String, String> other) {

    public static final int DEFAULT_SERVER_PORT = 8080;
    public static final String DEFAULT_SERVER_ADDRESS = "0.0.0.0";
    public static final String DEFAULT_COMMAND_URL = "/commands";
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;

    public AdminSettings {
        other = Map.copyOf(other);
    }

    static AdminSettings parse(ConfigSource src) {
        boolean enable = src.boolValue("admin.enableServer", true);
        int port = src.port("admin.serverPort", DEFAULT_SERVER_PORT);
        String address = src.stringValue("admin.serverAddress", DEFAULT_SERVER_ADDRESS);
        String url = src.stringValue("admin.commandURL", DEFAULT_COMMAND_URL);
        long idle = src.intValue("admin.idleTimeout", DEFAULT_IDLE_TIMEOUT_MS, 1);
        boolean console = src.boolValue("paddock.console.enabled", false, "paddock.console.enabled");
        Map<String, String> other = new TreeMap<>();
        for (ConfigFile.Entry e : src.entries()) {
            if (e.key().startsWith("admin.") && !src.wasRead(e.key())) {
                other.put(e.key().substring("admin.".length()), e.value());
            }
        }
        return new AdminSettings(enable, port, address, url, idle, console, other);
    }
}
