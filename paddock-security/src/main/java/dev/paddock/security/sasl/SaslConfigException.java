package dev.paddock.security.sasl;

/** A JAAS section that cannot be read or a login that failed (bad file, missing section, KDC unreachable). */
public final class SaslConfigException extends Exception {
    public SaslConfigException(String message) {
        super(message);
    }

    public SaslConfigException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
