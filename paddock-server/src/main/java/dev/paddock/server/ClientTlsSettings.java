package dev.paddock.server;

import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * @param x509SuperUser           {@code X509AuthenticationProvider.superUser}: the certificate subject that is
 *                                also {@code super}; null when not set
 * @param serverCnxnFactory       {@code serverCnxnFactory}: accepted, only a name (Paddock always runs Netty)
 */
public record ClientTlsSettings(int secureClientPort, String secureClientPortAddress, boolean portUnification,
        boolean certReload, TlsSettings tls, String x509SuperUser, String serverCnxnFactory) {
    private static final Logger LOG = LoggerFactory.getLogger(ClientTlsSettings.class);

    /** ZooKeeper's x509 provider; {@code authProvider.x509} / {@code ssl.authProvider} may name it. */
    static final String X509_PROVIDER = "org.apache.zookeeper.server.auth.X509AuthenticationProvider";

    public static final ClientTlsSettings NONE = new ClientTlsSettings(-1, null, false, false, null, null, null);

    /** Whether any client connection may be TLS. */
    public boolean enabled() {
        return tls != null;
    }

    static ClientTlsSettings parse(ConfigSource src, ClientPortSettings client) {
        String address = null;
        ConfigSource.Value a = src.lookup("secureClientPortAddress");
        if (a != null) {
            address = a.text();
            try {
                InetAddress.getByName(address);
            } catch (UnknownHostException e) {
                throw ConfigSource.bad(a, "unknown host");
            }
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
        ConfigSource.Value x509 = src.lookup("authProvider.x509");
        if (x509 != null && !x509.text().equals(X509_PROVIDER)) {
            throw ConfigSource.bad(x509, "only " + X509_PROVIDER + " (built in) is supported");
        }
        String superUser = src.stringValue("X509AuthenticationProvider.superUser", null);
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
            return new ClientTlsSettings(-1, address, false, reload, null, superUser, factory);
        }
        if (!tls.hasKeyStore()) {
            throw new ConfigException((client.secureClientPort() >= 0 ? "secureClientPort" : "client.portUnification")
                    + " is set but ssl.keyStore.location is not: a TLS client port needs a key store");
        }
        return new ClientTlsSettings(client.secureClientPort(), address, unify, reload, tls, superUser, factory);
    }

    @Override
    public String toString() {
        return "ClientTls[secureClientPort=" + secureClientPort + ", portUnification=" + portUnification
                + ", certReload=" + certReload + ", " + tls + "]";
    }
}
