package dev.paddock.security.tls;

/** A TLS setting that cannot be used (bad value, missing or unreadable store, wrong password); names the key. */
public final class TlsConfigException extends RuntimeException {
    public TlsConfigException(String message) {
        super(message);
    }

    public TlsConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
