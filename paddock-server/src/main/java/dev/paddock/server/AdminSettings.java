package dev.paddock.server;

import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP server's keys (ZooKeeper 3.9's, with its defaults; each also read as a {@code zookeeper.admin.*}
 * system property) and Paddock's console switch.
 *
 * @param idleTimeoutMs          {@code admin.idleTimeout}: an idle admin connection is closed after this long
 * @param consoleEnabled         {@code paddock.console.enabled}: serve the web console at /console (off by default)
 * @param tls                    {@code admin.portUnification}, {@code admin.forceHttps}, {@code admin.needClientAuth}
 *                               and {@code admin.httpVersion}: accepted; HTTPS itself is not served yet
 * @param snapshotEnabled        {@code admin.snapshot.enabled} (default true): the snapshot command streams the tree
 * @param restoreEnabled         {@code admin.restore.enabled} (default true): the restore command may run
 * @param rateLimiterIntervalMs  {@code admin.rateLimiterIntervalInMS} (default 300000): restore runs at most once
 *                               per interval; snapshot at most once per interval/1000 ms, as ZooKeeper 3.9.3 reads
 *                               the same number in microseconds for it
 * @param other                  the other admin.* keys, without the prefix
 */
public record AdminSettings(boolean enableServer, int serverPort, String serverAddress, String commandUrl,
        long idleTimeoutMs, boolean consoleEnabled, Tls tls, boolean snapshotEnabled, boolean restoreEnabled,
        long rateLimiterIntervalMs, Map<String, String> other) {
    private static final Logger LOG = LoggerFactory.getLogger(AdminSettings.class);

    public static final int DEFAULT_SERVER_PORT = 8080;
    public static final String DEFAULT_SERVER_ADDRESS = "0.0.0.0";
    public static final String DEFAULT_COMMAND_URL = "/commands";
    public static final int DEFAULT_IDLE_TIMEOUT_MS = 30_000;
    public static final long DEFAULT_RATE_LIMITER_INTERVAL_MS = 300_000;
    /** ZooKeeper's default HTTP version for the admin connector (Jetty's 1.1). */
    public static final int DEFAULT_HTTP_VERSION = 11;

    /** The HTTPS keys. The seam for TLS: nothing here changes what the admin port serves yet. */
    public record Tls(boolean portUnification, boolean forceHttps, boolean needClientAuth, int httpVersion) {
        public static final Tls NONE = new Tls(false, false, false, DEFAULT_HTTP_VERSION);

        /** Whether the configuration asks for HTTPS (which comes with the TLS work; served as plain HTTP now). */
        public boolean wanted() {
            return portUnification || forceHttps;
        }
    }

    public AdminSettings {
        other = Map.copyOf(other);
    }

    static AdminSettings parse(ConfigSource src) {
        boolean enable = src.boolValue("admin.enableServer", true);
        int port = src.port("admin.serverPort", DEFAULT_SERVER_PORT);
        String address = src.stringValue("admin.serverAddress", DEFAULT_SERVER_ADDRESS);
        String url = commandUrl(src.stringValue("admin.commandURL", DEFAULT_COMMAND_URL));
        long idle = src.intValue("admin.idleTimeout", DEFAULT_IDLE_TIMEOUT_MS, 1);
        boolean console = src.boolValue("paddock.console.enabled", false, "paddock.console.enabled");
        Tls tls = new Tls(src.boolValue("admin.portUnification", false), src.boolValue("admin.forceHttps", false),
                src.boolValue("admin.needClientAuth", false),
                src.intValue("admin.httpVersion", DEFAULT_HTTP_VERSION, 9));
        if (enable && tls.wanted()) {
            LOG.warn("admin.portUnification/admin.forceHttps asked for HTTPS on the admin server; Paddock serves it as "
                    + "plain HTTP until TLS support lands (needClientAuth={} noted)", tls.needClientAuth());
        }
        boolean snapshot = src.boolValue("admin.snapshot.enabled", true);
        boolean restore = src.boolValue("admin.restore.enabled", true);
        long interval = src.longValue("admin.rateLimiterIntervalInMS", DEFAULT_RATE_LIMITER_INTERVAL_MS, 0);
        Map<String, String> other = new TreeMap<>();
        for (ConfigFile.Entry e : src.entries()) {
            if (e.key().startsWith("admin.") && !src.wasRead(e.key())) {
                other.put(e.key().substring("admin.".length()), e.value());
                LOG.warn("Unknown admin server key '{}' ({}); ignored", e.key(), src.where(e));
            }
        }
        return new AdminSettings(enable, port, address, url, idle, console, tls, snapshot, restore, interval, other);
    }

    /** The command URL as a path prefix: a leading '/', no trailing one ("/commands/" serves as "/commands"). */
    private static String commandUrl(String url) {
        String u = url.startsWith("/") ? url : "/" + url;
        while (u.length() > 1 && u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
