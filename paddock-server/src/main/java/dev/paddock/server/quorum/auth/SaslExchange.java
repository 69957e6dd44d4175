package dev.paddock.server.quorum.auth;

import javax.security.sasl.SaslException;

/**
 * One side of one SASL conversation (a JDK {@code SaslClient} or {@code SaslServer}, run inside the JAAS subject
 * where the mechanism needs it). The handshakes only see this, so they run without sockets or JAAS in tests.
 */
public interface SaslExchange {
    /** The client side's first token before any challenge: GSSAPI's initial response, empty for DIGEST-MD5. */
    byte[] initialResponse() throws SaslException;

    /** The client's response to a challenge, or the server's challenge for a response; null: nothing to send. */
    byte[] evaluate(byte[] token) throws SaslException;

    boolean isComplete();

    /** After completion on the server side: the authorized id (user name or Kerberos principal). */
    String authorizedId();

    void dispose();

    /** Makes the exchange for one connection (it may fail: a bad set-up, an unreachable KDC). */
    @FunctionalInterface
    interface Source {
        SaslExchange open() throws SaslException;
    }
}
