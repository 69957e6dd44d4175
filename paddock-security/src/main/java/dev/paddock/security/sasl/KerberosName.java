package dev.paddock.security.sasl;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.kerberos.KerberosPrincipal;

/**
 * A Kerberos principal name {@code primary[/host][@REALM]} and its short name under the DEFAULT mapping rule (the
 * primary when the realm is the default realm of the JVM's krb5 configuration), as ZooKeeper maps principals.
 *
 * @param primary the user or service
 * @param host the instance ({@code null} when absent)
 * @param realm the realm ({@code null} when absent)
 */
public record KerberosName(String primary, String host, String realm) {
    private static final Pattern FULL = Pattern.compile("([^/@]+)(/([^/@]+))?@([^/@]+)");

    /** Parses a principal; a name without a realm is a plain user name; a malformed one with '@' is refused. */
    public static KerberosName parse(String name) {
        Matcher m = FULL.matcher(name);
        if (m.matches()) {
            return new KerberosName(m.group(1), m.group(3), m.group(4));
        }
        if (name.contains("@")) {
            throw new IllegalArgumentException("malformed Kerberos name: " + name);
        }
        return new KerberosName(name, null, null);
    }

    /** True when {@code name} is a valid principal name (the test ZooKeeper's {@code sasl} ACL scheme applies). */
    public static boolean isValid(String name) {
        try {
            parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The default realm of the JVM's Kerberos configuration, empty when there is none. */
    public static Optional<String> defaultRealm() {
        try {
            String realm = new KerberosPrincipal("paddock-probe").getRealm();
            return realm == null || realm.isEmpty() ? Optional.empty() : Optional.of(realm);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The short name under the DEFAULT rule: the primary for a name without realm or in {@code defaultRealm};
     * empty when no rule applies (a foreign realm), in which case the authorized id stays the full name.
     */
    public Optional<String> shortName(String defaultRealm) {
        if (realm == null || realm.equals(defaultRealm)) {
            return Optional.of(primary);
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return primary + (host == null ? "" : "/" + host) + (realm == null ? "" : "@" + realm);
    }
}
