package dev.paddock.security.tls;

import java.util.Locale;

/** Whether a TLS server asks for the client's certificate; ZooKeeper's default is NEED. */
public enum ClientAuth {
    /** Do not ask. */
    NONE,
    /** Ask; a client without a certificate is still accepted. */
    WANT,
    /** Ask; a client without a certificate fails the handshake. */
    NEED;

    static ClientAuth of(String key, String value) {
        if (value == null || value.isBlank()) {
            return NEED;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TlsConfigException(key + "=" + value + ": must be need, want or none");
        }
    }
}
