package dev.paddock.client;

import dev.paddock.security.sasl.ClientSasl;
import dev.paddock.security.sasl.JaasSection;
import dev.paddock.security.sasl.SaslClientExchange;
import dev.paddock.security.sasl.SaslConfigException;
import dev.paddock.security.sasl.SaslLogin;
import dev.paddock.security.sasl.ServerSasl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.security.sasl.SaslException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's SASL set-up, from ZooKeeper's client properties (a client's own value first, then the system
 * property): {@code zookeeper.sasl.client} (SASL on unless {@code false}, and only when the JAAS section exists),
 * {@code zookeeper.sasl.clientconfig} (the section, default {@code Client}; a section named explicitly must exist),
 * {@code java.security.auth.login.config}, {@code zookeeper.sasl.client.username} (service, default
 * {@code zookeeper}), {@code zookeeper.server.principal}, {@code zookeeper.sasl.client.canonicalize.hostname}.
 * The login happens once per client; each connection runs a new exchange.
 */
final class SaslSetup {
    private static final Logger LOG = LoggerFactory.getLogger(SaslSetup.class);

    private final SaslLogin login;
    private final String configuredPrincipal;
    private final String service;
    private final boolean canonicalize;

    private SaslSetup(SaslLogin login, String configuredPrincipal, String service, boolean canonicalize) {
        this.login = login;
        this.configuredPrincipal = configuredPrincipal;
        this.service = service;
        this.canonicalize = canonicalize;
    }

    /** The set-up, or null when SASL is off or no JAAS client section exists. */
    static SaslSetup from(Map<String, String> overrides) throws IOException {
        if ("false".equalsIgnoreCase(property(overrides, ClientSasl.ENABLED))) {
            return null;
        }
        String explicit = property(overrides, ClientSasl.SECTION);
        String section = explicit == null ? ClientSasl.DEFAULT_SECTION : explicit;
        String jaasFile = property(overrides, JaasSection.JAAS_CONFIG_PROPERTY);
        try {
            Optional<JaasSection> found = jaasFile != null && overrides.containsKey(JaasSection.JAAS_CONFIG_PROPERTY)
                    ? JaasSection.find(Path.of(jaasFile), section) : JaasSection.findConfigured(section);
            if (found.isEmpty()) {
                if (explicit != null) {
                    throw new IOException("the JAAS configuration section '" + section + "' named by "
                            + ClientSasl.SECTION + " was not found" + (jaasFile == null ? "" : " in " + jaasFile));
                }
                return null;
            }
            SaslLogin login = SaslLogin.login(found.get());
            LOG.info("Client will SASL-authenticate ({}) with JAAS section '{}'",
                    login.isKerberos() ? "GSSAPI" : "DIGEST-MD5", section);
            return new SaslSetup(login, property(overrides, ClientSasl.SERVER_PRINCIPAL),
                    property(overrides, ClientSasl.SERVICE),
                    !"false".equalsIgnoreCase(property(overrides, ClientSasl.CANONICALIZE_HOSTNAME)));
        } catch (SaslConfigException e) {
            throw new IOException("client SASL: " + e.getMessage(), e);
        }
    }

    private static String property(Map<String, String> overrides, String key) {
        String v = overrides.get(key);
        return v != null ? v : System.getProperty(key);
    }

    /** A new exchange with the server at {@code server}. */
    SaslClientExchange exchange(InetSocketAddress server) throws SaslException {
        String principal = ClientSasl.serverPrincipal(server, configuredPrincipal, service, canonicalize);
        return SaslClientExchange.create(login, principal, ServerSasl.CLIENT_PROTOCOL, ServerSasl.CLIENT_SERVER_NAME);
    }
}
