package dev.paddock.security.sasl;

import java.util.Map;
import java.util.function.Supplier;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * The server side of SASL for one JAAS section, as ZooKeeper sets it up: GSSAPI when the section logged in with
 * Kerberos (service and host taken from the server's own principal {@code service/host@REALM}), DIGEST-MD5
 * otherwise, with the given protocol and server name ({@value #CLIENT_PROTOCOL}/{@value #CLIENT_SERVER_NAME} on the
 * client port) and the section's {@code user_<name>} passwords. Thread-safe; each connection gets its own
 * {@link SaslServerExchange}.
 */
public final class ServerSasl {
    /** The SASL protocol of the client port (DIGEST-MD5 digest-uri service). */
    public static final String CLIENT_PROTOCOL = "zookeeper";
    /** The DIGEST-MD5 server name of the client port, fixed between ZooKeeper's server and client. */
    public static final String CLIENT_SERVER_NAME = "zk-sasl-md5";
    /** The system property naming the server's JAAS section. */
    public static final String SECTION_PROPERTY = "zookeeper.sasl.serverconfig";
    public static final String DEFAULT_SECTION = "Server";

    private final SaslLogin login;
    private final String protocol;
    private final String serverName;
    private final Supplier<CallbackHandler> callbacks;

    private ServerSasl(SaslLogin login, String protocol, String serverName, Supplier<CallbackHandler> callbacks) {
        this.login = login;
        this.protocol = protocol;
        this.serverName = serverName;
        this.callbacks = callbacks;
    }

    /**
     * Checks that an exchange can be created (a Kerberos principal of the form {@code service/host@REALM}, the JDK
     * mechanism available) so that a bad set-up fails at start, not at the first client.
     */
    public static ServerSasl create(SaslLogin login, String protocol, String serverName, PrincipalRules rules)
            throws SaslConfigException {
        Map<String, String> users = Map.copyOf(login.section().digestUsers());
        return create(login, protocol, serverName, () -> new SaslServerCallbacks(users, rules));
    }

    /**
     * As {@link #create(SaslLogin, String, String, PrincipalRules)} with the caller's own callbacks (one handler per
     * exchange), for set-ups whose passwords or authorization differ from the client port's (e.g. quorum SASL).
     */
    public static ServerSasl create(SaslLogin login, String protocol, String serverName,
                                    Supplier<CallbackHandler> callbacks) throws SaslConfigException {
        ServerSasl sasl = new ServerSasl(login, protocol, serverName, callbacks);
        try {
            sasl.newExchange().dispose();
        } catch (SaslException e) {
            throw new SaslConfigException("cannot create a SASL server for " + login.section(), e);
        }
        return sasl;
    }

    /** The client-port set-up ({@value #CLIENT_PROTOCOL}, {@value #CLIENT_SERVER_NAME}). */
    public static ServerSasl forClientPort(SaslLogin login, PrincipalRules rules) throws SaslConfigException {
        return create(login, CLIENT_PROTOCOL, CLIENT_SERVER_NAME, rules);
    }

    public String mechanism() {
        return login.isKerberos() ? "GSSAPI" : "DIGEST-MD5";
    }

    public SaslLogin login() {
        return login;
    }

    /** A new exchange for one connection. */
    public SaslServerExchange newExchange() throws SaslException {
        return newExchange(callbacks.get());
    }

    /** A new exchange for one connection whose callbacks the caller keeps (e.g. to read why it refused). */
    public SaslServerExchange newExchange(CallbackHandler handler) throws SaslException {
        if (!login.isKerberos()) {
            SaslServer server = Sasl.createSaslServer("DIGEST-MD5", protocol, serverName, null, handler);
            if (server == null) {
                throw new SaslException("the JDK offers no DIGEST-MD5 SASL server");
            }
            return new SaslServerExchange(server, null);
        }
        KerberosName own = KerberosName.parse(login.principal().orElseThrow());
        if (own.host() == null) {
            throw new SaslException("the server principal " + own + " has no host part (expected service/host@REALM)");
        }
        SaslServer server = SaslServerExchange.doAs(login.subject(),
            () -> Sasl.createSaslServer("GSSAPI", own.primary(), own.host(), null, handler));
        if (server == null) {
            throw new SaslException("the JDK offers no GSSAPI SASL server");
        }
        return new SaslServerExchange(server, login.subject());
    }
}
