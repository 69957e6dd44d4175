package dev.paddock.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * The admin HTTP server's keys: accepted and kept, not served yet.
 *
 * @param other the other admin.* keys, without the prefix
 */
public record AdminSettings(boolean enableServer, int serverPort, String serverAddress, String commandUrl,
        Map<String, String> other) {

    public static final int DEFAULT_SERVER_PORT = 8080;
    public static final String DEFAULT_SERVER_ADDRESS = "0.0.0.0";
    public static final String DEFAULT_COMMAND_URL = "/commands";

    public AdminSettings {
        other = Map.copyOf(other);
    }

    static AdminSettings parse(ConfigSource src) {
        boolean enable = src.boolValue("admin.enableServer", true);
        int port = src.port("admin.serverPort", DEFAULT_SERVER_PORT);
        String address = src.stringValue("admin.serverAddress", DEFAULT_SERVER_ADDRESS);
        String url = src.stringValue("admin.commandURL", DEFAULT_COMMAND_URL);
        Map<String, String> other = new TreeMap<>();
        for (ConfigFile.Entry e : src.entries()) {
            if (e.key().startsWith("admin.") && !src.wasRead(e.key())) {
                other.put(e.key().substring("admin.".length()), e.value());
            }
        }
        return new AdminSettings(enable, port, address, url, other);
    }
}
