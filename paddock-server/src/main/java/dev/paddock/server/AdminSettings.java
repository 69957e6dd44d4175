package dev.paddock.server;

import dev.paddock.security.tls.ClientAuth;
import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsSettings;
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
 * @param tls                    {@code admin.portUnification} (HTTP and HTTPS on the port), {@code admin.forceHttps}
 *                               (HTTPS only), {@code admin.needClientAuth}, {@code admin.httpVersion} (accepted), and
 *                               the key/trust stores, read as ZooKeeper's admin server reads them: the quorum's
 *                               {@code ssl.quorum.keyStore.*} / {@code ssl.quorum.trustStore.*} keys
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

    /**
     * The HTTPS keys.
     *
     * @param settings the {@code ssl.quorum.*} stores (client auth: need when needClientAuth, else none); null when
     *                 HTTPS is not wanted or the keys cannot be used (then the admin server does not start, as in
     *                 ZooKeeper)
     */
    public record Tls(boolean portUnification, boolean forceHttps, boolean needClientAuth, int httpVersion,
            TlsSettings settings) {
        public static final Tls NONE = new Tls(false, false, false, DEFAULT_HTTP_VERSION, null);

        /** Whether the configuration asks for HTTPS. */
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
        boolean unify = src.boolValue("admin.portUnification", false);
        boolean force = src.boolValue("admin.forceHttps", false);
        boolean needClientAuth = src.boolValue("admin.needClientAuth", false);
        int httpVersion = src.intValue("admin.httpVersion", DEFAULT_HTTP_VERSION, 9);
        TlsSettings stores = null;
        if (enable && (unify || force)) {
            try {
                stores = TlsSettings.read(TlsSettings.QUORUM_PREFIX, key -> {
                    ConfigSource.Value v = src.lookup(key);
                    return v == null ? null : v.text();
                }).withClientAuth(needClientAuth ? ClientAuth.NEED : ClientAuth.NONE);
            } catch (TlsConfigException e) {
                LOG.warn("The admin server's HTTPS settings cannot be used ({}); it will not start", e.getMessage());
            }
        }
        Tls tls = new Tls(unify, force, needClientAuth, httpVersion, stores);
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
