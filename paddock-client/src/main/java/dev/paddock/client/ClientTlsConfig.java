package dev.paddock.client;

import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsSettings;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The client's TLS switch and settings, with ZooKeeper's client properties: {@code zookeeper.client.secure}
 * (true: TLS), {@code zookeeper.clientCnxnSocket} (accepted; this client always uses blocking sockets) and the
 * {@code zookeeper.ssl.*} keys of {@link TlsSettings}. A key given to {@link PaddockClient.Builder#property}
 * wins over the system property of the same name, as a ZKClientConfig property does.
 */
final class ClientTlsConfig {
    static final String SECURE = "zookeeper.client.secure";
    static final String CNXN_SOCKET = "zookeeper.clientCnxnSocket";

    private ClientTlsConfig() {
    }

    /** The TLS context the settings ask for, or null for plain text. */
    static TlsContext context(Map<String, String> overrides) {
        Function<String, String> lookup = k -> overrides.containsKey(k) ? overrides.get(k) : System.getProperty(k);
        String secure = lookup.apply(SECURE);
        if (secure == null || !secure.trim().toLowerCase(Locale.ROOT).equals("true")) {
            return null;
        }
        return TlsContext.forClient(TlsSettings.read(TlsSettings.CLIENT_PREFIX, lookup));
    }
}
