package dev.paddock.jute;

/** Input that is not a valid jute encoding: truncated, a negative or oversize length, an unknown type. */
public final class JuteException extends RuntimeException {
    public JuteException(String message) {
        super(message);
    }
}
