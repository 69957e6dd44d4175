package dev.paddock.server;

import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS on the client port, with ZooKeeper's keys (each also read as its {@code zookeeper.*} system property).
 *
 * @param secureClientPort        {@code secureClientPort}: a TLS-only port; -1 when not set
 * @param secureClientPortAddress {@code secureClientPortAddress}: the address to bind it, or null for all
 * @param portUnification         {@code client.portUnification}: the plain client port also accepts TLS
 * @param certReload              {@code client.certReload}: key/trust store changes apply to new connections
 * @param tls                     the {@code ssl.*} keys; null when neither a secure port nor unification is on
 *                                (a missing key store stops the server's start, not the parse)
 * @param x509SuperUser           {@code X509AuthenticationProvider.superUser}: the certificate subject that is
 *                                also {@code super}; null when not set
 * @param serverCnxnFactory       {@code serverCnxnFactory}: accepted, only a name (Paddock always runs Netty)
 * @param openSsl                 {@code ssl.sslProvider=OPENSSL} (or OPENSSL_REFCNT): BoringSSL through
 *                                netty-tcnative instead of the JDK's TLS (default JDK, as in ZooKeeper)
 */
public record ClientTlsSettings(int secureClientPort, String secureClientPortAddress, boolean portUnification,
        boolean certReload, TlsSettings tls, String x509SuperUser, String serverCnxnFactory, boolean openSsl) {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTlsSettings.class);

    public static final ClientTlsSettings NONE = new ClientTlsSettings(-1, null, false, false, null, null, null,
            false);

    /** Whether any client connection may be TLS. */
    public boolean enabled() {
        return tls != null;
    }

    static ClientTlsSettings parse(ConfigSource src, ClientPortSettings client) {
        ConfigSource.Value a = src.lookup("secureClientPortAddress");
        String address = a == null ? null : ConfigSource.host(a);
        if (a != null && client.secureClientPort() < 0) {
            throw ConfigSource.bad(a, "secureClientPortAddress is set but secureClientPort is not");
        }
        boolean unify = src.boolValue("client.portUnification", false);
        boolean reload = src.boolValue("client.certReload", false);
        String factory = src.stringValue("serverCnxnFactory", null);
        if (factory != null && !factory.endsWith("NettyServerCnxnFactory")) {
            LOG.info("serverCnxnFactory={} noted; Paddock's client port is always Netty", factory);
        }
        ConfigSource.Value provider = src.lookup("ssl.authProvider");
        if (provider != null && !provider.text().equals("x509")) {
            throw ConfigSource.bad(provider, "Paddock's TLS authentication provider is x509 only");
        }
        String superUser = src.stringValue("X509AuthenticationProvider.superUser", null);
        boolean openSsl = false;
        ConfigSource.Value sslProvider = src.lookup("ssl.sslProvider");
        if (sslProvider != null) {
            switch (sslProvider.text().toUpperCase(java.util.Locale.ROOT)) {
                case "JDK" -> openSsl = false;
                case "OPENSSL", "OPENSSL_REFCNT" -> openSsl = true;
                default -> throw ConfigSource.bad(sslProvider, "must be JDK, OPENSSL or OPENSSL_REFCNT");
            }
        }
        boolean wanted = client.secureClientPort() >= 0 || unify;
        TlsSettings tls;
        try {
            tls = TlsSettings.read(TlsSettings.SERVER_PREFIX, key -> {
                ConfigSource.Value v = src.lookup(key);
                return v == null ? null : v.text();
            });
        } catch (TlsConfigException e) {
            if (wanted) {
                throw new ConfigException(e.getMessage(), e);
            }
            LOG.warn("TLS setting ignored (no secureClientPort, no client.portUnification): {}", e.getMessage());
            tls = null;
        }
        if (!wanted) {
            return new ClientTlsSettings(-1, address, false, reload, null, superUser, factory, openSsl);
        }
        return new ClientTlsSettings(client.secureClientPort(), address, unify, reload, tls, superUser, factory,
                openSsl);
    }

    @Override
    public String toString() {
        return "ClientTls[secureClientPort=" + secureClientPort + ", portUnification=" + portUnification
                + ", certReload=" + certReload + ", provider=" + (openSsl ? "OPENSSL" : "JDK") + ", " + tls + "]";
    }
}
