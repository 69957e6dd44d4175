package dev.paddock.server.quorum.auth;

import dev.paddock.server.quorum.auth.AuthStep.Outcome;
import javax.security.sasl.SaslException;

/**
 * The dialling side of quorum SASL on one connection, as ZooKeeper 3.9's {@code SaslQuorumAuthLearner} runs it
 * (only when {@code quorum.auth.learnerRequireSasl} is true; otherwise a learner sends no auth packet at all):
 * the first packet is IN_PROGRESS with the mechanism's initial response (an empty token for DIGEST-MD5); each
 * IN_PROGRESS answer is evaluated and the response sent back; SUCCESS ends it once the client side is complete too;
 * ERROR, an unknown status or a SASL failure refuses the connection. Not thread-safe.
 */
public final class LearnerAuthHandshake {
    private final SaslExchange.Source source;
    private final String peer;
    private SaslExchange sasl;
    private boolean started;
    private boolean finished;

    /** @param peer the server dialled, for messages */
    public LearnerAuthHandshake(SaslExchange.Source source, String peer) {
        this.source = source;
        this.peer = peer;
    }

    /** The first packet to send. */
    public AuthStep start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        try {
            sasl = source.open();
            byte[] first = sasl.initialResponse();
            return AuthStep.cont(QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, first));
        } catch (SaslException | RuntimeException e) {
            return refused("cannot start SASL with " + peer + ": " + ServerAuthHandshake.describe(e));
        }
    }

    /** The server's answer. */
    public AuthStep packet(QuorumAuthPacket p) {
        if (!started || finished) {
            throw new IllegalStateException(started ? "the handshake is over" : "not started");
        }
        if (p.magic() != QuorumAuthPacket.MAGIC) {
            return refused("answer from " + p + " with bad magic from " + peer);
        }
        if (sasl.isComplete()) { // our side finished with the last response: the server's verdict decides
            return p.status() == QuorumAuthPacket.SUCCESS ? succeeded()
                    : refused(peer + " refused us: " + QuorumAuthPacket.statusName(p.status()));
        }
        try {
            switch (p.status()) {
                case QuorumAuthPacket.SUCCESS: {
                    byte[] response = evaluate(p);
                    if (response != null) {
                        return refused("protocol error: " + peer + " said SUCCESS but SASL has more to send");
                    }
                    return sasl.isComplete() ? succeeded()
                            : refused(peer + " said SUCCESS before our side of SASL completed");
                }
                case QuorumAuthPacket.IN_PROGRESS:
                    return AuthStep.cont(QuorumAuthPacket.of(QuorumAuthPacket.IN_PROGRESS, evaluate(p)));
                default:
                    return refused("authentication failed against " + peer + " ("
                            + QuorumAuthPacket.statusName(p.status()) + ")");
            }
        } catch (SaslException | RuntimeException e) {
            return refused("authentication against " + peer + " failed: " + ServerAuthHandshake.describe(e));
        }
    }

    private byte[] evaluate(QuorumAuthPacket p) throws SaslException {
        if (p.token() == null) {
            throw new SaslException("the quorum member's token is null");
        }
        return sasl.evaluate(p.token());
    }

    private AuthStep succeeded() {
        finished = true;
        dispose();
        return new AuthStep(null, Outcome.AUTHENTICATED, "authenticated to " + peer);
    }

    private AuthStep refused(String why) {
        finished = true;
        dispose();
        return new AuthStep(null, Outcome.REFUSED, why);
    }

    /** Ends the SASL client (a connection closed mid-way). Idempotent. */
    public void dispose() {
        if (sasl != null) {
            sasl.dispose();
        }
    }
}
