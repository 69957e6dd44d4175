package dev.paddock.server.quorum.auth;

import java.util.Set;

/**
 * Who may join the quorum once SASL authenticated them, as ZooKeeper 3.9.3's
 * {@code SaslQuorumServerCallbackHandler} decides:
 * <ul>
 *   <li>the authorization id must equal the authentication id (no acting as someone else);</li>
 *   <li>with Kerberos (any JAAS server module other than DIGEST-MD5's) the principal must have the form
 *       {@code service/host@REALM} and its host must be the host of one of the configured servers (server.N lines).
 *       A principal without a host part is refused: before the fix of CVE-2023-44981 it skipped the host check, so
 *       any principal of the realm could join.</li>
 * </ul>
 * DIGEST-MD5 users are authorized by their password alone, as in ZooKeeper.
 */
public final class QuorumAuthorization {
    private QuorumAuthorization() {
    }

    /**
     * @param kerberos     whether the server section is not a DIGEST-MD5 one
     * @param serverHosts  the hosts of the configured servers
     * @return null when authorized, else why not
     */
    public static String refusal(String authenticationId, String authorizationId, boolean kerberos,
            Set<String> serverHosts) {
        if (authenticationId == null || !authenticationId.equals(authorizationId)) {
            return "authorization id " + authorizationId + " is not the authenticated " + authenticationId;
        }
        if (!kerberos) {
            return null;
        }
        String[] parts = authorizationId.split("[/@]");
        if (parts.length != 3) {
            return authorizationId + " has no service/host@REALM form (a quorum member's principal names its host)";
        }
        if (!serverHosts.contains(parts[1])) {
            return "host " + parts[1] + " of " + authorizationId + " is not the host of any configured server "
                    + serverHosts;
        }
        return null;
    }
}
