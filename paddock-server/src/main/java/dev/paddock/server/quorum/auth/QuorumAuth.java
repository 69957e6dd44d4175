package dev.paddock.server.quorum.auth;

import javax.security.sasl.SaslException;

/**
 * A member's quorum SASL, as its {@code quorum.auth.*} keys set it: which handshakes its connections run. With
 * {@code quorum.auth.enableSasl} false (the default) none: not a byte is exchanged, as in ZooKeeper. Thread-safe;
 * every connection gets its own handshake.
 */
public final class QuorumAuth {
    /** Where a member's SASL exchanges come from (JAAS sections, or fakes in tests). */
    public interface Mechanism {
        /** The accepting side's exchange (JAAS section {@code quorum.auth.server.saslLoginContext}). */
        SaslExchange server() throws SaslException;

        /**
         * The dialling side's exchange towards the server configured with {@code peerHost} (its host name in the
         * server.N line; {@code _HOST} in the Kerberos service principal becomes it).
         */
        SaslExchange learner(String peerHost) throws SaslException;
    }

    public static final QuorumAuth NONE = new QuorumAuth(false, false, false, 0, null);
    /** ZooKeeper's default {@code quorum.cnxn.threads.size}. */
    public static final int DEFAULT_THREADS = 20;

    private final boolean enabled;
    private final boolean learnerRequired;
    private final boolean serverRequired;
    private final int threads;
    private final Mechanism mechanism;

    private QuorumAuth(boolean enabled, boolean learnerRequired, boolean serverRequired, int threads,
            Mechanism mechanism) {
        this.enabled = enabled;
        this.learnerRequired = learnerRequired;
        this.serverRequired = serverRequired;
        this.threads = threads;
        this.mechanism = mechanism;
    }

    /** Quorum SASL on ({@code quorum.auth.enableSasl=true}) with the two "required" switches. */
    public static QuorumAuth sasl(boolean learnerRequired, boolean serverRequired, Mechanism mechanism) {
        return sasl(learnerRequired, serverRequired, DEFAULT_THREADS, mechanism);
    }

    /**
     * As {@link #sasl(boolean, boolean, Mechanism)}; {@code threads} ({@code quorum.cnxn.threads.size}) bounds the
     * threads that start election-port handshakes (a Kerberos learner asks the KDC for a ticket then).
     */
    public static QuorumAuth sasl(boolean learnerRequired, boolean serverRequired, int threads, Mechanism mechanism) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive: " + threads);
        }
        return new QuorumAuth(true, learnerRequired, serverRequired, threads, mechanism);
    }

    /** How many threads may start election-port handshakes at once (0 when SASL is off). */
    public int threads() {
        return threads;
    }

    public boolean enabled() {
        return enabled;
    }

    public boolean learnerRequired() {
        return learnerRequired;
    }

    public boolean serverRequired() {
        return serverRequired;
    }

    /** For an accepted connection: null when SASL is off (nothing is read for it). */
    public ServerAuthHandshake newServerHandshake() {
        return enabled ? new ServerAuthHandshake(serverRequired, mechanism::server) : null;
    }

    /**
     * For a dialled connection to the server configured as {@code peerHost}: null when this member sends no auth
     * packet (SASL off, or {@code quorum.auth.learnerRequireSasl} false — ZooKeeper's learner then skips it).
     */
    public LearnerAuthHandshake newLearnerHandshake(String peerHost, String peerDescription) {
        return enabled && learnerRequired
                ? new LearnerAuthHandshake(() -> mechanism.learner(peerHost), peerDescription) : null;
    }

    @Override
    public String toString() {
        return enabled ? "quorum SASL (learnerRequireSasl=" + learnerRequired + ", serverRequireSasl="
                + serverRequired + ")" : "no quorum SASL";
    }
}
