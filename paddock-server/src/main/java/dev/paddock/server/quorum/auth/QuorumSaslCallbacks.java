package dev.paddock.server.quorum.auth;

import java.util.Map;
import java.util.Set;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting member's answers to the JDK's SASL server on a quorum connection: DIGEST-MD5 passwords of the
 * {@code user_<name>} options of its JAAS server section, the realm as offered, and the quorum's own authorization
 * ({@link QuorumAuthorization}). One per exchange.
 */
public final class QuorumSaslCallbacks implements CallbackHandler {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumSaslCallbacks.class);

    private final Map<String, String> users;
    private final boolean kerberos;
    private final Set<String> serverHosts;
    private String user;
    private String refusal;

    public QuorumSaslCallbacks(Map<String, String> users, boolean kerberos, Set<String> serverHosts) {
        this.users = users;
        this.kerberos = kerberos;
        this.serverHosts = serverHosts;
    }

    /** Why this exchange's peer was not let in (the JDK's own SASL errors do not say), or null. */
    public String refusal() {
        return refusal;
    }

    @Override
    public void handle(Callback[] callbacks) {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback nc) {
                if (users.containsKey(nc.getDefaultName())) {
                    nc.setName(nc.getDefaultName());
                    user = nc.getDefaultName();
                } else {
                    refusal = "user '" + nc.getDefaultName() + "' is not among the DIGEST-MD5 users of the JAAS "
                            + "server section";
                    LOG.debug("Quorum SASL: {}", refusal);
                }
            } else if (c instanceof PasswordCallback pc) {
                if (user != null) {
                    pc.setPassword(users.get(user).toCharArray());
                }
            } else if (c instanceof RealmCallback rc) {
                rc.setText(rc.getDefaultText());
            } else if (c instanceof AuthorizeCallback ac) {
                String why = QuorumAuthorization.refusal(ac.getAuthenticationID(), ac.getAuthorizationID(),
                        kerberos, serverHosts);
                ac.setAuthorized(why == null);
                if (why == null) {
                    ac.setAuthorizedID(ac.getAuthorizationID());
                } else {
                    refusal = ac.getAuthorizationID() + " may not join the quorum: " + why;
                    LOG.debug("Quorum SASL: {}", refusal);
                }
            }
        }
    }
}
