package dev.paddock.server.quorum.auth;

import dev.paddock.server.quorum.auth.AuthStep.Outcome;
import javax.security.sasl.SaslException;

/**
 * The accepting side of quorum SASL on one connection (election port after the initial message, or quorum port
 * before the learner's first packet), as ZooKeeper 3.9's {@code SaslQuorumAuthServer} decides it:
 * <ol>
 *   <li>the first 8 bytes the peer sends are looked at without being consumed: not {@link QuorumAuthPacket#MAGIC}
 *       means the peer does not authenticate — refused when {@code quorum.auth.serverRequireSasl}, let through
 *       otherwise (so is a peer that sends nothing and hangs up, or stays silent until the timeout);</li>
 *   <li>otherwise each learner packet's token goes to the SASL server and the answer goes back: IN_PROGRESS with
 *       the challenge while the server is not complete (at most {@link #MAX_ROUNDS} times), SUCCESS with the last
 *       challenge once it is;</li>
 *   <li>a SASL failure sends ERROR with an empty token, and the connection is refused when SASL is required and let
 *       through (unauthenticated) when not, as ZooKeeper does during a rolling upgrade.</li>
 * </ol>
 * One difference: when the rounds run out ZooKeeper sends ERROR and then carries on as if nothing happened; here
 * that counts as a failed authentication. Not thread-safe: one connection, one thread at a time.
 */
public final class ServerAuthHandshake {
    /** Challenges sent before giving up (ZooKeeper's MAX_RETRIES + 1). */
    public static final int MAX_ROUNDS = 5;

    private final boolean required;
    private final SaslExchange.Source saslServers;
    private SaslExchange sasl;
    private int rounds;
    private boolean finished;

    /**
     * @param required    {@code quorum.auth.serverRequireSasl}
     * @param saslServers makes the SASL server when a peer starts authenticating (may throw: a failed handshake)
     */
    public ServerAuthHandshake(boolean required, SaslExchange.Source saslServers) {
        this.required = required;
        this.saslServers = saslServers;
    }

    /** The peer's first 8 bytes, read as a long and left unconsumed: an auth packet or ordinary traffic. */
    public AuthStep firstLong(long first) {
        if (first == QuorumAuthPacket.MAGIC) {
            return AuthStep.cont(null);
        }
        return noAuth("the peer does not authenticate");
    }

    /** The peer hung up or stayed silent before sending 8 bytes. */
    public AuthStep endedBeforeAuth(String why) {
        return noAuth("the peer did not authenticate (" + why + ")");
    }

    private AuthStep noAuth(String why) {
        finished = true;
        if (required) {
            return new AuthStep(null, Outcome.REFUSED, why + " and quorum.auth.serverRequireSasl is true");
        }
        return new AuthStep(null, Outcome.ALLOWED_WITHOUT_AUTH, why + "; allowed as quorum.auth.serverRequireSasl "
                + "is false");
    }

    /** An auth packet from the peer. */
    public AuthStep packet(QuorumAuthPacket p) {
        if (finished) {
            throw new IllegalStateException("the handshake is over");
        }
        try {
            if (p.magic() != QuorumAuthPacket.MAGIC) {
                throw new SaslException("auth packet with bad magic 0x" + Long.toHexString(p.magic()));
            }
            if (sasl == null) {
                sasl = saslServers.open();
            }
            byte[] challenge = sasl.evaluate(p.token() == null ? new byte[0] : p.token());
            if (sasl.isComplete()) {
                finished = true;
                String who = sasl.authorizedId();
                dispose();
                return new AuthStep(reply(QuorumAuthPacket.SUCCESS, challenge), Outcome.AUTHENTICATED, who);
            }
            if (++rounds > MAX_ROUNDS) {
                return failed(reply(QuorumAuthPacket.ERROR, challenge), "no result after " + MAX_ROUNDS + " rounds");
            }
            return AuthStep.cont(reply(QuorumAuthPacket.IN_PROGRESS, challenge));
        } catch (SaslException | RuntimeException e) {
            return failed(QuorumAuthPacket.of(QuorumAuthPacket.ERROR, new byte[0]), describe(e));
        }
    }

    private AuthStep failed(QuorumAuthPacket reply, String why) {
        finished = true;
        dispose();
        if (required) {
            return new AuthStep(reply, Outcome.REFUSED, "authentication failed: " + why);
        }
        return new AuthStep(reply, Outcome.ALLOWED_WITHOUT_AUTH, "authentication failed (" + why
                + "); the connection stays as quorum.auth.serverRequireSasl is false");
    }

    /** As ZooKeeper writes its answers: a missing challenge in anything but SUCCESS goes out as IN_PROGRESS. */
    private static QuorumAuthPacket reply(int status, byte[] challenge) {
        if (challenge == null && status != QuorumAuthPacket.SUCCESS) {
            return QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, null);
        }
        return QuorumAuthPacket.of(status, challenge);
    }

    /** Ends the SASL server, e.g. when the connection closes mid-way. Idempotent. */
    public void dispose() {
        if (sasl != null) {
            sasl.dispose();
            sasl = null;
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        Throwable c = e.getCause();
        return (m == null ? e.getClass().getSimpleName() : m) + (c != null && c.getMessage() != null
                && (m == null || !m.contains(c.getMessage())) ? " (" + c.getMessage() + ")" : "");
    }
}
