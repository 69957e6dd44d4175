package dev.paddock.server.quorum.auth;

import dev.paddock.security.sasl.JaasSection;
import dev.paddock.security.sasl.SaslClientExchange;
import dev.paddock.security.sasl.SaslConfigException;
import dev.paddock.security.sasl.SaslLogin;
import dev.paddock.security.sasl.SaslServerExchange;
import dev.paddock.security.sasl.ServerSasl;
import java.util.Map;
import java.util.Set;
import javax.security.sasl.SaslException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quorum SASL from the JVM's JAAS configuration, as ZooKeeper 3.9 sets it up: the accepting side logs in with the
 * server section ({@code QuorumServer}: DIGEST-MD5 {@code user_<name>} passwords, or Kerberos), the dialling side
 * with the learner section ({@code QuorumLearner}: {@code username}/{@code password}, or Kerberos towards
 * {@code quorum.auth.kerberos.servicePrincipal}). DIGEST-MD5 runs with protocol {@value #PROTOCOL} and server name
 * {@value #DIGEST_SERVER_NAME}; GSSAPI with the service and host of the server's own principal. Authorization is
 * {@link QuorumAuthorization}'s.
 */
public final class JaasQuorumSasl implements QuorumAuth.Mechanism {
    private static final Logger LOG = LoggerFactory.getLogger(JaasQuorumSasl.class);

    /** ZooKeeper's QUORUM_SERVER_PROTOCOL_NAME. */
    public static final String PROTOCOL = "zookeeper-quorum";
    /** ZooKeeper's QUORUM_SERVER_SASL_DIGEST, fixed between the two sides. */
    public static final String DIGEST_SERVER_NAME = "zk-quorum-sasl-md5";
    /** The placeholder of the service principal that becomes the peer's host. */
    public static final String HOST_PATTERN = "_HOST";

    private final SaslLogin server;
    private final SaslLogin learner;
    private final String servicePrincipal;
    private final Set<String> serverHosts;
    private final Map<String, String> users;
    private final ServerSasl serverSasl;

    private JaasQuorumSasl(SaslLogin server, SaslLogin learner, String servicePrincipal, Set<String> serverHosts)
            throws SaslConfigException {
        this.server = server;
        this.learner = learner;
        this.servicePrincipal = servicePrincipal;
        this.serverHosts = Set.copyOf(serverHosts);
        this.users = Map.copyOf(server.section().digestUsers());
        // checks at once that a SASL server can be made, so a bad set-up stops start-up as ZooKeeper's does
        this.serverSasl = ServerSasl.create(server, PROTOCOL, DIGEST_SERVER_NAME,
                () -> new QuorumSaslCallbacks(users, server.isKerberos(), this.serverHosts));
    }

    /**
     * Logs both sections in (Kerberos ones contact the KDC now) and checks a SASL server can be made, so that a bad
     * set-up stops start-up as it does ZooKeeper's.
     *
     * @param serverHosts the hosts of the configured servers (a Kerberos learner's principal must name one)
     */
    public static JaasQuorumSasl login(String serverContext, String learnerContext, String servicePrincipal,
            Set<String> serverHosts) throws SaslConfigException {
        JaasQuorumSasl sasl = new JaasQuorumSasl(SaslLogin.login(section(serverContext)),
                SaslLogin.login(section(learnerContext)), servicePrincipal, serverHosts);
        LOG.info("Quorum SASL: server section '{}' ({}), learner section '{}' ({}), service principal {}",
                serverContext, sasl.server.isKerberos() ? "GSSAPI as " + sasl.server.principal().orElse("?")
                        : "DIGEST-MD5, " + sasl.users.size() + " users", learnerContext,
                sasl.learner.isKerberos() ? "GSSAPI as " + sasl.learner.principal().orElse("?") : "DIGEST-MD5",
                servicePrincipal);
        return sasl;
    }

    private static JaasSection section(String name) throws SaslConfigException {
        return JaasSection.findConfigured(name).orElseThrow(() -> new SaslConfigException("quorum SASL is enabled "
                + "but the JAAS configuration (" + JaasSection.JAAS_CONFIG_PROPERTY + "="
                + System.getProperty(JaasSection.JAAS_CONFIG_PROPERTY) + ") has no section '" + name + "'"));
    }

    /**
     * The principal a learner asks for when dialling the server configured as {@code host}: ZooKeeper replaces
     * {@code _HOST} only in a two-part {@code service/_HOST} (no realm), with the host in lower case.
     */
    public static String servicePrincipalFor(String configured, String host) {
        String[] parts = configured.split("/");
        if (parts.length != 2 || !parts[1].equals(HOST_PATTERN)) {
            return configured;
        }
        return parts[0] + "/" + host.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public SaslExchange server() throws SaslException {
        QuorumSaslCallbacks callbacks = new QuorumSaslCallbacks(users, server.isKerberos(), serverHosts);
        return new ServerSide(serverSasl.newExchange(callbacks), callbacks);
    }

    @Override
    public SaslExchange learner(String peerHost) throws SaslException {
        SaslClientExchange c = SaslClientExchange.create(learner, servicePrincipalFor(servicePrincipal, peerHost),
                PROTOCOL, DIGEST_SERVER_NAME);
        return new SaslExchange() {
            @Override
            public byte[] initialResponse() throws SaslException {
                return c.initialToken();
            }

            @Override
            public byte[] evaluate(byte[] token) throws SaslException {
                return c.evaluate(token);
            }

            @Override
            public boolean isComplete() {
                return c.isComplete();
            }

            @Override
            public String authorizedId() {
                return null;
            }

            @Override
            public void dispose() {
                c.dispose();
            }
        };
    }

    /** The shared SASL server exchange (steps run as the server's subject for Kerberos), with quorum refusals. */
    private static final class ServerSide implements SaslExchange {
        private final SaslServerExchange exchange;
        private final QuorumSaslCallbacks callbacks;

        ServerSide(SaslServerExchange exchange, QuorumSaslCallbacks callbacks) {
            this.exchange = exchange;
            this.callbacks = callbacks;
        }

        @Override
        public byte[] initialResponse() {
            throw new UnsupportedOperationException("a SASL server has no initial response");
        }

        @Override
        public byte[] evaluate(byte[] token) throws SaslException {
            try {
                return exchange.respond(token);
            } catch (SaslException e) {
                throw callbacks.refusal() == null ? e : new SaslException(callbacks.refusal(), e);
            }
        }

        @Override
        public boolean isComplete() {
            return exchange.isComplete();
        }

        @Override
        public String authorizedId() {
            return exchange.authorizedId();
        }

        @Override
        public void dispose() {
            exchange.dispose();
        }
    }
}
