package dev.paddock.security.sasl;

/** A JAAS section that cannot be read or a login that failed (bad file, missing section, KDC unreachable). */
public final class SaslConfigException extends Exception {
    public SaslConfigException(String message) {
        super(message);
    }

    public SaslConfigException(String message, Throwable cause) {
        super(message + ": " + rootMessage(cause), cause);
    }

    /** The innermost message: the JDK wraps a JAAS parse error (with its line) in a generic one. */
    private static String rootMessage(Throwable t) {
        Throwable deepest = t;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        String message = deepest.getMessage() != null ? deepest.getMessage() : deepest.toString();
        return deepest == t ? message : t.getMessage() + " (" + message + ")";
    }
}
