package dev.paddock.server.quorum.auth;

/**
 * What a handshake wants done after an input: send {@code reply} (when not null), then go on as {@code outcome}
 * says.
 *
 * @param detail why, for the one log line (the failure, or who authenticated)
 */
public record AuthStep(QuorumAuthPacket reply, Outcome outcome, String detail) {
    public enum Outcome {
        /** Wait for the peer's next auth packet. */
        CONTINUE,
        /** The peer proved who it is: the connection goes on. */
        AUTHENTICATED,
        /** Not authenticated, but SASL is not required here: the connection goes on (a rolling upgrade). */
        ALLOWED_WITHOUT_AUTH,
        /** Close the connection. */
        REFUSED
    }

    static AuthStep cont(QuorumAuthPacket reply) {
        return new AuthStep(reply, Outcome.CONTINUE, "");
    }

    /** Whether the connection may carry quorum traffic after this step. */
    public boolean admitted() {
        return outcome == Outcome.AUTHENTICATED || outcome == Outcome.ALLOWED_WITHOUT_AUTH;
    }

    public boolean finished() {
        return outcome != Outcome.CONTINUE;
    }
}
