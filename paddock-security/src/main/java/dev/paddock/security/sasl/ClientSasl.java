package dev.paddock.security.sasl;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * ZooKeeper's client-side SASL keys and how the client names the server it authenticates to.
 */
public final class ClientSasl {
    /** {@code false} switches client SASL off; otherwise it is on when the JAAS client section exists. */
    public static final String ENABLED = "zookeeper.sasl.client";
    /** The JAAS section the client logs in with. */
    public static final String SECTION = "zookeeper.sasl.clientconfig";
    public static final String DEFAULT_SECTION = "Client";
    /** The service part of the server principal. */
    public static final String SERVICE = "zookeeper.sasl.client.username";
    public static final String DEFAULT_SERVICE = "zookeeper";
    /** The full server principal, overriding service and host. */
    public static final String SERVER_PRINCIPAL = "zookeeper.server.principal";
    /** Whether the server's host name is canonicalized (default true). */
    public static final String CANONICALIZE_HOSTNAME = "zookeeper.sasl.client.canonicalize.hostname";

    private ClientSasl() {
    }

    /**
     * The principal of the server at {@code address}: {@code configured} when given, else {@code service/host} with the
     * host canonicalized when asked (a literal address is never used in place of a name).
     */
    public static String serverPrincipal(InetSocketAddress address, String configured, String service,
                                         boolean canonicalize) {
        if (configured != null && !configured.isEmpty()) {
            return configured;
        }
        String host = address.getHostName();
        InetAddress ip = address.getAddress();
        if (canonicalize && ip != null) {
            String canonical = ip.getCanonicalHostName();
            if (!canonical.equals(ip.getHostAddress())) {
                host = canonical;
            }
        }
        return (service == null || service.isEmpty() ? DEFAULT_SERVICE : service) + "/" + host;
    }
}
