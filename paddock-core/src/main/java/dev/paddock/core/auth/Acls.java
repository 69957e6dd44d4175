package dev.paddock.core.auth;

import dev.paddock.jute.data.ACL;
import dev.paddock.jute.data.Id;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * ACL schemes and checks as ZooKeeper 3.9 has them: world (only "anyone"), auth (expanded to the caller's
 * authenticated ids), digest ("user:base64(sha1(user:password))", exact match), ip (IPv4 with optional /bits),
 * x509 (a certificate subject DN, exact match; the id comes from the TLS handshake), sasl (a SASL authorized
 * id, exact match), and super (an authenticated id that passes every check). x509 and sasl ids need their
 * provider on the server (x509: TLS on the client port or authProvider ...X509AuthenticationProvider; sasl:
 * authProvider ...SASLAuthenticationProvider), as in ZooKeeper.
 */
public final class Acls {
    private Acls() {
    }

    /** ZooKeeper's digest of "user:password": "user:" + base64(sha1("user:password")). */
    public static String digest(String userPassword) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA1").digest(userPassword.getBytes(StandardCharsets.UTF_8));
            return userPassword.split(":", 2)[0] + ":" + Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA1 unavailable", e);
        }
    }

    /** Whether the scheme is one this server has a provider for, and the id is well formed for it. */
    static boolean validId(Id id, Set<String> providers) {
        if (!providers.contains(id.scheme()) && !ClientAuth.BUILT_IN_PROVIDERS.contains(id.scheme())) {
            return false;
        }
        return switch (id.scheme()) {
            case "digest" -> id.id() != null && id.id().split(":").length == 2;
            case "ip" -> id.id() != null && validIp(id.id());
            case "x509" -> id.id() != null && validX500(id.id());
            case "sasl" -> id.id() != null && validPrincipal(id.id());
            default -> false;
        };
    }

    /** ZooKeeper's x509 ids are whatever javax.security.auth.x500.X500Principal parses. */
    static boolean validX500(String name) {
        try {
            new javax.security.auth.x500.X500Principal(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Schemes whose ids stand for a proven identity, so "auth" ACLs expand to them (x509, sasl: with provider). */
    static boolean isAuthenticatedScheme(String scheme, Set<String> providers) {
        return scheme.equals("digest") || (scheme.equals("sasl") || scheme.equals("x509")) && providers.contains(scheme);
    }

    /** A Kerberos-style name: {@code name} without '@', or {@code primary[/host]@REALM} (ZooKeeper's sasl ids). */
    static boolean validPrincipal(String id) {
        return !id.contains("@") || id.matches("[^/@]*(/[^/@]*)?@[^/@]*");
    }

    static boolean validIp(String expr) {
        String[] parts = expr.split("/", 2);
        byte[] addr = ipv4(parts[0]);
        if (addr == null) {
            return false;
        }
        if (parts.length == 2) {
            try {
                int bits = Integer.parseInt(parts[1]);
                return bits >= 0 && bits <= 32;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static boolean ipMatches(String clientIp, String expr) {
        String[] parts = expr.split("/", 2);
        byte[] acl = ipv4(parts[0]);
        if (acl == null) {
            return false;
        }
        int bits = 32;
        if (parts.length == 2) {
            try {
                bits = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                return false;
            }
            if (bits < 0 || bits > 32) {
                return false;
            }
        }
        byte[] client = ipv4(clientIp);
        if (client == null) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            int mask = keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff;
            if ((acl[i] & mask) != (client[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** The four bytes of a dotted IPv4 address, or null when it is not one. */
    public static byte[] ipv4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            try {
                int v = Integer.parseInt(parts[i]);
                if (v < 0 || v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return b;
    }

    /**
     * Checks an ACL list from a create or setACL and expands "auth" entries; returns null when the list is
     * invalid (empty, unknown scheme, malformed id, or "auth" with no authenticated id).
     */
    public static List<ACL> fixup(List<ACL> acls, Collection<Id> authIds) {
        return fixup(acls, authIds, ClientAuth.BUILT_IN_PROVIDERS);
    }

    /** As {@link #fixup(List, Collection)} on a server with authentication providers for {@code providers}. */
    public static List<ACL> fixup(List<ACL> acls, Collection<Id> authIds, Set<String> providers) {
        if (acls == null || acls.isEmpty()) {
            return null;
        }
        if (acls.size() == 1 && acls.get(0) != null && isWorldAnyone(acls.get(0).id())) {
            return acls; // the usual case, as it is
        }
        List<ACL> unique = new ArrayList<>(acls.size());
        for (ACL a : acls) {
            if (!unique.contains(a)) {
                unique.add(a);
            }
        }
        List<ACL> out = new ArrayList<>(unique.size());
        for (ACL a : unique) {
            if (a == null || a.id() == null || a.id().scheme() == null) {
                return null;
            }
            Id id = a.id();
            if (isWorldAnyone(id)) {
                out.add(a);
            } else if (id.scheme().equals("auth")) {
                boolean any = false;
                for (Id mine : authIds) {
                    if (isAuthenticatedScheme(mine.scheme(), providers)) {
                        any = true;
                        out.add(new ACL(a.perms(), mine));
                    }
                }
                if (!any) {
                    return null;
                }
            } else if (validId(id, providers)) {
                out.add(a);
            } else {
                return null;
            }
        }
        return out;
    }

    /** Whether ids {@code authIds} hold permission {@code perm} under {@code acl}. */
    public static boolean allowed(List<ACL> acl, int perm, Collection<Id> authIds) {
        if (acl == null || acl.isEmpty()) {
            return true;
        }
        for (int i = 0, n = acl.size(); i < n; i++) { // the usual case first, without walking the ids
            ACL a = acl.get(i);
            if ((a.perms() & perm) != 0 && isWorldAnyone(a.id())) {
                return true;
            }
        }
        if (authIds.isEmpty()) {
            return false;
        }
        for (Id mine : authIds) {
            if (mine.scheme().equals("super")) {
                return true;
            }
        }
        for (ACL a : acl) {
            if ((a.perms() & perm) == 0) {
                continue;
            }
            Id id = a.id(); // world:anyone with the bit has passed above
            for (Id mine : authIds) {
                if (!mine.scheme().equals(id.scheme())) {
                    continue;
                }
                boolean match = switch (id.scheme()) {
                    case "digest", "x509" -> mine.id().equals(id.id());
                    case "ip" -> ipMatches(mine.id(), id.id());
                    // as ZooKeeper's SASL provider: an authorized id "super" matches every sasl entry
                    case "sasl" -> mine.id().equals("super") || mine.id().equals(id.id());
                    default -> false;
                };
                if (match) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The user name whoAmI reports for an id, or "" where ZooKeeper reports none. */
    public static String userName(Id id) {
        return userName(id, ClientAuth.BUILT_IN_PROVIDERS);
    }

    /** As {@link #userName(Id)} on a server with providers for {@code providers} (none for a scheme without). */
    public static String userName(Id id, Set<String> providers) {
        return switch (id.scheme()) {
            case "digest" -> id.id().split(":")[0];
            case "ip" -> id.id();
            case "sasl", "x509" -> providers.contains(id.scheme()) ? id.id() : "";
            default -> "";
        };
    }

    private static boolean isWorldAnyone(Id id) {
        return id != null && "world".equals(id.scheme()) && "anyone".equals(id.id());
    }
}
