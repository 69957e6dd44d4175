package dev.paddock.security.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * ZooKeeper's X509Util settings, read through a key lookup under one prefix so that the same record serves the
 * server's client port ({@code ssl.} in zoo.cfg, i.e. the {@code zookeeper.ssl.} system properties), the quorum
 * ({@code ssl.quorum.}) and the client ({@code zookeeper.ssl.} system properties or a client config).
 *
 * <p>Keys under the prefix: {@code keyStore.location/password/passwordPath/type},
 * {@code trustStore.location/password/passwordPath/type}, {@code clientAuth} (need, want, none; default need),
 * {@code protocol} (default TLSv1.3 when the JDK has it, else TLSv1.2), {@code enabledProtocols} and
 * {@code ciphersuites} (comma separated; default: the JDK's), {@code hostnameVerification} (default true),
 * {@code crl}, {@code ocsp} (default false), {@code handshakeDetectionTimeoutMillis} (default 5000). Beside them,
 * ZooKeeper's {@code fips-mode} (zoo.cfg; {@code zookeeper.fips-mode} for a client; default true): on, the JDK's
 * own trust manager decides and hosts are checked only by a client, the HTTPS way; off, ZooKeeper's host check
 * (the peer's IP, then its reverse-resolved name) runs where {@code hostnameVerification} asks for it.
 *
 * @param prefix             the prefix the keys were read under, e.g. "ssl." (for error messages)
 * @param keyStoreLocation   null when not set (a client without a certificate)
 * @param keyStoreType       null when not set: inferred from the file name
 * @param trustStoreLocation null when not set: the JDK's default trust
 * @param protocol           null when not set: {@link #protocol()} answers the default
 * @param enabledProtocols   empty: {@code protocol} alone
 * @param cipherSuites       empty: the JDK's defaults
 */
public record TlsSettings(String prefix, String keyStoreLocation, String keyStorePassword, String keyStoreType,
        String trustStoreLocation, String trustStorePassword, String trustStoreType, ClientAuth clientAuth,
        String protocol, List<String> enabledProtocols, List<String> cipherSuites, boolean hostnameVerification,
        boolean crl, boolean ocsp, int handshakeDetectionTimeoutMillis, boolean fipsMode) {

    /** zoo.cfg's client-port TLS keys ({@code ssl.keyStore.location}, ...). */
    public static final String SERVER_PREFIX = "ssl.";
    /** zoo.cfg's quorum TLS keys ({@code ssl.quorum.keyStore.location}, ...). */
    public static final String QUORUM_PREFIX = "ssl.quorum.";
    /** The client's system properties ({@code zookeeper.ssl.keyStore.location}, ...). */
    public static final String CLIENT_PREFIX = "zookeeper.ssl.";

    public static final int DEFAULT_HANDSHAKE_DETECTION_TIMEOUT_MILLIS = 5000;

    public TlsSettings {
        enabledProtocols = List.copyOf(enabledProtocols);
        cipherSuites = List.copyOf(cipherSuites);
    }

    /**
     * Reads the settings: {@code lookup} gets the full key ({@code prefix + "keyStore.location"}) and returns its
     * value or null.
     *
     * @throws TlsConfigException naming the key when a value cannot be used
     */
    public static TlsSettings read(String prefix, Function<String, String> lookup) {
        Function<String, String> get = k -> {
            String v = lookup.apply(prefix + k);
            return v == null || v.isBlank() ? null : v.trim();
        };
        return new TlsSettings(prefix,
                get.apply("keyStore.location"),
                password(prefix, "keyStore", get),
                get.apply("keyStore.type"),
                get.apply("trustStore.location"),
                password(prefix, "trustStore", get),
                get.apply("trustStore.type"),
                ClientAuth.of(prefix + "clientAuth", get.apply("clientAuth")),
                protocol(prefix, get.apply("protocol")),
                list(get.apply("enabledProtocols")),
                list(get.apply("ciphersuites")),
                bool(prefix + "hostnameVerification", get.apply("hostnameVerification"), true),
                bool(prefix + "crl", get.apply("crl"), false),
                bool(prefix + "ocsp", get.apply("ocsp"), false),
                timeout(prefix + "handshakeDetectionTimeoutMillis", get.apply("handshakeDetectionTimeoutMillis")),
                bool(fipsKey(prefix), blankToNull(lookup.apply(fipsKey(prefix))), true));
    }

    /** Where fips-mode is read: zoo.cfg's bare key for the server's settings, the system property for a client's. */
    static String fipsKey(String prefix) {
        return prefix.startsWith("zookeeper.") ? "zookeeper.fips-mode" : "fips-mode";
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** {@link #read} over a map of full keys (e.g. a client's config). */
    public static TlsSettings read(String prefix, Map<String, String> values) {
        return read(prefix, values::get);
    }

    /** {@link #read} over the system properties, e.g. {@code read(CLIENT_PREFIX)}. */
    public static TlsSettings fromSystemProperties(String prefix) {
        return read(prefix, System::getProperty);
    }

    /** The same settings with another client-auth mode (the admin server takes it from admin.needClientAuth). */
    public TlsSettings withClientAuth(ClientAuth auth) {
        return new TlsSettings(prefix, keyStoreLocation, keyStorePassword, keyStoreType, trustStoreLocation,
                trustStorePassword, trustStoreType, auth, protocol, enabledProtocols, cipherSuites,
                hostnameVerification, crl, ocsp, handshakeDetectionTimeoutMillis, fipsMode);
    }

    /** The full key of a setting, e.g. {@code key("keyStore.location")} is "ssl.keyStore.location". */
    public String key(String name) {
        return prefix + name;
    }

    public boolean hasKeyStore() {
        return keyStoreLocation != null;
    }

    public boolean hasTrustStore() {
        return trustStoreLocation != null;
    }

    /**
     * The configured protocol, or when unset the default, {@link #defaultProtocol}. The default is resolved on first
     * use only: asking the JDK loads its security providers and default TLS context, 0.1-0.2 s of start-up that a
     * server without TLS should not pay (this record is read for every prefix at every start).
     */
    @Override
    public String protocol() {
        return protocol != null ? protocol : DefaultProtocol.VALUE;
    }

    /** Holds the JDK's default protocol, computed when first asked for. */
    private static final class DefaultProtocol {
        static final String VALUE = defaultProtocol();
    }

    /** The protocol ZooKeeper uses when {@code protocol} is unset: TLSv1.3 when the JDK supports it. */
    public static String defaultProtocol() {
        try {
            for (String p : javax.net.ssl.SSLContext.getDefault().getSupportedSSLParameters().getProtocols()) {
                if (p.equals("TLSv1.3")) {
                    return p;
                }
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            // fall through
        }
        return "TLSv1.2";
    }

    private static String protocol(String prefix, String value) {
        if (value == null) {
            return null;
        }
        try {
            javax.net.ssl.SSLContext.getInstance(value);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new TlsConfigException(prefix + "protocol=" + value + ": not a TLS protocol this JDK knows");
        }
        return value;
    }

    /** passwordPath wins over password, as in ZooKeeper; missing both means an empty password. */
    private static String password(String prefix, String store, Function<String, String> get) {
        String path = get.apply(store + ".passwordPath");
        if (path != null) {
            try {
                String text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
                return text.strip();
            } catch (IOException | RuntimeException e) {
                throw new TlsConfigException(prefix + store + ".passwordPath=" + path + ": cannot read it ("
                        + e.getMessage() + ")", e);
            }
        }
        String pw = get.apply(store + ".password");
        return pw == null ? "" : pw;
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        if (value != null) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    private static boolean bool(String key, String value, boolean def) {
        if (value == null) {
            return def;
        }
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new TlsConfigException(key + "=" + value + ": must be true or false");
        }
    }

    private static int timeout(String key, String value) {
        if (value == null) {
            return DEFAULT_HANDSHAKE_DETECTION_TIMEOUT_MILLIS;
        }
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new TlsConfigException(key + "=" + value + ": must be a positive number of milliseconds");
    }

    @Override
    public String toString() { // never the passwords
        return "TlsSettings[" + prefix + "* keyStore=" + keyStoreLocation + ", trustStore=" + trustStoreLocation
                + ", clientAuth=" + clientAuth + ", protocol=" + protocol() + ", hostnameVerification="
                + hostnameVerification + "]";
    }
}
