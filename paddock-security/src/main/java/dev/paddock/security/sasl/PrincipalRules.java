package dev.paddock.security.sasl;

import java.util.Optional;

/**
 * How an authenticated SASL name becomes the authorized id (the {@code sasl} ACL id), as ZooKeeper's server callback
 * does: the DEFAULT short name, then {@code /host} unless {@code removeHost}, then {@code @REALM} unless
 * {@code removeRealm}. A name in a foreign realm (no rule applies) stays the full name.
 *
 * @param removeHost {@code kerberos.removeHostFromPrincipal}
 * @param removeRealm {@code kerberos.removeRealmFromPrincipal}
 */
public record PrincipalRules(boolean removeHost, boolean removeRealm) {
    public static final String REMOVE_HOST_PROPERTY = "zookeeper.kerberos.removeHostFromPrincipal";
    public static final String REMOVE_REALM_PROPERTY = "zookeeper.kerberos.removeRealmFromPrincipal";
    public static final PrincipalRules KEEP_ALL = new PrincipalRules(false, false);

    /** The rules from the {@code zookeeper.kerberos.*} system properties ("true" switches a rule on). */
    public static PrincipalRules fromSystemProperties() {
        return new PrincipalRules("true".equals(System.getProperty(REMOVE_HOST_PROPERTY)),
            "true".equals(System.getProperty(REMOVE_REALM_PROPERTY)));
    }

    public String authorizedId(String authenticationId) {
        return authorizedId(authenticationId, KerberosName.defaultRealm().orElse(""));
    }

    /** The authorized id of {@code authenticationId} with the given default realm. */
    public String authorizedId(String authenticationId, String defaultRealm) {
        KerberosName name;
        try {
            name = KerberosName.parse(authenticationId);
        } catch (IllegalArgumentException e) {
            return authenticationId;
        }
        Optional<String> shortName = name.shortName(defaultRealm);
        if (shortName.isEmpty()) {
            return authenticationId;
        }
        StringBuilder id = new StringBuilder(shortName.get());
        if (!removeHost && name.host() != null) {
            id.append('/').append(name.host());
        }
        if (!removeRealm && name.realm() != null) {
            id.append('@').append(name.realm());
        }
        return id.toString();
    }
}
