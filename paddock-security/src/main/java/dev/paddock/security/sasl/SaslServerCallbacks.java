package dev.paddock.security.sasl;

import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.RealmCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side's answers to the JDK SASL mechanisms: the DIGEST-MD5 password of a user of the JAAS section (the
 * {@code super} user's from {@value #SUPER_PASSWORD_PROPERTY} when set), the client's realm as offered, and for every
 * authenticated client the authorized id under {@link PrincipalRules}. One instance per exchange.
 */
final class SaslServerCallbacks implements CallbackHandler {
    static final String SUPER_PASSWORD_PROPERTY = "zookeeper.SASLAuthenticationProvider.superPassword";
    private static final Logger LOG = LoggerFactory.getLogger(SaslServerCallbacks.class);

    private final Map<String, String> users;
    private final PrincipalRules rules;
    private String user;

    SaslServerCallbacks(Map<String, String> users, PrincipalRules rules) {
        this.users = users;
        this.rules = rules;
    }

    @Override
    public void handle(Callback[] callbacks) {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback) {
                onName((NameCallback) c);
            } else if (c instanceof PasswordCallback) {
                onPassword((PasswordCallback) c);
            } else if (c instanceof RealmCallback) {
                RealmCallback rc = (RealmCallback) c;
                rc.setText(rc.getDefaultText());
            } else if (c instanceof AuthorizeCallback) {
                onAuthorize((AuthorizeCallback) c);
            }
        }
    }

    private void onName(NameCallback nc) {
        String name = nc.getDefaultName();
        if (!users.containsKey(name)) {
            LOG.warn("SASL DIGEST-MD5: user '{}' is not in the JAAS server section", name);
            return;
        }
        nc.setName(name);
        user = name;
    }

    private void onPassword(PasswordCallback pc) {
        String superPassword = System.getProperty(SUPER_PASSWORD_PROPERTY);
        if ("super".equals(user) && superPassword != null) {
            pc.setPassword(superPassword.toCharArray());
        } else if (user != null && users.containsKey(user)) {
            pc.setPassword(users.get(user).toCharArray());
        }
    }

    private void onAuthorize(AuthorizeCallback ac) {
        ac.setAuthorized(true);
        ac.setAuthorizedID(rules.authorizedId(ac.getAuthenticationID()));
    }
}
