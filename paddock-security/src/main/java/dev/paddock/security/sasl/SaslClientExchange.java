package dev.paddock.security.sasl;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.RealmCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * One SASL exchange from the client side over the JDK's mechanisms, as ZooKeeper's client runs it: DIGEST-MD5 with the
 * section's {@code username}/{@code password} when the login holds no Kerberos principal, GSSAPI towards
 * {@code servicePrincipal} otherwise (its realm defaults to the client's, or {@value #SERVER_REALM_PROPERTY}).
 */
public final class SaslClientExchange {
    public static final String SERVER_REALM_PROPERTY = "zookeeper.server.realm";

    private final SaslClient client;
    private final Subject subject;

    private SaslClientExchange(SaslClient client, Subject subject) {
        this.client = client;
        this.subject = subject;
    }

    /**
     * Creates the exchange.
     *
     * @param servicePrincipal the server's Kerberos principal, {@code service/host[@REALM]} (GSSAPI only)
     * @param protocol the DIGEST-MD5 protocol ({@code zookeeper} on the client port)
     * @param serverName the DIGEST-MD5 server name ({@code zk-sasl-md5} on the client port)
     */
    public static SaslClientExchange create(SaslLogin login, String servicePrincipal, String protocol,
                                            String serverName) throws SaslException {
        if (!login.isKerberos()) {
            String user = login.username().orElseThrow(() -> new SaslException(
                "the JAAS section '" + login.section().name() + "' has no username option for DIGEST-MD5"));
            String password = login.password().orElse("");
            SaslClient client = Sasl.createSaslClient(new String[] {"DIGEST-MD5"}, user, protocol, serverName, null,
                callbacks -> digestCallbacks(callbacks, user, password));
            if (client == null) {
                throw new SaslException("the JDK offers no DIGEST-MD5 SASL client");
            }
            return new SaslClientExchange(client, null);
        }
        KerberosName me = KerberosName.parse(login.principal().orElseThrow());
        String target = servicePrincipal.contains("@") ? servicePrincipal
            : servicePrincipal + "@" + System.getProperty(SERVER_REALM_PROPERTY, String.valueOf(me.realm()));
        KerberosName service = KerberosName.parse(target);
        SaslClient client = SaslServerExchange.doAs(login.subject(), () -> Sasl.createSaslClient(
            new String[] {"GSSAPI"}, me.toString(), service.primary(), service.host(), null, callbacks -> { }));
        if (client == null) {
            throw new SaslException("the JDK offers no GSSAPI SASL client");
        }
        return new SaslClientExchange(client, login.subject());
    }

    private static void digestCallbacks(Callback[] callbacks, String user, String password) {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback) {
                ((NameCallback) c).setName(user);
            } else if (c instanceof PasswordCallback) {
                ((PasswordCallback) c).setPassword(password.toCharArray());
            } else if (c instanceof RealmCallback) {
                RealmCallback rc = (RealmCallback) c;
                rc.setText(rc.getDefaultText());
            }
        }
    }

    /** The first token to send: the initial response (GSSAPI), or an empty token (DIGEST-MD5). */
    public byte[] initialToken() throws SaslException {
        if (client.hasInitialResponse()) {
            return evaluate(new byte[0]);
        }
        return new byte[0];
    }

    /** Evaluates a server challenge; returns the next token to send or {@code null} when none is due. */
    public byte[] evaluate(byte[] challenge) throws SaslException {
        byte[] in = challenge == null ? new byte[0] : challenge;
        return SaslServerExchange.doAs(subject, () -> client.evaluateChallenge(in));
    }

    public boolean isComplete() {
        return client.isComplete();
    }

    public String mechanism() {
        return client.getMechanismName();
    }

    public void dispose() {
        try {
            client.dispose();
        } catch (SaslException e) {
            // nothing held that matters once the exchange is over
        }
    }
}
