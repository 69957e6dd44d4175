package dev.paddock.server.ensemble;

import dev.paddock.core.config.QuorumServerSpec;
import dev.paddock.security.sasl.SaslConfigException;
import dev.paddock.security.tls.TlsConfigException;
import dev.paddock.security.tls.TlsContext;
import dev.paddock.security.tls.TlsContextReloader;
import dev.paddock.server.ConfigException;
import dev.paddock.server.QuorumAuthSettings;
import dev.paddock.server.QuorumTlsSettings;
import dev.paddock.server.ServerConfig;
import dev.paddock.server.quorum.QuorumSecurity;
import dev.paddock.server.quorum.QuorumTls;
import dev.paddock.server.quorum.auth.JaasQuorumSasl;
import dev.paddock.server.quorum.auth.QuorumAuth;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a member's quorum security keys into the {@link QuorumSecurity} its ports run: logs in with the JAAS
 * sections, loads the key and trust stores, and starts watching them when {@code sslQuorumReloadCertFiles} asks.
 * A bad set-up stops start-up with a {@link ConfigException}, as ZooKeeper's does.
 */
final class QuorumSecuritySetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumSecuritySetup.class);

    private final QuorumSecurity security;
    private final TlsContextReloader reloader;

    private QuorumSecuritySetup(QuorumSecurity security, TlsContextReloader reloader) {
        this.security = security;
        this.reloader = reloader;
    }

    static QuorumSecuritySetup of(ServerConfig config) {
        QuorumAuth auth = auth(config.quorumAuth(), config.ensemble().servers().values());
        QuorumTlsSettings t = config.quorumTls();
        TlsContextReloader reloader = null;
        QuorumTls tls = QuorumTls.NONE;
        if (t.enabled()) {
            try {
                Supplier<TlsContext> context;
                if (t.reloadCertFiles()) {
                    reloader = new TlsContextReloader(t.tls(), TlsContext::forQuorum,
                            TlsContextReloader.DEFAULT_POLL_MS);
                    context = reloader;
                } else {
                    TlsContext fixed = TlsContext.forQuorum(t.tls());
                    context = () -> fixed;
                }
                tls = QuorumTls.of(context, t.sslQuorum(), t.portUnification());
            } catch (TlsConfigException e) {
                throw new ConfigException("quorum TLS: " + e.getMessage(), e);
            }
        }
        QuorumSecurity security = new QuorumSecurity(auth, tls);
        LOG.info("Quorum ports: {}", security);
        return new QuorumSecuritySetup(security, reloader);
    }

    private static QuorumAuth auth(QuorumAuthSettings a, Iterable<QuorumServerSpec> servers) {
        if (!a.enableSasl()) {
            return QuorumAuth.NONE;
        }
        Set<String> hosts = new HashSet<>();
        servers.forEach(s -> hosts.add(PeerNetwork.hostOf(s)));
        try {
            return QuorumAuth.sasl(a.learnerRequireSasl(), a.serverRequireSasl(), a.cnxnThreads(),
                    JaasQuorumSasl.login(a.serverLoginContext(), a.learnerLoginContext(), a.servicePrincipal(), hosts));
        } catch (SaslConfigException e) {
            throw new ConfigException("quorum SASL: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause().getMessage() + ")" : ""), e);
        }
    }

    QuorumSecurity security() {
        return security;
    }

    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
    }
}
