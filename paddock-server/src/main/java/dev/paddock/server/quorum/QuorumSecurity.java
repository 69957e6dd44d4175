package dev.paddock.server.quorum;

import dev.paddock.server.quorum.auth.QuorumAuth;

/**
 * What secures a member's election and quorum ports: quorum SASL ({@code quorum.auth.*}).
 */
public record QuorumSecurity(QuorumAuth auth) {
    public static final QuorumSecurity NONE = new QuorumSecurity(QuorumAuth.NONE);

    public QuorumSecurity {
        if (auth == null) {
            throw new IllegalArgumentException("auth must not be null (QuorumAuth.NONE: no SASL)");
        }
    }
}
