package dev.paddock.security.tls;

import java.util.Locale;

/** The key/trust store file formats ZooKeeper reads; inferred from the file name when the type key is unset. */
public enum StoreType {
    JKS, PKCS12, PEM;

    /**
     * The type named by {@code value} (case-insensitive), or, when it is null or empty, the one the file name's
     * extension implies (.jks, .p12/.pfx, .pem/.crt/.cer/.key), as ZooKeeper does.
     *
     * @param key the setting's key, for the error message
     */
    public static StoreType of(String key, String value, String location) {
        if (value != null && !value.isBlank()) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TlsConfigException(key + "=" + value + ": unknown store type (JKS, PKCS12 or PEM)");
            }
        }
        String name = location.toLowerCase(Locale.ROOT);
        if (name.endsWith(".jks")) {
            return JKS;
        }
        if (name.endsWith(".p12") || name.endsWith(".pkcs12") || name.endsWith(".pfx")) {
            return PKCS12;
        }
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer") || name.endsWith(".key")) {
            return PEM;
        }
        throw new TlsConfigException(key + " is not set and the type of " + location
                + " cannot be told from its extension (.jks, .p12, .pem)");
    }
}
