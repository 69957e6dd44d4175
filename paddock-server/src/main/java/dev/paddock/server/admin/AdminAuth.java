package dev.paddock.server.admin;

import dev.paddock.core.auth.Acls;
import dev.paddock.core.tree.DataNode;
import dev.paddock.core.tree.DataTree;
import dev.paddock.jute.data.Id;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The admin server's authentication and authorization, as ZooKeeper 3.9.5 does it. The {@code Authorization}
 * header is "scheme" or "scheme data": {@code digest user:password} (the super digest adds the super id),
 * {@code ip} (the address the socket sees; an X-Forwarded-For header is never trusted, CVE-2024-51504),
 * {@code x509} (the client certificate of the HTTPS connection: its subject, and super for the x509 super user).
 * Any other scheme, and x509 without a client certificate, fails authentication. Authorization reads the ACL of the
 * command's path in the live tree and needs every bit of the permission separately (CVE-2025-58457: one bit of ALL
 * used to be enough).
 */
public final class AdminAuth {
    private AdminAuth() {
    }

    /** What a command needs: {@code perm} bits on the node at {@code path}. */
    public record Request(int perm, String path) {
    }

    /** The header could not be turned into ids. */
    public static final class NotAuthenticated extends Exception {
        public NotAuthenticated(String why) {
            super(why, null, false, false);
        }
    }

    /**
     * The ids the header stands for.
     *
     * @param superDigest "super:base64", or null
     */
    public static List<Id> authenticate(String header, InetSocketAddress remote, String superDigest)
            throws NotAuthenticated {
        return authenticate(header, remote, superDigest, List.of());
    }

    /**
     * As above, for a connection whose TLS handshake proved {@code x509Ids} (see
     * {@link dev.paddock.server.net.X509Ids}; empty for plain HTTP or no client certificate).
     */
    public static List<Id> authenticate(String header, InetSocketAddress remote, String superDigest, List<Id> x509Ids)
            throws NotAuthenticated {
        String[] parts = header.split(" ");
        if (parts.length != 1 && parts.length != 2) {
            throw new NotAuthenticated("the Authorization header must be 'scheme' or 'scheme data'");
        }
        String scheme = parts[0];
        List<Id> ids = new ArrayList<>();
        switch (scheme) {
            case "digest" -> {
                if (parts.length != 2) {
                    throw new NotAuthenticated("digest needs user:password");
                }
                String digest = Acls.digest(parts[1]);
                if (digest.equals(superDigest)) {
                    ids.add(new Id("super", ""));
                }
                ids.add(new Id("digest", digest));
            }
            case "ip" -> {
                if (remote == null || remote.getAddress() == null) {
                    throw new NotAuthenticated("no client address");
                }
                ids.add(new Id("ip", remote.getAddress().getHostAddress()));
            }
            case "x509" -> {
                if (x509Ids.isEmpty()) {
                    throw new NotAuthenticated("x509 needs a client certificate (HTTPS with admin.needClientAuth)");
                }
                ids.addAll(x509Ids);
            }
            default -> throw new NotAuthenticated("no authentication provider for scheme " + scheme);
        }
        return ids;
    }

    /** The outcome of checking ids against a node's ACL. */
    public enum Outcome { ALLOWED, DENIED, NO_NODE }

    /** Core thread: whether {@code ids} hold every bit of {@code request.perm} on {@code request.path}. */
    public static Outcome authorize(DataTree tree, List<Id> ids, Request request) {
        DataNode node = tree.get(request.path());
        if (node == null) {
            return Outcome.NO_NODE;
        }
        for (int bit = 1; bit != 0 && bit <= request.perm(); bit <<= 1) {
            if ((request.perm() & bit) != 0 && !Acls.allowed(node.acl(), bit, ids)) {
                return Outcome.DENIED;
            }
        }
        return Outcome.ALLOWED;
    }
}
