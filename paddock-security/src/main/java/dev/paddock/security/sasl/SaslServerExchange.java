package dev.paddock.security.sasl;

import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import javax.security.auth.Subject;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * One client's SASL exchange on the server: tokens in, challenges out, until the JDK mechanism completes. Not
 * thread-safe; one per connection. Create through {@link ServerSasl#newExchange()}.
 */
public final class SaslServerExchange {
    private final SaslServer server;
    private final Subject subject;

    SaslServerExchange(SaslServer server, Subject subject) {
        this.server = server;
        this.subject = subject;
    }

    /** Evaluates the client's token and returns the challenge (possibly empty or {@code null}). */
    public byte[] respond(byte[] token) throws SaslException {
        byte[] in = token == null ? new byte[0] : token;
        return doAs(subject, () -> server.evaluateResponse(in));
    }

    public boolean isComplete() {
        return server.isComplete();
    }

    /** The authorized id after completion (the {@code sasl} ACL id). */
    public String authorizedId() {
        return server.getAuthorizationID();
    }

    public String mechanism() {
        return server.getMechanismName();
    }

    /** Releases the mechanism's state; safe to call more than once. */
    public void dispose() {
        try {
            server.dispose();
        } catch (SaslException e) {
            // nothing held that matters once the connection is gone
        }
    }

    /** Runs a SASL step as {@code subject} (Kerberos needs its keys in the access context). */
    static <T> T doAs(Subject subject, PrivilegedExceptionAction<T> action) throws SaslException {
        if (subject == null || subject.getPrincipals().isEmpty()) {
            try {
                return action.run();
            } catch (SaslException e) {
                throw e;
            } catch (Exception e) {
                throw new SaslException(e.getMessage(), e);
            }
        }
        try {
            return Subject.doAs(subject, action);
        } catch (PrivilegedActionException e) {
            Exception cause = e.getException();
            if (cause instanceof SaslException) {
                throw (SaslException) cause;
            }
            throw new SaslException(String.valueOf(cause.getMessage()), cause);
        }
    }
}
