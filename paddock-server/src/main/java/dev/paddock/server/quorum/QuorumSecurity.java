package dev.paddock.server.quorum;

import dev.paddock.server.quorum.auth.QuorumAuth;

/**
 * What secures a member's election and quorum ports: TLS ({@code sslQuorum}, {@code portUnification}) and then,
 * inside it, quorum SASL ({@code quorum.auth.*}).
 */
public record QuorumSecurity(QuorumAuth auth, QuorumTls tls) {
    public static final QuorumSecurity NONE = new QuorumSecurity(QuorumAuth.NONE, QuorumTls.NONE);

    public QuorumSecurity {
        if (auth == null || tls == null) {
            throw new IllegalArgumentException("auth and tls must not be null (QuorumAuth.NONE, QuorumTls.NONE)");
        }
    }

    @Override
    public String toString() {
        return auth + ", " + tls;
    }
}
