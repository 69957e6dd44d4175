package dev.paddock.core.auth;

import dev.paddock.jute.data.Id;
import java.util.Collection;
import java.util.Set;

/**
 * How clients authenticate on the client port beyond digest and ip, as ZooKeeper 3.9 configures it.
 *
 * @param sasl                   the SASL mechanisms (a JAAS server section), or null when SASL is not configured
 * @param enforce                enforce.auth.enabled (or sessionRequireClientSASLAuth): a connection must hold an id
 *                               of one of {@code enforceSchemes} before any request other than auth and SASL
 * @param enforceSchemes         enforce.auth.schemes ({@code sasl} alone under sessionRequireClientSASLAuth)
 * @param saslSuperUsers         zookeeper.superUser(.*): SASL authorized ids that also get the super id
 * @param allowSaslFailedClients zookeeper.allowSaslFailedClients: a failed SASL exchange keeps the connection
 *                               (unless SASL is required)
 */
public record ClientAuth(SaslAuthenticator sasl, boolean enforce, Set<String> enforceSchemes,
                         Set<String> saslSuperUsers, boolean allowSaslFailedClients) {
    public static final String SASL_SCHEME = "sasl";
    public static final ClientAuth NONE = new ClientAuth(null, false, Set.of(), Set.of(), false);

    public ClientAuth {
        enforceSchemes = Set.copyOf(enforceSchemes);
        saslSuperUsers = Set.copyOf(saslSuperUsers);
        if (enforce && enforceSchemes.isEmpty()) {
            throw new IllegalArgumentException("enforce.auth.enabled is true but enforce.auth.schemes is empty");
        }
    }

    /** Whether SASL is among the enforced schemes (a failed SASL exchange then ends the connection). */
    public boolean saslRequired() {
        return enforce && enforceSchemes.contains(SASL_SCHEME);
    }

    /** Whether {@code ids} satisfy enforcement (always, when it is off). */
    public boolean admits(Collection<Id> ids) {
        if (!enforce) {
            return true;
        }
        for (Id id : ids) {
            if (enforceSchemes.contains(id.scheme())) {
                return true;
            }
        }
        return false;
    }
}
