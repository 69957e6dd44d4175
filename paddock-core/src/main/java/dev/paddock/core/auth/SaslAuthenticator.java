package dev.paddock.core.auth;

/**
 * The SASL mechanisms a server offers on its client port, supplied by the server (the core has no JAAS or
 * Kerberos of its own). Each connection that sends a SASL packet gets its own {@link Exchange}.
 */
public interface SaslAuthenticator {
    /** A new exchange for one connection. */
    Exchange open() throws Failure;

    /** One connection's SASL exchange: client tokens in, server challenges out. */
    interface Exchange {
        /** Evaluates the client's token; returns the challenge to send back (may be null or empty). */
        byte[] respond(byte[] token) throws Failure;

        boolean complete();

        /** The authorized id once {@link #complete()}: the {@code sasl} ACL id. */
        String authorizedId();

        /** Releases the mechanism's state (the connection is gone). */
        default void dispose() {
        }
    }

    /** The client failed to authenticate, or the mechanism could not run. */
    final class Failure extends Exception {
        public Failure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
